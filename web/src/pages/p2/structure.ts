import { checkbox, h, prose, slider, table } from '../../dom.js';
import { s } from '../../dom.js';
import { fmt, t, tr } from '../../i18n.js';
import { currentStructure, formulaOf, structureLoader, type LoadedStructure } from '../../lib/structures.js';
import { viewer3d } from '../../lib/viewer3d.js';
import { crystalGraphEdges } from '../../lib/descriptors.js';
import { COLORS } from '../../chart.js';

const TEXT = tr(
  `Загрузите структуру: выберите встроенный пример, загрузите файл (CIF, POSCAR/CONTCAR, extended XYZ, JSON pymatgen или OPTIMADE) или вставьте текст. Файл читают те же функции xtal, что и в командной строке; ошибка назовёт строку и поле.

Справа — кристаллический граф CGCNN: у каждого атома ячейки берутся ближайшие соседи в пределах радиуса обрезки (по умолчанию 12 соседей в пределах 8 Å), включая атомы соседних ячеек. Поэтому у атома может быть несколько рёбер к одному и тому же атому ячейки — к разным его периодическим образам. Толщина линии на схеме — число таких рёбер.`,
  `Load a structure: pick a built-in example, upload a file (CIF, POSCAR/CONTCAR, extended XYZ, pymatgen or OPTIMADE JSON) or paste text. The file is read by the same xtal functions as on the command line; an error names the line and field.

On the right is the CGCNN crystal graph: every atom of the cell takes its nearest neighbours within the cutoff radius (by default 12 neighbours within 8 Å), including atoms of neighbouring cells. So an atom can have several edges to one atom of the cell — to its different periodic images. Line width on the diagram is the number of such edges.`,
);

const ELEMENT_COLORS: Record<string, string> = {
  C: '#555',
  N: '#3050f8',
  O: '#ff0d0d',
  B: '#ffb5b5',
  Si: '#f0c8a0',
  Na: '#ab5cf2',
  Cl: '#1ff01f',
  Mg: '#8aff00',
  Al: '#bfa6a6',
  Ti: '#bfc2c7',
  W: '#2194d6',
  Fe: '#e06633',
  Cu: '#c88033',
  Zn: '#7d80b0',
};

