import { formula, h, prose, select, table } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';
import { currentStructure, structureLoader, type LoadedStructure } from '../../lib/structures.js';
import { crystalGraphEdges } from '../../lib/descriptors.js';
import {
  CGCNN_SEGMENTS,
  CGCNN_FEATURE_LENGTH,
  cgcnnElementVector,
  segmentPosition,
} from '../../../../src/elements/cgcnn-features.js';
import { element } from '../../../../src/elements/lookup.js';
import { gaussianExpand, gaussianBasis } from '../../../../src/graph/gaussian.js';

const SEGMENT_NAMES: Record<string, { ru: string; en: string }> = {
  group: tr('группа', 'group'),
  period: tr('период', 'period'),
  electronegativity: tr('электроотрицательность', 'electronegativity'),
  'covalent radius': tr('ковалентный радиус', 'covalent radius'),
  'valence electrons': tr('валентные электроны', 'valence electrons'),
  'first ionization energy': tr('первая энергия ионизации', 'first ionization energy'),
  'electron affinity': tr('сродство к электрону', 'electron affinity'),
  block: tr('блок', 'block'),
  'atomic volume': tr('атомный объём', 'atomic volume'),
};

const TEXT1 = tr(
  `**Признаки атома.** В CGCNN вершина графа — вектор из 92 нулей и единиц: девять свойств элемента, каждое закодировано «одним горячим» (one-hot) кодом. Категориальные свойства (группа, период, блок) — по позиции на категорию; непрерывные (электроотрицательность, радиус, энергия ионизации…) разбиты на интервалы, и единица стоит в интервале, куда попало значение. Поэтому в векторе ровно по одной единице на свойство (если значение известно).`,
  `**Atom features.** In CGCNN a node of the graph is a vector of 92 zeros and ones: nine element properties, each in a one-hot code. Categorical properties (group, period, block) get one position per category; continuous ones (electronegativity, radius, ionization energy…) are cut into bins, and the one sits in the bin the value falls into. So the vector has exactly one one per property (where the value is known).`,
);
const TEXT2 = tr(
  `**Признаки связи.** Длина ребра d разворачивается по 41 гауссиане с центрами μ_k = 0; 0,2; …; 8 Å и шириной σ = 0,2 Å. Так одно число превращается в «мягкий one-hot»: сеть легко выделяет узкие интервалы расстояний, а близкие расстояния дают похожие векторы.`,
  `**Bond features.** An edge length d is expanded over 41 Gaussians centred at μ_k = 0, 0.2, …, 8 Å with width σ = 0.2 Å. One number becomes a "soft one-hot": the network can pick out narrow distance ranges, and close distances give similar vectors.`,
);

