import { formula, h, prose, slider, table } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';
import {
  EXPANSION_BOUND_FACTOR_MAX,
  POISSON_AT_MAXIMUM,
  expansionBoundFactorLecture,
  expansionFactorBelomestnykh,
} from '../../../../src/physics/expansion-bound.js';

const TEXT1 = tr(
  `Жёсткие материалы обычно мало расширяются при нагреве. Это следует из соотношения Грюнайзена: для изотропного тела α_V = γ C_V / (K V). Линейный коэффициент α_L = α_V/3 и K = E/(3(1−2ν)) дают`,
  `Stiff materials usually expand little when heated. This follows from the Grüneisen relation: for an isotropic solid α_V = γ C_V / (K V). The linear coefficient α_L = α_V/3 and K = E/(3(1−2ν)) give`,
);
const TEXT2 = tr(
  `где c_V — удельная теплоёмкость, ρ — плотность, γ — параметр Грюнайзена. Если γ ограничен сверху функцией ν, γ ≤ γ_max(ν) = 2(1+ν)/(2−3ν), то произведение α_L·E ограничено:`,
  `where c_V is the specific heat, ρ the density, γ the Grüneisen parameter. If γ is bounded by a function of ν, γ ≤ γ_max(ν) = 2(1+ν)/(2−3ν), the product α_L·E is bounded:`,
);
const TEXT3 = tr(
  `Нельзя одновременно иметь большой модуль Юнга и большое тепловое расширение: их произведение не превышает f(ν)·c_V·ρ. Функция f(ν) достигает максимума при 6ν² − 8ν + 1 = 0, то есть при ν* = (4 − √10)/6 ≈ 0,1396, где f(ν*) = 2(11 − 2√10)/9 ≈ 1,039. При ν → 0,5 (резиноподобные тела) f → 0.

Оценка с акустическим параметром Грюнайзена Беломестных–Теслевой γ_BT = (3/2)(1+ν)/(2−3ν) ровно в 3/4 раза меньше γ_max, поэтому даёт (3/4)·f(ν) — положение максимума то же. Передвиньте ν и сравните.`,
  `One cannot have both a large Young's modulus and a large thermal expansion: their product is at most f(ν)·c_V·ρ. The function f(ν) is largest where 6ν² − 8ν + 1 = 0, i.e. at ν* = (4 − √10)/6 ≈ 0.1396, where f(ν*) = 2(11 − 2√10)/9 ≈ 1.039. As ν → 0.5 (rubber-like solids) f → 0.

The estimate with the Belomestnykh–Tesleva acoustic Grüneisen parameter γ_BT = (3/2)(1+ν)/(2−3ν) is exactly 3/4 of γ_max, so it gives (3/4)·f(ν) — with the maximum at the same ν. Move ν and compare.`,
);

export function render(root: HTMLElement): void {
  root.appendChild(prose(TEXT1));
  root.appendChild(formula('α_L · E = γ · c_V · ρ · (1 − 2ν)'));
  root.appendChild(prose(TEXT2));
  root.appendChild(formula('α_L · E ≤ f(ν) · c_V · ρ,   f(ν) = 2(1 + ν)(1 − 2ν) / (2 − 3ν)'));
  root.appendChild(prose(TEXT3));
  let nu = 0.25;
  const fig = h('div', { style: { flex: '2 1 520px' } });
  const out = h('div', { 'data-testid': 'fnu-values' });
  const curve = (f: (n: number) => number): [number, number][] => {
    const pts: [number, number][] = [];
    for (let i = 0; i <= 300; i++) {
      const n = -0.99 + (i / 300) * (0.5 + 0.99);
      pts.push([n, f(n)]);
    }
    return pts;
  };
  const draw = () => {
    const c = new Chart({
      x: { domain: [-1, 0.5], label: t(tr('коэффициент Пуассона ν', "Poisson's ratio ν")) },
      y: { domain: [0, 1.15], label: 'f(ν)' },
      testid: 'fnu',
    });
    c.line(curve(expansionBoundFactorLecture), COLORS[0], 2.5);
    c.line(curve(expansionFactorBelomestnykh), COLORS[2], 2, { 'stroke-dasharray': '6 4' });
    c.line(
      [
        [POISSON_AT_MAXIMUM, 0],
        [POISSON_AT_MAXIMUM, EXPANSION_BOUND_FACTOR_MAX],
      ],
      '#999',
      1,
      { 'stroke-dasharray': '2 3' },
    );
    c.text(POISSON_AT_MAXIMUM, 0.05, 'ν*');
    c.point(nu, expansionBoundFactorLecture(nu), COLORS[1], 6, { 'data-testid': 'fnu-marker' });
    c.point(nu, expansionFactorBelomestnykh(nu), COLORS[1], 4);
    c.legend(
      [
        { label: t(tr('предел (лекция), f(ν)', 'bound (lecture), f(ν)')), color: COLORS[0] },
        { label: t(tr('оценка Беломестных, ¾f(ν)', 'estimate (Belomestnykh), ¾f(ν)')), color: COLORS[2] },
      ],
      'tl',
    );
    fig.replaceChildren(c.svg);
    out.replaceChildren(
      table([
        ['', t(tr('значение', 'value'))],
        ['ν', fmt(nu, 3)],
        ['f(ν)', fmt(expansionBoundFactorLecture(nu), 5)],
        ['¾ f(ν)', fmt(expansionFactorBelomestnykh(nu), 5)],
        ['γ_max = 2(1+ν)/(2−3ν)', fmt((2 * (1 + nu)) / (2 - 3 * nu), 4)],
        ['ν*', fmt(POISSON_AT_MAXIMUM, 6)],
        ['f(ν*)', fmt(EXPANSION_BOUND_FACTOR_MAX, 6)],
      ]),
    );
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      slider({
        label: tr('ν', 'ν'),
        min: -0.95,
        max: 0.49,
        step: 0.005,
        value: nu,
        testid: 'nu',
        format: (x) => fmt(x, 3),
        oninput: (x) => ((nu = x), draw()),
      }),
    ),
  );
  root.appendChild(h('div', { class: 'row' }, fig, out));
  draw();
  root.appendChild(
    h(
      'p',
      { class: 'note' },
      t(
        tr(
          'Из закона Дюлонга–Пти c_V·ρ ≤ 3k_B/V₀ (V₀ — объём на атом) получается практическая форма: α_L·E ≤ 3 f(ν) k_B / V₀.',
          'With the Dulong–Petit limit c_V·ρ ≤ 3k_B/V₀ (V₀ the volume per atom) the practical form is α_L·E ≤ 3 f(ν) k_B / V₀.',
        ),
      ),
    ),
  );
}
