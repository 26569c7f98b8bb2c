/**
 * Which reader a file needs: by name first (POSCAR*, CONTCAR*, *.vasp, *.poscar, *.cif, *.xyz,
 * *.extxyz, *.json, *.csv, each optionally .gz), then by content for names that say nothing
 * ("structure.txt", "out", "input").
 */
import { XtalInputError } from '../../errors.js';

/** Formats the readers know. "json" covers pymatgen dicts, OPTIMADE responses and JSON tables. */
export type StructureFormat = 'cif' | 'poscar' | 'extxyz' | 'json' | 'csv';
/** Formats the writers know ("json" is a pymatgen Structure dict). */
export type WriteFormat = 'cif' | 'poscar' | 'extxyz' | 'json';

const ALIASES: Record<string, StructureFormat> = {
  cif: 'cif',
  mcif: 'cif',
  poscar: 'poscar',
  contcar: 'poscar',
  vasp: 'poscar',
  xyz: 'extxyz',
  extxyz: 'extxyz',
  json: 'json',
  pymatgen: 'json',
  optimade: 'json',
  matminer: 'json',
  csv: 'csv',
};

/** A format from a user-given name ("vasp", "POSCAR", "xyz", "pymatgen"...). */
export function parseFormatName(name: string): StructureFormat {
  const f = ALIASES[name.trim().toLowerCase()];
  if (!f)
    throw new XtalInputError(
      `unknown structure format "${name}" (known: ${Object.keys(ALIASES).join(', ')})`,
      { field: 'format' },
    );
  return f;
}

/** The file name without directories and without ".gz". */
function baseName(path: string): string {
  const b = path.split(/[\\/]/).pop() ?? path;
  return b.replace(/\.gz$/i, '');
}

/**
 * The format a file name implies, or undefined when the name does not tell. With `head` (the first few
 * kilobytes of the file), undecided names are sniffed by content.
 */
export function formatFromPath(path: string, head?: string): StructureFormat | undefined {
  const b = baseName(path);
  const lower = b.toLowerCase();
  if (/^(poscar|contcar)/i.test(b)) return 'poscar';
  const ext = /\.([a-z0-9]+)$/.exec(lower)?.[1];
  if (ext === 'vasp' || ext === 'poscar' || ext === 'contcar') return 'poscar';
  if (ext === 'cif' || ext === 'mcif') return 'cif';
  if (ext === 'xyz' || ext === 'extxyz') return 'extxyz';
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  return head === undefined ? undefined : sniffFormat(head);
}

/** True for file names the directory scan picks up (by name alone). */
export function isStructureFileName(path: string): boolean {
  return formatFromPath(path) !== undefined;
}

/** The format of a text from its first few kilobytes, or undefined. */
export function sniffFormat(head: string): StructureFormat | undefined {
  let t = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  t = t.replace(/^\s+/, '');
  if (t.startsWith('{') || t.startsWith('[')) return 'json';
  const lines = t.split(/\r\n|\n|\r/);
  // CIF: the first line that is not blank or a comment opens a data block.
  const firstReal = lines.find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';
  if (/^\s*data_/i.test(firstReal)) return 'cif';
  if (/^\d+\s*$/.test(lines[0] ?? '') && /Lattice\s*=/i.test(lines[1] ?? '')) return 'extxyz';
  const num = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;
  const three = (l: string | undefined): boolean => {
    const x = (l ?? '').trim().split(/\s+/);
    return x.length >= 3 && x.slice(0, 3).every((v) => num.test(v));
  };
  const scale = (lines[1] ?? '').trim().split(/\s+/);
  if (scale.length > 0 && num.test(scale[0]) && three(lines[2]) && three(lines[3]) && three(lines[4]))
    return 'poscar';
  if (/^\d+\s*$/.test(lines[0] ?? '')) return 'extxyz';
  if (lines.length > 1 && (lines[0].includes(',') || lines[0].includes('\t'))) return 'csv';
  return undefined;
}