export function render(root: HTMLElement): void {
  let loaded: LoadedStructure = currentStructure();
  const st = { atom: 0, bond: 0 };
  const loaderBox = h('div');
  const atomBox = h('div', { 'data-testid': 'atom-features' });
  const bondBox = h('div', { 'data-testid': 'bond-features' });
  const pickers = h('div', { class: 'controls' });
  const setLoaded = (x: LoadedStructure) => {
    loaded = x;
    st.atom = 0;
    st.bond = 0;
    loaderBox.replaceChildren(structureLoader(setLoaded, loaded));
    draw();
  };
  const draw = () => {
    const s = loaded.structure;
    const g = crystalGraphEdges(s, 8, 12);
    const a = g.atoms[st.atom];
    pickers.replaceChildren(
      select(
        tr('атом', 'atom'),
        g.atoms.map((x, i) => ({ value: String(i), label: `${x.element}${i + 1}` })),
        String(st.atom),
        (v) => ((st.atom = Number(v)), (st.bond = 0), draw()),
        'atom-pick',
      ),
      select(
        tr('связь', 'bond'),
        a.neighbors.map(([j, d], k) => ({
          value: String(k),
          label: `${a.element}${st.atom + 1}–${g.atoms[j].element}${j + 1}, ${fmt(d, 4)} Å`,
        })),
        String(st.bond),
        (v) => ((st.bond = Number(v)), draw()),
        'bond-pick',
      ),
    );
    // atom vector by segment
    const el = element(a.element);
    const vec = cgcnnElementVector(el);
    const rows: string[][] = [
      [
        t(tr('свойство', 'property')),
        t(tr('позиций', 'positions')),
        t(tr('значение', 'value')),
        t(tr('единица в позиции', 'one at position')),
        t(tr('код', 'code')),
      ],
    ];
    const strip = h('div', {
      class: 'onehot',
      'data-testid': 'onehot',
      'data-ones': String(vec.reduce((x, v) => x + v, 0)),
    });
    for (const seg of CGCNN_SEGMENTS) {
      const pos = segmentPosition(seg, el);
      const val =
        seg.kind === 'categorical'
          ? pos === null
            ? '—'
            : seg.labels[pos]
          : (() => {
              const v = seg.value(el);
              return v === null ? '—' : `${fmt(v, 3)} ${seg.scale}`;
            })();
      const code = Array.from(vec.subarray(seg.offset, seg.offset + seg.size))
        .map((v) => (v ? '1' : '0'))
        .join('');
      rows.push([
        t(SEGMENT_NAMES[seg.name] ?? { ru: seg.name, en: seg.name }),
        String(seg.size),
        val,
        pos === null ? '—' : String(pos + 1),
        code,
      ]);
      for (let k = 0; k < seg.size; k++)
        strip.appendChild(
          h('span', {
            class: (vec[seg.offset + k] ? 'on' : '') + (k === 0 ? ' sep' : ''),
            title: `${seg.name} ${k + 1}`,
          }),
        );
    }
    atomBox.replaceChildren(
      h(
        'h3',
        null,
        `${el.name} (${el.symbol}, Z = ${el.Z}): ${t(tr('вектор длины', 'a vector of length'))} ${CGCNN_FEATURE_LENGTH}`,
      ),
      strip,
      table(rows),
    );
    // bond
    const nb = a.neighbors[st.bond];
    if (!nb) {
      bondBox.replaceChildren(
        h('p', null, t(tr('у атома нет соседей в пределах 8 Å', 'the atom has no neighbours within 8 Å'))),
      );
      return;
    }
    const d = nb[1];
    const basis = gaussianBasis({ radiusA: 8, stepA: 0.2 });
    const feat = gaussianExpand([d], new Float32Array(basis.count), { radiusA: 8, stepA: 0.2 });
    const c = new Chart({
      x: { domain: [0, 8], label: t(tr('центр гауссианы μ_k, Å', 'Gaussian centre μ_k, Å')) },
      y: { domain: [0, 1.05], label: 'e_k(d)' },
      width: 560,
      height: 260,
      testid: 'gauss',
    });
    for (let k = 0; k < basis.count; k++) {
      const mu = basis.dminA + k * basis.stepA;
      c.line(
        [
          [mu, 0],
          [mu, feat[k]],
        ],
        COLORS[0],
        4,
      );
    }
    c.line(
      [
        [d, 0],
        [d, 1.05],
      ],
      COLORS[1],
      1,
      { 'stroke-dasharray': '4 3' },
    );
    c.text(d, 1, `d = ${fmt(d, 4)} Å`);
    bondBox.replaceChildren(
      c.svg,
      h(
        'p',
        {
          class: 'stat',
          'data-testid': 'gauss-max',
          'data-k': String(feat.indexOf(Math.max(...feat))),
          'data-d': String(d),
        },
        `${t(tr('наибольшая компонента', 'largest component'))}: k = ${feat.indexOf(Math.max(...feat))} (μ = ${fmt(feat.indexOf(Math.max(...feat)) * 0.2, 3)} Å), ${fmt(Math.max(...feat), 3)}`,
      ),
    );
  };
  loaderBox.replaceChildren(structureLoader(setLoaded, loaded));
  root.appendChild(loaderBox);
  root.appendChild(pickers);
  root.appendChild(prose(TEXT1));
  root.appendChild(atomBox);
  root.appendChild(prose(TEXT2));
  root.appendChild(
    formula('e_k(d) = exp(−(d − μ_k)² / σ²),   μ_k = 0, 0.2, …, 8 Å,   σ = 0.2 Å,   k = 0…40'),
  );
  root.appendChild(bondBox);
  draw();
}
