/**
 * The end of a screen, from the tier-1 journal: rank every row (pass 1 keeps only compact numeric columns),
 * pick the rows needed in full (top N, report table, reference labels) and the plotted points (top
 * candidates, labelled references and a seeded random sample of the rest) (pass 2), refine the top N with
 * the quasi-harmonic Debye model (tier 2, `extrapolated`), write the DFT hand-off of the top M and import any
 * DFT results returned (tier 3, `dft`; tier 3 wins on conflict in the `best_*` columns), then write
 * results.csv / results.json (pass 3, streamed), tier2.csv, tier3.csv, finalists.csv, errors.csv, the
 * figures (SVG + PNG), report.html and summary.json.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../engine/random.js';
import type { Structure } from '../../structure/structure.js';
import type { StructureEntry } from '../../structure/io/entry.js';
import { ashbySvg, type AshbyPoint } from '../plots/ashby.js';
import { expansionBoundSvg, type BoundPoint } from '../plots/bound.js';
import { lineChartSvg, type LineSeries } from '../plots/lines.js';
import { svgToPng } from '../plots/png.js';
import { writeDftHandoff } from './dft-handoff.js';
import { importFinalist, readManifest, TIER3_COLUMNS, type Tier3Result } from './dft-import.js';
import { Journal } from './journal.js';
import { parseRankBy, RankTable, rankByLabel } from './rank.js';
import { reportHtml } from './report.js';
import { CsvWriter, JsonArrayWriter } from './table-writer.js';
import { TIER1_COLUMNS, type ScreenRow } from './tier1.js';
import {
  temperatureGrid,
  tier2FromRow,
  TIER2_COLUMNS,
  TIER2_CURVE_COLUMNS,
  type Tier2Result,
} from './tier2.js';
import type { ScreenConfig } from './run.js';

export const RANK_COLUMNS: readonly string[] = ['pareto_rank', 'rank'];
export const BEST_COLUMNS: readonly string[] = [
  'best_method',
  'best_bulk_modulus_GPa',
  'best_thermal_expansion_300K_per_K',
  'best_volume_ratio_300K',
];
export const RESULT_COLUMNS: readonly string[] = [
  ...TIER1_COLUMNS,
  ...RANK_COLUMNS,
  ...TIER2_COLUMNS,
  ...TIER3_COLUMNS,
  ...BEST_COLUMNS,
];

export interface FinishOptions {
  importOnly: boolean;
  entries?: () => AsyncIterable<StructureEntry>;
  png?: boolean;
  plotSample?: number;
  plotTop?: number;
  reportRows?: number;
  seed?: number;
  log: (message: string) => void;
}

export interface FinishSummary {
  outDir: string;
  screened: number;
  failed: number;
  tier2: number;
  tier3Handoff: number;
  tier3Imported: number;
  ranked: number;
  rankBy: string;
  files: string[];
  /** Ids of the top candidates, best first (at most 20). */
  top: string[];
}

interface PlotRow {
  id: string;
  h: number;
  k: number;
  color: number | string | undefined;
  metal: string;
  label?: string;
  nu: number;
  reduced: number;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);

