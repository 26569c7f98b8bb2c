import { button, h, prose, select, table } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, lang, t, tr } from '../../i18n.js';
import { Rng } from '../../lib/engine.js';
import {
  currentStructure,
  formulaOf,
  loadExample,
  structureLoader,
  type LoadedStructure,
} from '../../lib/structures.js';
import { EXAMPLE_CRYSTALS } from '../../../../src/structure/examples/build.js';
import {
  PROPERTIES,
  cartesianList,
  compositionStats,
  crystalGraphEdges,
  graphSignature,
  permuted,
  radialDistribution,
  rotated,
  translated,
} from '../../lib/descriptors.js';
import type { Structure } from '../../../../src/structure/structure.js';

const TEXT = tr(
  `Чтобы нейросеть могла учиться на кристаллах, кристалл нужно превратить в числа. Но одно и то же вещество можно записать по-разному: повернуть, сдвинуть начало координат, перечислить атомы в другом порядке. Свойство от этого не меняется — значит, и представление не должно.

- **Состав**: статистики свойств элементов (среднее, минимум, максимум, размах, разброс). Не зависит от поворота, сдвига и порядка атомов, но не различает полиморфы (алмаз и графит — оба «C»).
- **Радиальная функция распределения** g(r): сколько атомов находится на расстоянии r от среднего атома. Зависит только от расстояний — поэтому инвариантна; различает полиморфы.
- **Кристаллический граф** (CGCNN): атомы — вершины, 12 ближайших соседей в пределах 8 Å — рёбра с длинами. Поворот и сдвиг не меняют расстояний; перестановка атомов лишь переименовывает вершины, а графовая сеть обрабатывает все вершины одинаково.
- **Декартовы координаты** атомов меняются при любом из этих преобразований, поэтому напрямую подавать их в сеть нельзя.

Нажмите кнопки и посмотрите, что изменилось.`,
  `For a neural network to learn from crystals, a crystal has to become numbers. But one substance can be written in many ways: rotated, with the origin shifted, with its atoms listed in another order. The property does not change — so the representation should not either.

- **Composition**: statistics of element properties (mean, minimum, maximum, range, spread). Independent of rotation, translation and atom order, but blind to polymorphs (diamond and graphite are both "C").
- **Radial distribution function** g(r): how many atoms sit at distance r from an average atom. It depends on distances only — hence invariant; it tells polymorphs apart.
- **Crystal graph** (CGCNN): atoms are nodes, the 12 nearest neighbours within 8 Å are edges with lengths. Rotation and translation keep distances; permuting atoms only renames nodes, and a graph network treats all nodes alike.
- **Cartesian coordinates** of the atoms change under every one of these transformations, so they cannot be fed to a network directly.

Press the buttons and see what changed.`,
);

const POLY = tr(
  `**Полиморфы.** Алмаз и графит — оба чистый углерод: статистики состава у них одинаковы, а свойства противоположны (самый твёрдый материал и мягкая смазка). Радиальная функция распределения и граф их различают. Выберите две структуры одного состава и сравните.`,
  `**Polymorphs.** Diamond and graphite are both pure carbon: their composition statistics are identical, yet their properties are opposite (the hardest material and a soft lubricant). The radial distribution function and the graph tell them apart. Pick two structures of the same composition and compare.`,
);

interface Snapshot {
  cart: number[][];
  comp: number[][];
  rdf: { r: number[]; g: number[] };
  sig: string[];
}

function snapshot(s: Structure): Snapshot {
  return {
    cart: cartesianList(s),
    comp: compositionStats(s),
    rdf: radialDistribution(s),
    sig: graphSignature(crystalGraphEdges(s)),
  };
}

function maxDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - (b[i]?.[j] ?? NaN))))));
  return Number.isNaN(m) ? Infinity : m;
}

