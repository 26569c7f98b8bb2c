/**
 * report.html of a screen: ONE self-contained file (inline SVG figures, inline CSS and JS, no external
 * requests) with the funnel counts, the method labels (ML / extrapolated / dft), the flags legend, the
 * finalists with all three tiers side by side, and a sortable (click a header), filterable table of the
 * top candidates and reference materials.
 */
import { esc } from '../plots/svg.js';
import type { FinishSummary } from './finish.js';
import type { ScreenConfig } from './run.js';
import type { Cell, ScreenRow } from './tier1.js';

export interface ReportInput {
  summary: FinishSummary;
  config: ScreenConfig;
  columns: readonly string[];
  rows: ScreenRow[];
  finalists: ScreenRow[];
  finalistColumns: readonly string[];
  figures: Array<[string, string]>;
}

/** Columns of the main table (the full set is in results.csv). */
export const REPORT_COLUMNS: readonly string[] = [
  'rank',
  'pareto_rank',
  'id',
  'reduced_formula',
  'hardness_mazhnik_oganov_GPa',
  'hardness_mazhnik_oganov_GPa_std',
  'fracture_toughness_mazhnik_oganov_MPa_m05',
  'fracture_toughness_mazhnik_oganov_MPa_m05_std',
  'bulk_modulus_GPa',
  'shear_modulus_GPa',
  'youngs_modulus_GPa',
  'poisson_ratio',
  'hardness_chen_GPa',
  'hardness_tian_GPa',
  'debye_temperature_K',
  'thermal_expansion_300K_per_K',
  'metal',
  'flags',
  'tier1_method',
  'tier2_method',
  'tier3_method',
  'best_method',
];

export const FLAG_LEGEND: ReadonlyArray<[string, string]> = [
  [
    'metal',
    'metal or intermetallic (input flag, metallic/is_metal column, or band gap ≤ 0): hardness models are not accurate, toughness lacks the metallic enhancement factor',
  ],
  ['metal-unknown', 'the input says nothing about metallicity: the metal flag could not be checked'],
  ['no-ensemble-spread', 'single-member models: no uncertainty (the _std columns are empty)'],
  ['high-uncertainty', 'ensemble relative spread of K or G above 25 %'],
  ['shear-modulus-small', 'G below 2 GPa: likely an unreliable prediction'],
  ['chen-negative', 'Chen hardness negative, clipped to 0'],
  ['poisson-ratio-out-of-range', 'ν outside (−1, 0.5): derived quantities not computed'],
  ['bulk-modulus-not-positive', 'K ≤ 0: derived quantities not computed'],
  ['shear-modulus-not-positive', 'G ≤ 0: derived quantities not computed'],
  ['non-finite-input', 'the predicted moduli are not finite numbers'],
];

export const METHOD_LEGEND: ReadonlyArray<[string, string]> = [
  [
    'ML',
    'tier 1: moduli predicted by the graph-network ensembles; hardness, toughness, Debye temperature and α(300 K) from closed-form models',
  ],
  [
    'extrapolated',
    'tier 2: quasi-harmonic Debye model on an E(V) built from the predicted K (Vinet, K′ = 4) — no DFT data, an extrapolation, not a refinement',
  ],
  ['dft (Debye QHA on DFT E(V))', 'tier 3: quasi-harmonic Debye model on the returned DFT E(V)'],
  [
    'dft (phonon QHA)',
    'tier 3: phonon quasi-harmonic approximation, F(V,T) = E(V) + F_ph(V,T) from phonopy thermal properties',
  ],
];

function cell(v: Cell | undefined): { text: string; sort: string } {
  if (v === null || v === undefined || v === '') return { text: '', sort: '' };
  if (typeof v === 'number') {
    const a = Math.abs(v);
    const text = Number.isInteger(v)
      ? String(v)
      : a !== 0 && (a < 1e-3 || a >= 1e5)
        ? v.toExponential(3)
        : v.toPrecision(4);
    return { text, sort: String(v) };
  }
  return { text: String(v), sort: String(v) };
}

function tableHtml(id: string, columns: readonly string[], rows: ScreenRow[]): string {
  let s = `<table id="${id}" class="sortable"><thead><tr>`;
  for (const c of columns)
    s += `<th data-col="${esc(c)}" title="click to sort">${esc(c.replace(/_/g, ' '))}</th>`;
  s += '</tr></thead><tbody>\n';
  for (const r of rows) {
    s += '<tr>';
    for (const c of columns) {
      const { text, sort } = cell(r[c]);
      const cls = typeof r[c] === 'number' ? ' class="n"' : '';
      s += `<td${cls} data-v="${esc(sort)}">${esc(text)}</td>`;
    }
    s += '</tr>\n';
  }
  return s + '</tbody></table>\n';
}