export async function finishScreen(
  out: string,
  config: ScreenConfig,
  o: FinishOptions,
): Promise<FinishSummary> {
  const state = join(out, '.state');
  const journal = new Journal(join(state, 'tier1.jsonl'));
  const rankBy = parseRankBy(config.rankBy, TIER1_COLUMNS);

  // Pass 1: compact columns for ranking.
  const table = new RankTable(rankBy, config.colorBy, TIER1_COLUMNS);
  const labelled: number[] = [];
  for await (const row of journal.records<ScreenRow>()) {
    if (row.label) labelled.push(table.length);
    table.add(row);
  }
  const n = table.length;
  const { pareto, rank, order } = table.rank();
  const top = order.slice(0, config.top);
  const finals = order.slice(0, config.dftTop);
  const reportRows = o.reportRows ?? 1000;
  const full = new Set<number>([...order.slice(0, Math.max(config.top, reportRows)), ...labelled]);
  const plotted = new Set<number>([...order.slice(0, Math.max(config.top, o.plotTop ?? 1000)), ...labelled]);
  const sample = o.plotSample ?? 5000;
  if (n - plotted.size <= sample) for (let i = 0; i < n; i++) plotted.add(i);
  else {
    // Floyd's algorithm: `sample` distinct random rows among those not drawn yet, seeded.
    const rest = new Int32Array(n - plotted.size);
    for (let i = 0, r = 0; i < n; i++) if (!plotted.has(i)) rest[r++] = i;
    const rng = new Rng(o.seed ?? 1);
    const chosen = new Set<number>();
    for (let j = rest.length - sample; j < rest.length; j++) {
      const t = rng.int(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    for (const c of chosen) plotted.add(rest[c]);
  }

  // Pass 2: full rows and plotted points.
  const rows = new Map<number, ScreenRow>();
  const points: PlotRow[] = [];
  let i = 0;
  for await (const row of journal.records<ScreenRow>()) {
    row.pareto_rank = pareto[i] || null;
    row.rank = rank[i] || null;
    if (full.has(i)) rows.set(i, row);
    if (plotted.has(i)) {
      points.push({
        id: String(row.id),
        h: num(row.hardness_mazhnik_oganov_GPa),
        k: num(row.fracture_toughness_mazhnik_oganov_MPa_m05),
        color: plotColor(row[config.colorBy]),
        metal: String(row.metal),
        label: row.label ? String(row.label) : undefined,
        nu: num(row.poisson_ratio),
        reduced: num(row.alpha_E_V0_over_3kB_300K),
      });
    }
    i++;
  }

  // Tier 2 (extrapolated quasi-harmonic Debye) for the top N.
  const temps = temperatureGrid(config.tmaxK, config.tstepK);
  const tier2 = new Map<string, Tier2Result>();
  for (const idx of top) {
    const row = rows.get(idx)!;
    tier2.set(String(row.id), tier2FromRow(row, temps));
  }
  o.log(`tier 2: ${tier2.size} candidates (quasi-harmonic Debye, extrapolated from the predicted moduli)`);

  // Tier 3: hand-off and import.
  let handoff = 0;
  if (!o.importOnly && finals.length && o.entries) {
    const want = new Map(finals.map((idx) => [String(rows.get(idx)!.id), rows.get(idx)!]));
    const found = new Map<string, Structure>();
    for await (const entry of o.entries()) {
      if (want.has(entry.id) && entry.structure) found.set(entry.id, entry.structure);
      if (found.size === want.size) break;
    }
    const list = finals
      .map((idx) => rows.get(idx)!)
      .filter((r) => found.has(String(r.id)))
      .map((r) => ({ row: r, structure: found.get(String(r.id))! }));
    const manifest = writeDftHandoff(out, list);
    handoff = manifest.finalists.length;
    o.log(`tier 3: DFT hand-off for ${handoff} finalists in ${join(out, 'dft')}`);
    for (const s of manifest.skipped) o.log(`tier 3: ${s.id} not handed off: ${s.reason}`);
  }
  const tier3 = new Map<string, Tier3Result>();
  const dftDir = join(out, 'dft');
  if (existsSync(join(dftDir, 'manifest.json'))) {
    const manifest = readManifest(dftDir);
    const byId = new Map([...rows.values()].map((r) => [String(r.id), r]));
    for (const entry of manifest.finalists) {
      const row = byId.get(entry.id);
      if (!row) continue;
      try {
        const r = importFinalist(dftDir, entry, row, temps);
        if (r) tier3.set(entry.id, r);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        tier3.set(entry.id, {
          id: entry.id,
          method: 'failed',
          summary: { tier3_method: 'failed', tier3_warnings: msg },
          curve: [],
          warnings: [msg],
        });
      }
    }
    if (tier3.size) o.log(`tier 3: DFT results imported for ${tier3.size} finalists`);
  }

  const merge = (row: ScreenRow): ScreenRow => {
    const id = String(row.id);
    const t2 = tier2.get(id)?.summary ?? {};
    const t3 = tier3.get(id)?.summary ?? {};
    const m: ScreenRow = { ...row, ...t2, ...t3 };
    const ok3 = typeof t3.tier3_method === 'string' && t3.tier3_method.startsWith('dft');
    const ok2 = t2.tier2_method === 'extrapolated';
    m.best_method = ok3 ? String(t3.tier3_method) : ok2 ? 'extrapolated' : 'ML';
    m.best_bulk_modulus_GPa = (ok3 ? t3.tier3_static_bulk_modulus_GPa : null) ?? row.bulk_modulus_GPa;
    m.best_thermal_expansion_300K_per_K =
      (ok3 ? t3.tier3_thermal_expansion_300K_per_K : null) ??
      (ok2 ? t2.tier2_thermal_expansion_300K_per_K : null) ??
      row.thermal_expansion_300K_per_K;
    m.best_volume_ratio_300K =
      (ok3 ? t3.tier3_volume_ratio_300K : null) ?? (ok2 ? t2.tier2_volume_ratio_300K : null) ?? null;
    return m;
  };

  // Pass 3: results.csv and results.json, streamed.
  const files: string[] = [];
  const csv = new CsvWriter(join(out, 'results.csv'), RESULT_COLUMNS);
  const json = new JsonArrayWriter(join(out, 'results.json'), RESULT_COLUMNS);
  i = 0;
  for await (const row of journal.records<ScreenRow>()) {
    row.pareto_rank = pareto[i] || null;
    row.rank = rank[i] || null;
    const m = merge(row);
    csv.write(m);
    json.write(m);
    i++;
  }
  csv.close();
  json.close();
  files.push('results.csv', 'results.json');

  const curves = new CsvWriter(join(out, 'tier2.csv'), TIER2_CURVE_COLUMNS);
  for (const r of tier2.values()) for (const c of r.curve) curves.write(c);
  curves.close();
  files.push('tier2.csv');
  if (tier3.size) {
    const c3 = new CsvWriter(join(out, 'tier3.csv'), TIER2_CURVE_COLUMNS);
    for (const r of tier3.values()) for (const c of r.curve) c3.write(c);
    c3.close();
    files.push('tier3.csv');
  }
  const finalRows = finals.map((idx) => merge(rows.get(idx)!));
  const sideBySide = finalRows.map(finalistRow);
  const fcsv = new CsvWriter(join(out, 'finalists.csv'), FINALIST_COLUMNS);
  for (const r of sideBySide) fcsv.write(r);
  fcsv.close();
  files.push('finalists.csv');

  // errors.csv
  const errJournal = new Journal(join(state, 'errors.jsonl'));
  const ecsv = new CsvWriter(join(out, 'errors.csv'), ['id', 'source', 'reason']);
  for await (const e of errJournal.records<ScreenRow>()) ecsv.write(e);
  ecsv.close();
  files.push('errors.csv');

  // Figures.
  const ashby = ashbySvg(
    points.map((p): AshbyPoint => ({
      id: p.id,
      toughnessMPaM05: p.k,
      hardnessGPa: p.h,
      color: p.color,
      label: p.label,
      hollow: p.metal === 'yes',
    })),
    {
      title: `Hardness vs fracture toughness (${n} screened${points.length < n ? `, ${points.length} drawn` : ''})`,
      colorLabel: config.colorBy,
    },
  );
  const bound = expansionBoundSvg(
    points.map((p): BoundPoint => ({
      id: p.id,
      poissonRatio: p.nu,
      reducedAlphaE: p.reduced,
      label: p.label,
      hollow: p.metal === 'yes',
    })),
    { temperatureK: 300 },
  );
  const figures: Array<[string, string]> = [
    ['ashby', ashby],
    ['expansion-bound', bound],
  ];
  const shown = [...tier2.values()].filter((r) => r.curve.length).slice(0, 8);
  const series = (key: string): LineSeries[] =>
    shown.map((r) => ({
      name: r.id,
      x: r.curve.map((c) => num(c.temperature_K)),
      y: r.curve.map((c) => num(c[key])),
      dashed: true,
    }));
  if (shown.length) {
    const sub = 'tier 2, extrapolated: quasi-harmonic Debye model on E(V) built from the predicted K, G';
    figures.push(
      [
        'tier2-volume',
        lineChartSvg(series('volume_ratio'), {
          title: 'Volume V(T)/V0',
          xLabel: 'Temperature (K)',
          yLabel: 'V/V0',
          subtitle: sub,
        }),
      ],
      [
        'tier2-expansion',
        lineChartSvg(series('thermal_expansion_per_K'), {
          title: 'Linear thermal expansion α_L(T)',
          xLabel: 'Temperature (K)',
          yLabel: 'α_L (1/K)',
          subtitle: sub,
        }),
      ],
      [
        'tier2-heat-capacity',
        lineChartSvg(series('heat_capacity_p_per_atom_kB'), {
          title: 'Heat capacity C_P(T)',
          xLabel: 'Temperature (K)',
          yLabel: 'C_P per atom (k_B)',
          subtitle: sub,
        }),
      ],
    );
  }
  for (const [name, svg] of figures) {
    writeFileSync(join(out, `${name}.svg`), svg);
    files.push(`${name}.svg`);
    if (o.png !== false) {
      writeFileSync(join(out, `${name}.png`), await svgToPng(svg));
      files.push(`${name}.png`);
    }
  }

  const failed = ecsv.rows;
  const summary: FinishSummary = {
    outDir: out,
    screened: n,
    failed,
    tier2: [...tier2.values()].filter((r) => r.method === 'extrapolated').length,
    tier3Handoff: handoff,
    tier3Imported: [...tier3.values()].filter((r) => r.method.startsWith('dft')).length,
    ranked: order.length,
    rankBy: rankByLabel(rankBy),
    files,
    top: order.slice(0, 20).map((idx) => String(rows.get(idx)!.id)),
  };
  const tableIdx = [...new Set([...order.slice(0, reportRows), ...labelled])];
  writeFileSync(
    join(out, 'report.html'),
    reportHtml({
      summary,
      config,
      columns: RESULT_COLUMNS,
      rows: tableIdx.map((idx) => merge(rows.get(idx)!)),
      finalists: sideBySide,
      finalistColumns: FINALIST_COLUMNS,
      figures,
    }),
  );
  files.push('report.html');
  writeFileSync(join(out, 'summary.json'), JSON.stringify({ ...summary, config }, null, 2) + '\n');
  files.push('summary.json');
  return summary;
}

/** A colour value: finite numbers on the continuous scale, strings (e.g. the metal column) as categories. */
function plotColor(v: unknown): number | string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v !== '') return v;
  return undefined;
}

