/**
 * Datasets the student loads for CGCNN training: a CGCNN folder (id_prop.csv + CIFs), any set of
 * structure files with a CSV of targets (header row with an id column and numeric columns, or headerless
 * id,target rows), or one CSV with a structure column (CIF or POSCAR text) and numeric columns.
 */
import { parseCsv } from '../../../src/structure/io/csv.js';
import { ID_COLUMNS, STRUCTURE_COLUMNS } from '../../../src/structure/io/table.js';
import { isStructureFileName } from '../../../src/structure/io/format.js';
import type { CgcnnItem } from '../jobs/cgcnn.js';

export interface LoadedDataset {
  /** Numeric columns the student can train on. */
  targets: string[];
  /** Rows: id, structure text, file name for the reader, and every numeric column. */
  rows: Array<{ id: string; text: string; file: string; values: Record<string, number> }>;
  /** Rows of the table with no structure, and structures with no row. */
  unmatched: number;
}

const isNum = (s: string | undefined) => s !== undefined && s.trim() !== '' && Number.isFinite(Number(s));
const looksLikeStructure = (s: string) => /data_|_cell_length_a|^\s*\S.*\n\s*[-\d.]+\s*\n/.test(s);

function stem(name: string): string {
  const b = name.split('/').pop() ?? name;
  return b.replace(/\.(cif|vasp|poscar|xyz|extxyz|json)$/i, '');
}

export function buildDataset(table: string, files: Array<{ name: string; text: string }>): LoadedDataset {
  const recs = parseCsv(table).filter((r) => r.length > 1 || (r.length === 1 && r[0].trim() !== ''));
  if (recs.length === 0) throw new Error('the table is empty');
  const header =
    !recs[0].slice(1).some(isNum) || recs[0].some((c) => STRUCTURE_COLUMNS.includes(c.toLowerCase()));
  const cols = header
    ? recs[0].map((c) => c.trim())
    : recs[0].map((_, i) => (i === 0 ? 'id' : i === 1 ? 'target' : `column ${i + 1}`));
  const body = header ? recs.slice(1) : recs;
  let idCol = cols.findIndex((c) => ID_COLUMNS.includes(c.toLowerCase()));
  if (idCol < 0) idCol = 0;
  let structCol = cols.findIndex((c) => STRUCTURE_COLUMNS.includes(c.toLowerCase()));
  if (structCol < 0 && files.length === 0)
    structCol = cols.findIndex((_, j) => body.slice(0, 5).some((r) => looksLikeStructure(r[j] ?? '')));
  // numeric columns, except a pandas row index (unnamed, "Unnamed: 0" or "index")
  const numeric = cols.filter(
    (c, j) =>
      j !== idCol &&
      j !== structCol &&
      c !== '' &&
      !/^unnamed: ?\d+$|^index$/i.test(c) &&
      body.length > 0 &&
      body.slice(0, 50).every((r) => isNum(r[j])),
  );
  const byStem = new Map(
    files
      .filter((f) => isStructureFileName(f.name) && !/\.(csv|json)$/i.test(f.name))
      .map((f) => [stem(f.name), f]),
  );
  const rows: LoadedDataset['rows'] = [];
  let unmatched = 0;
  for (const r of body) {
    const id = (r[idCol] ?? '').trim();
    let text: string | undefined;
    let file = `${id}.cif`;
    if (structCol >= 0) text = r[structCol];
    else {
      const f = byStem.get(id);
      if (f) {
        text = f.text;
        file = f.name;
      }
    }
    if (!text) {
      unmatched++;
      continue;
    }
    const values: Record<string, number> = {};
    for (const c of numeric) values[c] = Number(r[cols.indexOf(c)]);
    rows.push({ id, text, file, values });
  }
  if (structCol < 0) unmatched += Math.max(0, byStem.size - rows.length);
  return { targets: numeric, rows, unmatched };
}

export function toItems(ds: LoadedDataset, target: string, limit: number, seed: number): CgcnnItem[] {
  // a seeded subset (Fisher–Yates with a small LCG, so the same subset comes back for the same seed)
  const idx = ds.rows.map((_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = idx.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, limit).map((i) => {
    const r = ds.rows[i];
    return { id: r.id, text: r.text, file: r.file, target: r.values[target] };
  });
}
