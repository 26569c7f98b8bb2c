import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ashbySvg, type AshbyPoint } from '../../src/discovery/plots/ashby.js';
import { svgToPng } from '../../src/discovery/plots/png.js';

const points: AshbyPoint[] = [
  { id: 'diamond', toughnessMPaM05: 6.17, hardnessGPa: 98.7, color: 432.6, label: 'diamond' },
  { id: 'cBN', toughnessMPaM05: 5.27, hardnessGPa: 73.3, color: 400, label: 'cBN' },
  { id: 'SiC', toughnessMPaM05: 3.03, hardnessGPa: 30.3, color: 211.4 },
  { id: 'WC', toughnessMPaM05: 6.56, hardnessGPa: 33.9, color: 385.2, label: 'WC', hollow: true },
  { id: 'NaCl', toughnessMPaM05: 0.1, hardnessGPa: 1.6, color: 22.6, label: 'NaCl' },
  { id: 'bad', toughnessMPaM05: NaN, hardnessGPa: 5 },
];

function circles(svg: string): Map<string, { cx: number; cy: number; fill: string }> {
  const out = new Map();
  for (const m of svg.matchAll(
    /<circle cx="([\d.]+)" cy="([\d.]+)" r="4" fill="([^"]+)"[^>]*><title>([^:]+):/g,
  )) {
    out.set(m[4], { cx: Number(m[1]), cy: Number(m[2]), fill: m[3] });
  }
  return out;
}

test('points sit where log axes put them: diamond above the superhard line, NaCl below the hard line', () => {
  const svg = ashbySvg(points);
  const c = circles(svg);
  assert.equal(c.size, 5, 'the point with a NaN toughness is left out');
  const guide = [...svg.matchAll(/<line class="guide" x1="[\d.]+" y1="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(guide.length, 2);
  const [superhardY, hardY] = guide;
  assert.ok(c.get('diamond')!.cy < superhardY && c.get('cBN')!.cy < superhardY);
  assert.ok(c.get('SiC')!.cy > superhardY && c.get('SiC')!.cy < hardY);
  assert.ok(c.get('NaCl')!.cy > hardY);
  // log scale: equal ratios are equal distances
  const d1 = c.get('cBN')!.cy - c.get('diamond')!.cy;
  assert.ok(
    Math.abs(
      d1 - (c.get('SiC')!.cy - c.get('diamond')!.cy) * (Math.log(98.7 / 73.3) / Math.log(98.7 / 30.3)),
    ) < 0.05,
  );
  assert.ok(c.get('WC')!.cx > c.get('diamond')!.cx, 'tougher is further right');
  assert.equal(c.get('WC')!.fill, 'none', 'metals are drawn hollow');
});

test('the Pareto front joins the non-dominated points the models apply to, ordered by toughness', () => {
  const front = (pts: AshbyPoint[]): number[] => {
    const path = /<path class="pareto" d="([^"]+)"/.exec(ashbySvg(pts))![1];
    return [...path.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => Number(m[1]));
  };
  const c = circles(ashbySvg(points));
  // WC is tougher than diamond but drawn hollow (a metal): it does not bend the front, which is then diamond
  // alone, no line: neither a path nor a legend entry is drawn.
  const alone = ashbySvg(points);
  assert.ok(!alone.includes('class="pareto"'), 'a one-point front draws no path');
  assert.ok(!alone.includes('Pareto front'), 'and has no legend entry');
  const nonMetalWC = points.map((p) => (p.id === 'WC' ? { ...p, hollow: false } : p));
  assert.deepEqual(front(nonMetalWC), [c.get('diamond')!.cx, c.get('WC')!.cx]);
  assert.ok(ashbySvg(nonMetalWC).includes('Pareto front'));
});

test('labels do not overlap each other', () => {
  const crowded: AshbyPoint[] = Array.from({ length: 12 }, (_, i) => ({
    id: `p${i}`,
    toughnessMPaM05: 5 + 0.02 * i,
    hardnessGPa: 60 + 0.3 * i,
    label: `material-${i}`,
  }));
  const svg = ashbySvg(crowded);
  const boxes = [
    ...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" text-anchor="(start|end)">(material-\d+)<\/text>/g),
  ].map((m) => {
    const w = 6.6 * m[4].length;
    const x0 = m[3] === 'start' ? Number(m[1]) : Number(m[1]) - w;
    return [x0, Number(m[2]) - 10, x0 + w, Number(m[2]) + 2];
  });
  assert.ok(boxes.length >= 2 && boxes.length < 12, `${boxes.length} labels placed`);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      assert.ok(!(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]), `labels ${i} and ${j} overlap`);
    }
});

test('output is deterministic and renders to a PNG of twice the size', async () => {
  const a = ashbySvg(points, { colorLabel: 'bulk modulus (GPa)' });
  assert.equal(a, ashbySvg(points, { colorLabel: 'bulk modulus (GPa)' }));
  const png = await svgToPng(a, 2);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset);
  assert.equal(view.getUint32(16), 760 * 2);
  assert.equal(view.getUint32(20), 560 * 2);
});

test('a guide line names itself where it covers no point', () => {
  const guideTexts = (svg: string) =>
    [
      ...svg.matchAll(
        /<text x="([\d.]+)" y="([\d.]+)" text-anchor="(start|end)" fill="#b22222">([^<]+)<\/text>/g,
      ),
    ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), anchor: m[3], text: m[4] }));
  const covers = (
    t: { x: number; y: number; anchor: string; text: string },
    p: { cx: number; cy: number },
  ) => {
    const w = 7.2 * t.text.length;
    const [x0, x1] = t.anchor === 'end' ? [t.x - w, t.x] : [t.x, t.x + w];
    return p.cx + 5 > x0 && p.cx - 5 < x1 && p.cy + 5 > t.y - 11 && p.cy - 5 < t.y + 2;
  };
  // Without a point in the way both names sit at the right end, above their lines.
  const plain = guideTexts(ashbySvg(points));
  assert.deepEqual(
    plain.map((t) => t.anchor),
    ['end', 'end'],
  );
  // A tough crystal just above the superhard line, under where its name would go: the name moves.
  const crowded = [...points, { id: 'X', toughnessMPaM05: 9.5, hardnessGPa: 43, color: 300 }];
  const svg = ashbySvg(crowded);
  const x = circles(svg).get('X')!;
  const texts = guideTexts(svg);
  assert.equal(texts.length, 2);
  const superhard = texts.find((t) => t.text.startsWith('superhard'))!;
  assert.ok(!covers(superhard, x), `the superhard name covers point X: ${JSON.stringify(superhard)}`);
  assert.ok(covers({ ...superhard, x: plain[0].x, anchor: 'end' }, x), 'X is where the name would have gone');
});
