/**
 * CIF 1.1 data blocks from tokens: each `data_` block maps tags (lower case, with DDLm "." read as "_",
 * so `_atom_site.fract_x` is `_atom_site_fract_x`) to a column of values. A single item is a column of
 * one; a `loop_` gives every one of its tags a column of the same length. `save_` frames are skipped.
 * Problems that need not stop the reading (a loop whose values do not fill its rows, a repeated tag)
 * are recorded on the block; the structure reader decides whether they matter.
 */
import { XtalInputError } from '../../errors.js';
import { tokenizeCif, TokenKind, type Token } from './cif-tokenizer.js';

export interface CifValue {
  text: string;
  line: number;
  quoted: boolean;
  /** Unquoted "?" or ".". */
  missing: boolean;
}

export interface CifProblem {
  line: number;
  message: string;
  /** Tags the problem concerns. */
  tags: string[];
}

export class CifBlock {
  readonly name: string;
  readonly line: number;
  private readonly columns = new Map<string, CifValue[]>();
  /** Tag of each loop column -> index of its loop (single items are absent). */
  private readonly loopOf = new Map<string, number>();
  readonly problems: CifProblem[] = [];
  private loopCount = 0;

  constructor(name: string, line: number) {
    this.name = name;
    this.line = line;
  }

  has(tag: string): boolean {
    return this.columns.has(tag);
  }

  /** The column of a tag (lower case, CIF 1 spelling), or undefined. */
  get(tag: string): CifValue[] | undefined {
    return this.columns.get(tag);
  }

  /** First value of a tag, or undefined when absent. */
  first(tag: string): CifValue | undefined {
    return this.columns.get(tag)?.[0];
  }

  /** First present (non-missing) value among several tags, with the tag that gave it. */
  firstOf(tags: string[]): { tag: string; value: CifValue } | undefined {
    for (const tag of tags) {
      const v = this.columns.get(tag)?.[0];
      if (v && !v.missing) return { tag, value: v };
    }
    return undefined;
  }

  /** True when both tags are columns of the same loop. */
  sameLoop(a: string, b: string): boolean {
    const la = this.loopOf.get(a);
    return la !== undefined && la === this.loopOf.get(b);
  }

  /** Problems recorded for a tag (e.g. the loop it belongs to is broken). */
  problemsOf(tag: string): CifProblem[] {
    return this.problems.filter((p) => p.tags.includes(tag));
  }

  tags(): IterableIterator<string> {
    return this.columns.keys();
  }

  /** @internal */
  setItem(tag: string, value: CifValue, line: number): void {
    if (this.columns.has(tag)) {
      this.problems.push({ line, message: `tag ${tag} repeated; the first value is kept`, tags: [tag] });
      return;
    }
    this.columns.set(tag, [value]);
  }

  /** @internal */
  setLoop(tags: string[], values: CifValue[], line: number): void {
    const width = tags.length;
    const rows = Math.floor(values.length / width);
    if (values.length % width !== 0) {
      this.problems.push({
        line,
        message: `loop of ${width} tags (${tags.join(', ')}) has ${values.length} values, not a multiple of ${width}`,
        tags: [...tags],
      });
    }
    const loop = this.loopCount++;
    tags.forEach((tag, k) => {
      if (this.columns.has(tag)) {
        this.problems.push({ line, message: `tag ${tag} repeated; the first value is kept`, tags: [tag] });
        return;
      }
      const col: CifValue[] = new Array(rows);
      for (let r = 0; r < rows; r++) col[r] = values[r * width + k];
      this.columns.set(tag, col);
      this.loopOf.set(tag, loop);
    });
  }
}

/** CIF 1 spelling of a tag: lower case, DDLm category separator "." read as "_". */
function canonicalTag(tag: string): string {
  return tag.indexOf('.') >= 0 ? tag.replace(/\./g, '_') : tag;
}

function valueOf(t: Token): CifValue {
  return { text: t.text, line: t.line, quoted: t.quoted, missing: t.missing };
}

/** Parse CIF text into its data blocks. Throws XtalInputError (with line) on malformed syntax. */
export function parseCif(text: string): CifBlock[] {
  const tokens = tokenizeCif(text);
  const blocks: CifBlock[] = [];
  let block: CifBlock | undefined;
  const current = (t: Token): CifBlock => {
    if (!block) {
      // Items before any data_ header: read them into an unnamed block rather than lose them.
      block = new CifBlock('', t.line);
      block.problems.push({ line: t.line, message: 'items before the first data_ header', tags: [] });
      blocks.push(block);
    }
    return block;
  };
  let i = 0;
  const n = tokens.length;
  while (i < n) {
    const t = tokens[i];
    switch (t.kind) {
      case TokenKind.Data:
        block = new CifBlock(t.text, t.line);
        blocks.push(block);
        i++;
        break;
      case TokenKind.Save: {
        // Skip a save frame up to its closing "save_" (a Save token with an empty name).
        i++;
        if (t.text === '') break; // a stray frame terminator
        while (i < n && !(tokens[i].kind === TokenKind.Save && tokens[i].text === '')) {
          if (tokens[i].kind === TokenKind.Data) {
            throw new XtalInputError(`save frame save_${t.text} is not closed`, { line: t.line });
          }
          i++;
        }
        i++;
        break;
      }
      case TokenKind.Global:
      case TokenKind.Stop:
        i++;
        break;
      case TokenKind.Tag: {
        const b = current(t);
        const next = tokens[i + 1];
        if (!next || next.kind !== TokenKind.Value) {
          throw new XtalInputError(`tag ${t.text} has no value`, { line: t.line, field: t.text });
        }
        b.setItem(canonicalTag(t.text), valueOf(next), t.line);
        i += 2;
        break;
      }
      case TokenKind.Loop: {
        const b = current(t);
        const tags: string[] = [];
        i++;
        while (i < n && tokens[i].kind === TokenKind.Tag) tags.push(canonicalTag(tokens[i++].text));
        if (tags.length === 0) throw new XtalInputError('loop_ without tags', { line: t.line });
        const values: CifValue[] = [];
        while (i < n && tokens[i].kind === TokenKind.Value) values.push(valueOf(tokens[i++]));
        b.setLoop(tags, values, t.line);
        break;
      }
      case TokenKind.Value:
        // Seen in the wild: unquoted values with spaces ("_name Sodium chloride"). Keep reading.
        current(t).problems.push({
          line: t.line,
          message: `value "${t.text.slice(0, 40)}" without a tag is ignored`,
          tags: [],
        });
        i++;
        break;
    }
  }
  return blocks;
}