export function render(root: HTMLElement): void {
  root.appendChild(prose(TEXT));
  const rng = new Rng(2024);
  let loaded: LoadedStructure = currentStructure();
  let original = snapshot(loaded.structure);
  let cur = loaded.structure;
  const history: string[] = [];
  const out = h('div');
  const loaderBox = h('div');
  const setLoaded = (s: LoadedStructure) => {
    loaded = s;
    cur = s.structure;
    original = snapshot(cur);
    history.length = 0;
    loaderBox.replaceChildren(structureLoader(setLoaded, loaded));
    draw();
    compareHook?.();
  };
  let compareHook: (() => void) | null = null;
  const badge = (changed: boolean, diff: number, testid: string) =>
    h(
      'div',
      {
        class: changed ? 'warn' : 'ok',
        'data-testid': testid,
        'data-changed': String(changed),
        'data-diff': String(diff),
      },
      changed ? t(tr('изменилось', 'changed')) : t(tr('не изменилось', 'unchanged')),
      Number.isFinite(diff) ? ` (max |Δ| = ${fmt(diff, 2)})` : '',
    );
  const draw = () => {
    const now = snapshot(cur);
    const dCart = maxDiff(original.cart, now.cart);
    const dComp = maxDiff(original.comp, now.comp);
    const dRdf = maxDiff([original.rdf.g], [now.rdf.g]);
    const sameSig = original.sig.length === now.sig.length && original.sig.every((x, i) => x === now.sig[i]);
    const tol = 1e-6;
    const cartCol = h(
      'div',
      { class: 'panel' },
      h('h3', null, t(tr('Декартовы координаты, Å', 'Cartesian coordinates, Å'))),
      badge(dCart > tol, dCart, 'inv-cart'),
      table([
        ['#', 'x', 'y', 'z'],
        ...now.cart.slice(0, 8).map((c, i) => [String(i + 1), fmt(c[0], 3), fmt(c[1], 3), fmt(c[2], 3)]),
      ]),
      now.cart.length > 8 ? h('p', { class: 'stat' }, `… ${now.cart.length - 8}`) : null,
    );
    const compCol = h(
      'div',
      { class: 'panel' },
      h('h3', null, t(tr('Статистики состава', 'Composition statistics'))),
      badge(dComp > tol, dComp, 'inv-comp'),
      table([
        ['', t(tr('сред.', 'mean')), 'min', 'max', t(tr('разброс', 'std'))],
        ...PROPERTIES.map((p, i) => [
          lang() === 'ru' ? p.ru : p.en,
          fmt(now.comp[i][0], 3),
          fmt(now.comp[i][1], 3),
          fmt(now.comp[i][2], 3),
          fmt(now.comp[i][4], 3),
        ]),
      ]),
    );
    const c = new Chart({
      x: { domain: [0, 8], label: 'r, Å' },
      y: { domain: [0, Math.max(1, ...original.rdf.g) * 1.1], label: 'g(r)' },
      width: 420,
      height: 240,
      testid: 'rdf',
    });
    c.line(
      original.rdf.r.map((r, i) => [r, original.rdf.g[i]] as [number, number]),
      COLORS[0],
      3,
      { 'stroke-opacity': 0.4 },
    );
    c.line(
      now.rdf.r.map((r, i) => [r, now.rdf.g[i]] as [number, number]),
      COLORS[1],
      1.2,
    );
    const rdfCol = h(
      'div',
      { class: 'panel' },
      h('h3', null, t(tr('Радиальная функция распределения', 'Radial distribution function'))),
      badge(dRdf > 1e-6, dRdf, 'inv-rdf'),
      c.svg,
    );
    const graphCol = h(
      'div',
      { class: 'panel' },
      h('h3', null, t(tr('Кристаллический граф', 'Crystal graph'))),
      badge(!sameSig, sameSig ? 0 : Infinity, 'inv-graph'),
      h(
        'p',
        { class: 'stat' },
        t(
          tr(
            'атом: расстояния до 12 соседей, Å (отсортировано)',
            'atom: distances to its 12 neighbours, Å (sorted)',
          ),
        ),
      ),
      h(
        'div',
        { class: 'mono' },
        ...now.sig.slice(0, 6).map((x) => h('div', null, x.length > 90 ? x.slice(0, 90) + '…' : x)),
      ),
    );
    out.replaceChildren(
      h(
        'p',
        { class: 'stat', 'data-testid': 'transform-history' },
        `${t(tr('преобразования', 'transformations'))}: ${history.length ? history.join(' → ') : '—'}`,
      ),
      h('div', { class: 'row' }, cartCol, compCol),
      h('div', { class: 'row' }, rdfCol, graphCol),
    );
  };
  const apply = (name: string, f: (s: Structure, r: Rng) => Structure) => () => {
    cur = f(cur, rng);
    history.push(name);
    draw();
  };
  loaderBox.replaceChildren(structureLoader(setLoaded, loaded));
  root.appendChild(loaderBox);
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      button(tr('Повернуть', 'Rotate'), apply(t(tr('поворот', 'rotation')), rotated), {
        class: 'primary',
        'data-testid': 'rotate',
      }),
      button(tr('Сдвинуть', 'Translate'), apply(t(tr('сдвиг', 'translation')), translated), {
        class: 'primary',
        'data-testid': 'translate',
      }),
      button(
        tr('Переставить атомы', 'Permute atoms'),
        apply(t(tr('перестановка', 'permutation')), permuted),
        { class: 'primary', 'data-testid': 'permute' },
      ),
      button(
        tr('Исходная структура', 'Original structure'),
        () => {
          cur = loaded.structure;
          history.length = 0;
          draw();
        },
        { 'data-testid': 'original' },
      ),
    ),
  );
  root.appendChild(out);
  draw();

  // polymorphs: the same composition, different structures
  root.appendChild(prose(POLY));
  let otherId = 'graphite';
  const cmpBox = h('div', { 'data-testid': 'polymorph' });
  const compare = () => {
    const a = snapshot(loaded.structure);
    const other = loadExample(otherId);
    const b = snapshot(other.structure);
    const same = (x: boolean) => (x ? t(tr('совпадает', 'same')) : t(tr('различается', 'differs')));
    const comp = maxDiff(a.comp, b.comp) < 1e-9;
    const rdf = maxDiff([a.rdf.g], [b.rdf.g]) < 1e-6;
    const graph = a.sig.length === b.sig.length && a.sig.every((x, i) => x === b.sig[i]);
    cmpBox.replaceChildren(
      table([
        [
          t(tr('представление', 'representation')),
          `${formulaOf(loaded.structure)} / ${formulaOf(other.structure)}`,
        ],
        [t(tr('статистики состава', 'composition statistics')), same(comp)],
        [t(tr('радиальная функция распределения', 'radial distribution function')), same(rdf)],
        [t(tr('кристаллический граф', 'crystal graph')), same(graph)],
      ]),
    );
    cmpBox.setAttribute('data-same', JSON.stringify({ comp, rdf, graph }));
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      select(
        tr('сравнить с', 'compare with'),
        EXAMPLE_CRYSTALS.map((e) => ({ value: e.id, label: `${e.formula} — ${e.name}` })),
        otherId,
        (v) => ((otherId = v), compare()),
        'polymorph-pick',
      ),
    ),
  );
  root.appendChild(cmpBox);
  compareHook = compare;
  compare();
}
