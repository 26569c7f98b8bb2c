import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expansionBoundSvg } from '../../src/discovery/plots/bound.js';
import { lineChartSvg } from '../../src/discovery/plots/lines.js';

/** The (x, y) pixel pairs of an SVG path made of M/L commands. */
function pathPoints(svg: string, cls: string): Array<[number, number]> {
  const d = new RegExp(`class="${cls}" d="([^"]+)"`).exec(svg)![1];
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

test('expansion-bound diagram: both curves labelled, maximum of each at ν* = (4−√10)/6', () => {
  const svg = expansionBoundSvg(
    [
      { id: 'a', poissonRatio: 0.2, reducedAlphaE: 0.5, label: 'A' },
      { id: 'm', poissonRatio: 0.35, reducedAlphaE: 0.6, hollow: true },
    ],
    { temperatureK: 300 },
  );
  assert.match(svg, /bound \(lecture\) f\(ν\)/);
  assert.match(svg, /estimate \(Belomestnykh\) ¾ f\(ν\)/);
  assert.match(svg, /ν\* = \(4−√10\)\/6 ≈ 0\.1396/);
  const lecture = pathPoints(svg, 'bound-lecture');
  const bel = pathPoints(svg, 'bound-belomestnykh');
  const xStar = Number(/class="nu-star" x1="([\d.]+)"/.exec(svg)![1]);
  // The highest point of each curve (smallest pixel y) lies at the ν* marker, within the 200-step sampling.
  for (const pts of [lecture, bel]) {
    const top = pts.reduce((a, b) => (b[1] < a[1] ? b : a));
    const step = pts[1][0] - pts[0][0];
    assert.ok(Math.abs(top[0] - xStar) <= step, `${top[0]} vs ${xStar}`);
  }
  // Belomestnykh is 3/4 of the lecture curve: pixel heights above the baseline scale by 0.75.
  const base = Number(/<line x1="[\d.]+" y1="([\d.]+)"/.exec(svg)![1]);
  const k = Math.floor(lecture.length / 3);
  assert.ok(Math.abs((base - bel[k][1]) / (base - lecture[k][1]) - 0.75) < 0.01);
  assert.match(svg, />A</);
  assert.match(svg, /fill="none" stroke="#2a7f62"/, 'metals drawn hollow');
});

test('line chart: one path per series, gaps at non-finite points, legend names', () => {
  const svg = lineChartSvg(
    [
      { name: 'diamond', x: [0, 100, 200, 300], y: [1, 1.001, NaN, 1.004] },
      { name: 'cBN', x: [0, 100, 200], y: [1, 1.002, 1.003], dashed: true },
    ],
    { title: 'V/V0', xLabel: 'T (K)', yLabel: 'V/V0', subtitle: 'extrapolated' },
  );
  const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(paths.length, 2);
  assert.equal((paths[0].match(/M/g) ?? []).length, 2, 'a NaN breaks the line');
  assert.equal((paths[1].match(/M/g) ?? []).length, 1);
  assert.match(svg, />diamond</);
  assert.match(svg, />cBN</);
  assert.match(svg, /stroke-dasharray="5 3"/);
  assert.match(svg, />extrapolated</);
});
