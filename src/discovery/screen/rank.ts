/**
 * Ranking of screening results: by Mazhnik–Oganov hardness (default), by Mazhnik–Oganov fracture toughness,
 * by Pareto rank of (toughness, hardness) with hardness breaking ties inside a front, or by a custom
 * expression over the result columns (higher is better). Only compact numeric columns are kept in memory
 * (a few Float64Arrays), so 10^6 rows rank in tens of megabytes.
 */
import { compileExpression, type CompiledExpression } from '../expression.js';
import { paretoRanks } from '../pareto.js';
import type { ScreenRow } from './tier1.js';

export type RankBy = 'hardness' | 'toughness' | 'pareto' | { expression: string };

/** Parse the --rank-by value; anything that is not a keyword is an expression over the columns. */
export function parseRankBy(value: string | undefined, columns: readonly string[]): RankBy {
  const v = (value ?? 'hardness').trim();
  if (v === 'hardness' || v === 'toughness' || v === 'pareto') return v;
  compileExpression(v, columns); // validates now, with the column names
  return { expression: v };
}

export function rankByLabel(r: RankBy): string {
  if (typeof r === 'string') {
    return r === 'hardness'
      ? 'Mazhnik–Oganov hardness'
      : r === 'toughness'
        ? 'Mazhnik–Oganov fracture toughness'
        : 'Pareto rank of (fracture toughness, hardness), then hardness';
  }
  return `expression ${r.expression}`;
}

/** A growable Float64Array. */
export class NumberColumn {
  private data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  get(i: number): number {
    return this.data[i];
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/** Collects what ranking and plotting need from each row, in row order. */
export class RankTable {
  readonly hardness = new NumberColumn();
  readonly toughness = new NumberColumn();
  readonly score = new NumberColumn();
  readonly color = new NumberColumn();
  readonly metal = new NumberColumn();
  private readonly expression?: CompiledExpression;

  constructor(
    readonly rankBy: RankBy,
    readonly colorBy: string,
    columns: readonly string[],
  ) {
    if (typeof rankBy === 'object') this.expression = compileExpression(rankBy.expression, columns);
  }

  get length(): number {
    return this.hardness.length;
  }

  add(row: ScreenRow): void {
    const h = num(row.hardness_mazhnik_oganov_GPa);
    const k = num(row.fracture_toughness_mazhnik_oganov_MPa_m05);
    this.hardness.push(h);
    this.toughness.push(k);
    let s: number;
    if (this.expression) s = this.expression.evaluate(row);
    else if (this.rankBy === 'toughness') s = k;
    else s = h;
    this.score.push(Number.isFinite(s) ? s : NaN);
    this.color.push(num(row[this.colorBy]));
    this.metal.push(row.metal === 'yes' ? 1 : row.metal === 'no' ? 0 : -1);
  }

  /**
   * Pareto rank of every row (1 = front; 0 = not ranked) and the rank (1 = best; 0 = not ranked because
   * the ranking quantity is not finite), plus the row indices in rank order.
   */
  rank(): { pareto: Int32Array; rank: Int32Array; order: number[] } {
    const n = this.length;
    const h = this.hardness.view();
    const k = this.toughness.view();
    const pts: Array<[number, number]> = new Array(n);
    for (let i = 0; i < n; i++) pts[i] = [k[i], h[i]];
    const pareto = paretoRanks(pts);
    const s = this.score.view();
    const order: number[] = [];
    for (let i = 0; i < n; i++) {
      if (this.rankBy === 'pareto' ? pareto[i] > 0 && Number.isFinite(h[i]) : Number.isFinite(s[i]))
        order.push(i);
    }
    if (this.rankBy === 'pareto') order.sort((a, b) => pareto[a] - pareto[b] || h[b] - h[a] || a - b);
    else order.sort((a, b) => s[b] - s[a] || a - b);
    const rank = new Int32Array(n);
    order.forEach((i, r) => (rank[i] = r + 1));
    return { pareto, rank, order };
  }
}
