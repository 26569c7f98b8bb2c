/**
 * Errors that point at bad input: which file, which line, which field, and why.
 * Every reader and batch job throws or collects these so a user can find and fix the input.
 */

export interface InputLocation {
  /** File path (or a label such as "<stdin>" or "row 17 of data.csv"). */
  file?: string;
  /** 1-based line number in the file, when known. */
  line?: number;
  /** The field, tag or column that is wrong, e.g. "_cell_length_a" or "K_VRH_GPa". */
  field?: string;
}

export class XtalInputError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  /** The reason alone, without the location prefix. */
  readonly reason: string;

  constructor(reason: string, where: InputLocation = {}) {
    super(formatLocation(where) + reason);
    this.name = 'XtalInputError';
    this.reason = reason;
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }

  /** The same error with a file name filled in (readers are pure functions of text and do not know it). */
  withFile(file: string): XtalInputError {
    if (this.file) return this;
    return new XtalInputError(this.reason, { file, line: this.line, field: this.field });
  }
}

function formatLocation({ file, line, field }: InputLocation): string {
  let s = '';
  if (file) s += file;
  if (line !== undefined) s += (s ? ':' : 'line ') + line;
  if (field) s += (s ? ': ' : '') + field;
  return s ? s + ': ' : '';
}

/** Attach a file name to any error thrown while reading that file. */
export function inFile(err: unknown, file: string): Error {
  if (err instanceof XtalInputError) return err.withFile(file);
  const msg = err instanceof Error ? err.message : String(err);
  return new XtalInputError(msg, { file });
}
