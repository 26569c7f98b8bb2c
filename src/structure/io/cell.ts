/**
 * A structure from one table cell, whatever the table holds: a pymatgen Structure dict, the same dict
 * as JSON text or as a Python repr string, CIF text, or POSCAR text. Used by the CSV and JSON table
 * readers; the kind is sniffed from the value.
 */
import { XtalInputError, type InputLocation } from '../../errors.js';
import type { Structure } from '../structure.js';
import { readCif } from './cif.js';
import { readPoscar } from './poscar.js';
import { isDict, isPymatgenStructureDict, structureFromPymatgen } from './pymatgen.js';
import { parsePythonLiteral } from './python-literal.js';

export type CellKind = 'pymatgen' | 'pymatgen-text' | 'cif' | 'poscar' | 'summary';

/** What a cell holds, or undefined if it is not a structure. */
export function cellKind(v: unknown): CellKind | undefined {
  if (isPymatgenStructureDict(v)) return 'pymatgen';
  if (typeof v !== 'string') return undefined;
  const head = v.slice(0, 4000);
  const t = head.trimStart();
  if (t.startsWith('{') && /['"]lattice['"]/.test(head) && /['"]sites['"]/.test(v)) return 'pymatgen-text';
  if (/^\s*data_\S/m.test(head) && /_cell_length_a|_atom_site/.test(v)) return 'cif';
  if (/^Full Formula|^Structure Summary/.test(t)) return 'summary';
  if (looksLikePoscar(head)) return 'poscar';
  return undefined;
}

function looksLikePoscar(head: string): boolean {
  const lines = head.split(/\r?\n/);
  if (lines.length < 8) return false;
  const num = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;
  const nums = (l: string): boolean => {
    const t = l.trim().split(/\s+/);
    return t.length >= 3 && t.slice(0, 3).every((x) => num.test(x));
  };
  return (
    num.test(lines[1].trim().split(/\s+/)[0] ?? '') && nums(lines[2]) && nums(lines[3]) && nums(lines[4])
  );
}

/** The structure in a cell; throws XtalInputError when the cell holds none or a broken one. */
export function structureFromCell(v: unknown, where: InputLocation, kind = cellKind(v)): Structure {
  switch (kind) {
    case 'pymatgen':
      return structureFromPymatgen(v, where);
    case 'pymatgen-text': {
      const text = v as string;
      let d: unknown;
      try {
        d = JSON.parse(text);
      } catch {
        d = parsePythonLiteral(text, where);
      }
      if (!isDict(d)) throw new XtalInputError('the cell does not hold a dict', where);
      return structureFromPymatgen(d, where);
    }
    case 'cif': {
      const list = readCif(v as string, { file: where.file });
      if (list.length === 0) throw new XtalInputError('the CIF in this cell has no structure', where);
      if (list.length > 1)
        list[0].properties.warnings = [
          ...(list[0].properties.warnings ?? []),
          `the CIF in this cell has ${list.length} data blocks; only the first is used`,
        ];
      return list[0];
    }
    case 'poscar':
      return readPoscar(v as string, { file: where.file });
    case 'summary':
      throw new XtalInputError(
        "the cell holds pymatgen's printed summary (str(structure)), which is not a complete structure; " +
          'export the table with structure.as_dict() or CIF text instead',
        where,
      );
    default:
      throw new XtalInputError(
        v === null || v === undefined || v === ''
          ? 'the structure cell is empty'
          : 'the cell does not hold a structure (expected a pymatgen dict, CIF or POSCAR text)',
        where,
      );
  }
}