export function render(root: HTMLElement): () => void {
  root.appendChild(prose(TEXT));
  let loaded: LoadedStructure = currentStructure();
  const opts = { cutoff: 8, maxNb: 12, replicate: false, atom: 0 };
  const loaderBox = h('div');
  const view = viewer3d();
  const graphBox = h('div', { 'data-testid': 'graph' });
  const tableBox = h('div', { 'data-testid': 'neighbors' });
  const setLoaded = (x: LoadedStructure) => {
    loaded = x;
    opts.atom = 0;
    loaderBox.replaceChildren(structureLoader(setLoaded, loaded));
    void view.show(loaded.structure, { replicate: opts.replicate });
    drawGraph();
  };
  const drawGraph = () => {
    const st = loaded.structure;
    const g = crystalGraphEdges(st, opts.cutoff, opts.maxNb);
    const n = g.atoms.length;
    const W = 460;
    const H = 420;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', 'data-testid': 'graph-svg' });
    const shown = Math.min(n, 24);
    const pos = Array.from({ length: shown }, (_, i) => {
      const a = (2 * Math.PI * i) / shown - Math.PI / 2;
      return [W / 2 + 160 * Math.cos(a), H / 2 + 160 * Math.sin(a)];
    });
    const pairs = new Map<string, { i: number; j: number; count: number; dmin: number }>();
    let edges = 0;
    g.atoms.forEach((a, i) =>
      a.neighbors.forEach(([j, d]) => {
        edges++;
        if (i >= shown || j >= shown) return;
        const key = i <= j ? `${i}-${j}` : `${j}-${i}`;
        const p = pairs.get(key) ?? { i: Math.min(i, j), j: Math.max(i, j), count: 0, dmin: Infinity };
        p.count++;
        p.dmin = Math.min(p.dmin, d);
        pairs.set(key, p);
      }),
    );
    for (const p of pairs.values()) {
      const sel = p.i === opts.atom || p.j === opts.atom;
      if (p.i === p.j) {
        const [x, y] = pos[p.i];
        svg.append(
          s('circle', {
            cx: x + (x - W / 2) * 0.12,
            cy: y + (y - H / 2) * 0.12,
            r: 12,
            fill: 'none',
            stroke: sel ? COLORS[1] : '#aaa',
            'stroke-width': Math.min(6, 0.5 + 0.4 * p.count),
          }),
        );
        continue;
      }
      const [x1, y1] = pos[p.i];
      const [x2, y2] = pos[p.j];
      svg.append(
        s('line', {
          x1,
          y1,
          x2,
          y2,
          stroke: sel ? COLORS[1] : '#bbb',
          'stroke-width': Math.min(6, 0.5 + 0.4 * p.count),
          'stroke-opacity': sel ? 0.9 : 0.6,
        }),
      );
      if (sel) {
        const other = p.i === opts.atom ? p.j : p.i;
        const fromSel = g.atoms[opts.atom].neighbors.filter(([j]) => j === other);
        if (fromSel.length)
          svg.append(
            s(
              'text',
              { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 3, class: 'mark-label', 'text-anchor': 'middle' },
              `${fmt(Math.min(...fromSel.map((q) => q[1])), 3)} Å ×${fromSel.length}`,
            ),
          );
      }
    }
    pos.forEach(([x, y], i) => {
      const el = g.atoms[i].element;
      const c = s('circle', {
        cx: x,
        cy: y,
        r: i === opts.atom ? 15 : 12,
        fill: ELEMENT_COLORS[el] ?? '#999',
        stroke: i === opts.atom ? '#000' : '#fff',
        'stroke-width': 2,
        style: 'cursor:pointer',
      });
      c.addEventListener('click', () => {
        opts.atom = i;
        drawGraph();
        void view.show(loaded.structure, { replicate: opts.replicate, highlight: i });
      });
      svg.append(
        c,
        s(
          'text',
          {
            x,
            y: y + 4,
            'text-anchor': 'middle',
            class: 'mark-label',
            fill: '#fff',
            'pointer-events': 'none',
          },
          `${el}${i + 1}`,
        ),
      );
    });
    graphBox.replaceChildren(
      svg,
      h(
        'p',
        { class: 'stat', 'data-testid': 'graph-stats', 'data-edges': String(edges), 'data-atoms': String(n) },
        `${formulaOf(st)}: ${n} ${t(tr('вершин', 'nodes'))}, ${edges} ${t(tr('рёбер', 'edges'))}${n > shown ? t(tr(` (показаны первые ${shown} атомов)`, ` (first ${shown} atoms shown)`)) : ''}`,
      ),
    );
    const a = g.atoms[Math.min(opts.atom, n - 1)];
    tableBox.replaceChildren(
      h('h3', null, `${t(tr('Соседи атома', 'Neighbours of atom'))} ${a.element}${opts.atom + 1}`),
      table([
        [t(tr('№', '#')), t(tr('сосед', 'neighbour')), t(tr('расстояние, Å', 'distance, Å'))],
        ...a.neighbors.map(([j, d], k) => [String(k + 1), `${g.atoms[j].element}${j + 1}`, fmt(d, 4)]),
      ]),
    );
  };
  loaderBox.replaceChildren(structureLoader(setLoaded, loaded));
  root.appendChild(loaderBox);
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      slider({
        label: tr('радиус обрезки, Å', 'cutoff radius, Å'),
        min: 2,
        max: 8,
        step: 0.1,
        value: opts.cutoff,
        testid: 'cutoff',
        oninput: (x) => ((opts.cutoff = x), drawGraph()),
      }),
      slider({
        label: tr('соседей не более', 'at most neighbours'),
        min: 1,
        max: 16,
        step: 1,
        value: opts.maxNb,
        testid: 'maxnb',
        oninput: (x) => ((opts.maxNb = x), drawGraph()),
      }),
      checkbox(tr('ячейка 2×2×2', '2×2×2 cells'), false, (v) => {
        opts.replicate = v;
        void view.show(loaded.structure, { replicate: v });
      }),
    ),
  );
  root.appendChild(h('div', { class: 'row' }, view.el, graphBox));
  root.appendChild(tableBox);
  void view.show(loaded.structure);
  drawGraph();
  return () => view.dispose();
}
