import { formula, h, prose, select, slider, table } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, lang, t, tr } from '../../i18n.js';
import { DEBYE_REFERENCE } from '../../lib/reference-materials.js';
import {
  debyeTemperatureK,
  gammaBelomestnykh,
  thermalExpansionLinearPerK,
} from '../../../../src/physics/debye.js';
import { poissonRatio } from '../../../../src/physics/elasticity.js';

const TEXT1 = tr(
  `Точные методы дороги, быстрые — приближённы. Поэтому кандидатов просеивают через **воронку точности**: каждый следующий уровень точнее и дороже, и до него доходит меньше структур.`,
  `Accurate methods are costly, fast ones approximate. So candidates are sifted through an **accuracy funnel**: each level is more accurate and more expensive, and fewer structures reach it.`,
);

const TIERS = [
  {
    n: '~10⁵',
    what: tr(
      'ML: CGCNN предсказывает K и G; из них — твёрдость, θ_D, γ и α(T) по формулам',
      'ML: a CGCNN predicts K and G; hardness, θ_D, γ and α(T) follow from formulas',
    ),
    cost: tr('миллисекунды на структуру', 'milliseconds per structure'),
  },
  {
    n: '~100',
    what: tr(
      'квазигармоническая модель Дебая по кривой E(V) из DFT',
      'quasi-harmonic Debye model on a DFT E(V) curve',
    ),
    cost: tr('часы на структуру', 'hours per structure'),
  },
  {
    n: '~20',
    what: tr(
      'DFT + фононы в квазигармоническом приближении (QHA)',
      'DFT + phonons in the quasi-harmonic approximation (QHA)',
    ),
    cost: tr('дни на структуру', 'days per structure'),
  },
];

const TEXT2 = tr(
  `Первый уровень можно посчитать прямо здесь. По K и G находим скорости звука и температуру Дебая (Андерсон, 1963), по ν — параметр Грюнайзена (Беломестных–Теслева), затем теплоёмкость Дебая и тепловое расширение:`,
  `The first level can be computed right here. From K and G come the sound velocities and the Debye temperature (Anderson, 1963), from ν the Grüneisen parameter (Belomestnykh–Tesleva), then the Debye heat capacity and thermal expansion:`,
);

const TEXT3 = tr(
  `Для алмаза, NaCl, MgO и Cu первый уровень даёт θ_D в пределах нескольких процентов от эксперимента и α_L правильного порядка. Для кремния α_L завышена втрое: у него есть фононные моды с отрицательным γ, чего модель с одним γ не видит. Ошибки первого уровня исправляют следующие — поэтому это воронка, а не один метод.`,
  `For diamond, NaCl, MgO and Cu the first level gives θ_D within a few per cent of experiment and α_L of the right order. For silicon α_L comes out three times too high: it has phonon modes with negative γ, which a single-γ model cannot see. The next levels correct the first one's errors — that is why it is a funnel, not one method.`,
);

export function render(root: HTMLElement): void {
  root.appendChild(prose(TEXT1));
  const svgBox = h('div', { class: 'panel' });
  svgBox.appendChild(
    table([
      [
        t(tr('уровень', 'level')),
        t(tr('структур', 'structures')),
        t(tr('метод', 'method')),
        t(tr('цена', 'cost')),
      ],
      ...TIERS.map((x, i) => [String(i + 1), x.n, t(x.what), t(x.cost)]),
    ]),
  );
  root.appendChild(svgBox);
  root.appendChild(prose(TEXT2));
  root.appendChild(formula('v_t = √(G/ρ),  v_l = √((K + 4G/3)/ρ),  θ_D = (ħ/k_B)(6π²/V₀)^(1/3) v_m'));
  root.appendChild(formula('γ = (3/2)(1 + ν)/(2 − 3ν),   α_L(T) = γ C_V(T) / (3 K V₀)'));
  let idx = 0;
  let temperature = 300;
  const fig = h('div', { style: { flex: '2 1 520px' } });
  const out = h('div', { 'data-testid': 'funnel-values' });
  const draw = () => {
    const m = DEBYE_REFERENCE[idx];
    const nu = poissonRatio(m.bulkModulusGPa, m.shearModulusGPa);
    const theta = debyeTemperatureK(m.bulkModulusGPa, m.shearModulusGPa, m.densityKgM3, m.volumePerAtomA3);
    const gamma = gammaBelomestnykh(nu);
    const alpha = (T: number) =>
      thermalExpansionLinearPerK(T, theta, gamma, m.bulkModulusGPa, m.volumePerAtomA3);
    const pts: [number, number][] = [];
    for (let T = 5; T <= 1500; T += 5) pts.push([T, alpha(T) * 1e6]);
    const ymax = Math.max(...pts.map((p) => p[1])) * 1.1;
    const c = new Chart({
      x: { domain: [0, 1500], label: t(tr('температура, К', 'temperature, K')) },
      y: { domain: [0, ymax], label: 'α_L, 10⁻⁶ 1/K' },
      testid: 'alpha-t',
    });
    c.line(pts, COLORS[0]);
    c.point(temperature, alpha(temperature) * 1e6, COLORS[1], 5);
    c.point(300, m.alphaExpPerK * 1e6, COLORS[2], 5);
    c.text(300, m.alphaExpPerK * 1e6, t(tr('эксп., 300 К', 'exp., 300 K')));
    fig.replaceChildren(c.svg);
    out.replaceChildren(
      table([
        ['', t(tr('модель', 'model')), t(tr('эксперимент', 'experiment'))],
        ['θ_D, K', fmt(theta, 4), '≈' + fmt(m.debyeExpK, 3)],
        ['ν', fmt(nu, 3), ''],
        ['γ', fmt(gamma, 3), ''],
        [
          `α_L(${temperature} K), 10⁻⁶/K`,
          fmt(alpha(temperature) * 1e6, 3),
          temperature === 300 ? '≈' + fmt(m.alphaExpPerK * 1e6, 3) : '',
        ],
      ]),
    );
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      select(
        tr('материал', 'material'),
        DEBYE_REFERENCE.map((m, i) => ({ value: String(i), label: lang() === 'ru' ? m.nameRu : m.name })),
        '0',
        (v) => ((idx = Number(v)), draw()),
        'material',
      ),
      slider({
        label: tr('T, К', 'T, K'),
        min: 50,
        max: 1500,
        step: 50,
        value: temperature,
        oninput: (x) => ((temperature = x), draw()),
      }),
    ),
  );
  root.appendChild(h('div', { class: 'row' }, fig, out));
  draw();
  root.appendChild(prose(TEXT3));
}