const SCRIPT = `
(function () {
  function key(td) { var v = td.getAttribute('data-v'); var x = parseFloat(v); return v !== '' && !isNaN(x) && isFinite(x) ? x : v; }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.querySelectorAll('th');
    heads.forEach(function (th, col) {
      th.addEventListener('click', function () {
        var asc = th.getAttribute('data-sort') !== 'asc';
        heads.forEach(function (h) { h.removeAttribute('data-sort'); });
        th.setAttribute('data-sort', asc ? 'asc' : 'desc');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          if (x === '' && y !== '') return 1;
          if (y === '' && x !== '') return -1;
          var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var filter = document.getElementById('filter');
  var metals = document.getElementById('hide-metals');
  function apply() {
    var q = filter.value.toLowerCase();
    var table = document.getElementById('results');
    var mcol = -1;
    table.querySelectorAll('th').forEach(function (th, i) { if (th.getAttribute('data-col') === 'metal') mcol = i; });
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var ok = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
      if (ok && metals.checked && mcol >= 0 && r.cells[mcol].textContent === 'yes') ok = false;
      r.style.display = ok ? '' : 'none';
      if (ok) shown++;
    });
    document.getElementById('shown').textContent = String(shown);
  }
  filter.addEventListener('input', apply);
  metals.addEventListener('change', apply);
})();
`;

const STYLE = `
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid #ddd; padding: 3px 6px; }
.scroll td { white-space: nowrap; }
th { background: #f3f3f3; cursor: pointer; position: sticky; top: 0; }
th[data-sort=asc]::after { content: ' ▲'; } th[data-sort=desc]::after { content: ' ▼'; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.funnel td { font-size: 14px; } .figs svg { max-width: 100%; height: auto; border: 1px solid #eee; margin: 6px 0; }
.scroll { max-height: 640px; overflow: auto; border: 1px solid #ccc; }
code { background: #f5f5f5; padding: 1px 3px; }
`;

export function reportHtml(r: ReportInput): string {
  const s = r.summary;
  const c = r.config;
  let h = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n';
  h += `<title>xtal screen: ${s.screened} structures</title>\n<style>${STYLE}</style></head><body>\n`;
  h += `<h1>xtal screen — hardness and fracture toughness</h1>\n`;
  h += `<p>Ranked by ${esc(s.rankBy)}. Models: bulk <code>${esc(c.bulkModel)}</code>, shear <code>${esc(c.shearModel)}</code>. Colour: <code>${esc(c.colorBy)}</code>.</p>\n`;
  h += '<h2>Funnel</h2>\n<table class="funnel"><tbody>\n';
  const funnel: Array<[string, string, number]> = [
    ['tier 1 (ML)', 'structures screened', s.screened],
    ['', 'ranked (finite ranking value)', s.ranked],
    ['', 'inputs that failed (errors.csv)', s.failed],
    ['tier 2 (extrapolated)', `top ${c.top}: quasi-harmonic Debye model`, s.tier2],
    ['tier 3 (dft)', `top ${c.dftTop}: DFT hand-off folders`, s.tier3Handoff],
    ['', 'finalists recomputed with returned DFT results', s.tier3Imported],
  ];
  for (const [tier, what, count] of funnel)
    h += `<tr><td>${esc(tier)}</td><td>${esc(what)}</td><td class="n">${count}</td></tr>\n`;
  h += '</tbody></table>\n';
  h += '<h2>Methods</h2>\n<table><tbody>\n';
  for (const [m, d] of METHOD_LEGEND) h += `<tr><td><code>${esc(m)}</code></td><td>${esc(d)}</td></tr>\n`;
  h += '</tbody></table>\n<h2>Flags</h2>\n<table><tbody>\n';
  for (const [f, d] of FLAG_LEGEND) h += `<tr><td><code>${esc(f)}</code></td><td>${esc(d)}</td></tr>\n`;
  h += '</tbody></table>\n';
  h += '<h2>Figures</h2>\n<div class="figs">\n';
  for (const [name, svg] of r.figures)
    h += `<figure id="fig-${esc(name)}">${svg.replace(/^<\?xml[^>]*>/, '')}</figure>\n`;
  h += '</div>\n';
  if (r.finalists.length) {
    h +=
      '<h2>Finalists: the three tiers side by side</h2>\n<p>Tier 3 wins on conflict (<code>best_method</code>).</p>\n';
    h += `<div class="scroll">${tableHtml('finalists', r.finalistColumns, r.finalists)}</div>\n`;
  }
  h += `<h2>Top candidates and reference materials</h2>\n`;
  h += `<p>${r.rows.length} rows (every structure is in <code>results.csv</code>). Click a column header to sort. `;
  h += `Filter: <input id="filter" type="search" placeholder="id, formula, flag…"> <label><input id="hide-metals" type="checkbox"> hide metals</label> — <span id="shown">${r.rows.length}</span> shown.</p>\n`;
  h += `<div class="scroll">${tableHtml('results', REPORT_COLUMNS, r.rows)}</div>\n`;
  h += `<script>${SCRIPT}</script>\n</body></html>\n`;
  return h;
}