export const FINALIST_COLUMNS: readonly string[] = [
  'rank',
  'id',
  'formula',
  'hardness_mazhnik_oganov_GPa',
  'fracture_toughness_mazhnik_oganov_MPa_m05',
  'bulk_modulus_GPa_ML',
  'bulk_modulus_300K_GPa_extrapolated',
  'bulk_modulus_GPa_dft',
  'thermal_expansion_300K_per_K_ML',
  'thermal_expansion_300K_per_K_extrapolated',
  'thermal_expansion_300K_per_K_dft',
  'debye_temperature_K_ML',
  'debye_temperature_300K_K_extrapolated',
  'tier3_method',
  'best_method',
];

function finalistRow(m: ScreenRow): ScreenRow {
  return {
    rank: m.rank,
    id: m.id,
    formula: m.reduced_formula,
    hardness_mazhnik_oganov_GPa: m.hardness_mazhnik_oganov_GPa,
    fracture_toughness_mazhnik_oganov_MPa_m05: m.fracture_toughness_mazhnik_oganov_MPa_m05,
    bulk_modulus_GPa_ML: m.bulk_modulus_GPa,
    bulk_modulus_300K_GPa_extrapolated: m.tier2_bulk_modulus_300K_GPa ?? null,
    bulk_modulus_GPa_dft: m.tier3_static_bulk_modulus_GPa ?? null,
    thermal_expansion_300K_per_K_ML: m.thermal_expansion_300K_per_K,
    thermal_expansion_300K_per_K_extrapolated: m.tier2_thermal_expansion_300K_per_K ?? null,
    thermal_expansion_300K_per_K_dft: m.tier3_thermal_expansion_300K_per_K ?? null,
    debye_temperature_K_ML: m.debye_temperature_K,
    debye_temperature_300K_K_extrapolated: m.tier2_debye_temperature_300K_K ?? null,
    tier3_method: m.tier3_method ?? null,
    best_method: m.best_method,
  };
}
