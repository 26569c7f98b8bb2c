import { button, formula, h, prose } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';
import { Rng } from '../../../../src/engine/random.js';

const TEXT1 = tr(
  `**Межатомные потенциалы.** Молекулярная динамика требует энергий и сил для миллионов конфигураций — DFT для этого слишком дорог. Машинно-обученный потенциал представляет энергию суммой вкладов атомов, каждый из которых зависит только от окружения атома в пределах радиуса обрезки:`,
  `**Interatomic potentials.** Molecular dynamics needs energies and forces for millions of configurations — too many for DFT. A machine-learned potential writes the energy as a sum of atomic contributions, each depending only on the atom's environment within a cutoff radius:`,
);
const TEXT2 = tr(
  `Потенциал обучают на DFT-энергиях, силах и напряжениях; силы F_i = −∂E/∂r_i получаются дифференцированием той же модели. Примеры: нейросетевые потенциалы Белера–Парринелло, GAP, моментные тензорные потенциалы (MTP), универсальные графовые потенциалы (M3GNet, CHGNet, MACE).

**Активное обучение.** Где взять обучающие конфигурации? Модель сама оценивает, насколько она уверена (разброс ансамбля моделей или степень экстраполяции, как в MTP), и запрашивает DFT-расчёт только там, где не уверена. Так обучающая выборка растёт там, где она нужна. Попробуйте: точки — «DFT-расчёты» энергии димера, линии — ансамбль из 8 моделей со случайными базисами, обученных на одних и тех же точках; закрашена область их разброса.`,
  `The potential is trained on DFT energies, forces and stresses; forces F_i = −∂E/∂r_i come from differentiating the same model. Examples: Behler–Parrinello neural network potentials, GAP, moment tensor potentials (MTP), universal graph potentials (M3GNet, CHGNet, MACE).

**Active learning.** Where do training configurations come from? The model estimates its own confidence (the spread of a model ensemble, or an extrapolation grade as in MTP) and asks for a DFT calculation only where it is unsure. The training set grows where it is needed. Try it: dots are "DFT calculations" of a dimer energy, lines an ensemble of 8 models, each with its own random basis, fitted to the same points; the shaded band is their spread.`,
);
const TEXT3 = tr(
  `**Когда меток мало.** Посчитанных или измеренных свойств обычно гораздо меньше, чем известных структур.
- *Полуконтролируемое обучение* использует и неразмеченные структуры: например, модель-учитель расставляет псевдометки, а модель-ученик учится на них вместе с настоящими.
- *Перенос обучения*: сеть предобучают на большой выборке (например, энергии образования ~10⁵ соединений), а затем дообучают на малой (упругие модули, экспериментальные данные).
- *PU-обучение* (positive–unlabeled): для синтезируемости известны только «положительные» примеры — вещества, которые уже синтезированы (ICSD), а остальные не размечены, а не «отрицательны». Jang и др. (2020) брали из 77 734 гипотетических структур Materials Project случайные подвыборки как псевдоотрицательные, обучали CGCNN-классификаторы и усредняли их ответы (bagging) в оценку синтезируемости CLscore; на отложенных синтезированных веществах доля найденных (TPR) составила 87,4 %.`,
  `**When labels are few.** Computed or measured properties are far fewer than known structures.
- *Semi-supervised learning* uses unlabelled structures too: e.g. a teacher model assigns pseudo-labels, and a student learns from them together with the real ones.
- *Transfer learning*: a network is pre-trained on a large set (e.g. formation energies of ~10⁵ compounds), then fine-tuned on a small one (elastic moduli, experimental data).
- *PU learning* (positive–unlabeled): for synthesizability only "positive" examples are known — substances already made (ICSD); the rest are unlabelled, not "negative". Jang et al. (2020) drew random subsets of 77,734 hypothetical Materials Project structures as pseudo-negatives, trained CGCNN classifiers and averaged them (bagging) into a synthesizability score, CLscore; on held-out synthesised materials the true-positive rate was 87.4 %.`,
);

/** Morse-like dimer energy (eV) vs distance (Å): the "DFT" the toy queries. */
function truth(r: number): number {
  const a = 1.6;
  const e = Math.exp(-a * (r - 1.2));
  return 2.0 * (e * e - 2 * e);
}

/** Ridge regression on Gaussian bumps: a tiny closed-form model (solved with Gaussian elimination). */
function fitRbf(
  xs: number[],
  ys: number[],
  centers: number[],
  width: number,
  lambda: number,
): (x: number) => number {
  const m = centers.length;
  const phi = (x: number) => centers.map((c) => Math.exp(-(((x - c) / width) ** 2)));
  const A = Array.from({ length: m }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => (i === j && j < m ? lambda : 0)),
  );
  xs.forEach((x, k) => {
    const f = phi(x);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) A[i][j] += f[i] * f[j];
      A[i][m] += f[i] * ys[k];
    }
  });
  for (let i = 0; i < m; i++) {
    let piv = i;
    for (let r = i + 1; r < m; r++) if (Math.abs(A[r][i]) > Math.abs(A[piv][i])) piv = r;
    [A[i], A[piv]] = [A[piv], A[i]];
    for (let r = 0; r < m; r++) {
      if (r === i) continue;
      const f = A[r][i] / A[i][i];
      for (let c = i; c <= m; c++) A[r][c] -= f * A[i][c];
    }
  }
  const w = A.map((row, i) => row[m] / row[i]);
  return (x) => phi(x).reduce((s, f, i) => s + f * w[i], 0);
}

export function render(root: HTMLElement): void {
  root.appendChild(prose(TEXT1));
  root.appendChild(
    formula(
      'E = Σ_i E_atom(окружение атома i в радиусе r_c)'.replace(
        'окружение атома i в радиусе r_c',
        t(tr('окружение атома i в радиусе r_c', 'environment of atom i within r_c')),
      ),
    ),
  );
  root.appendChild(prose(TEXT2));
  const rng = new Rng(7);
  const xs: number[] = [0.95, 1.6, 2.6];
  const fig = h('div');
  const info = h('p', { class: 'stat', 'data-testid': 'al-info' });
  let maxStd = 0;
  let nextX = 0;
  const draw = () => {
    const ys = xs.map(truth);
    // members differ in their random basis (centres and width), all fitted to every DFT point:
    // they agree at the points and disagree in the gaps, where the model has not seen data
    const models: Array<(x: number) => number> = [];
    for (let b = 0; b < 8; b++) {
      const cs = Array.from({ length: 10 }, () => rng.range(0.8, 3.4));
      models.push(fitRbf(xs, ys, cs, rng.range(0.3, 0.5), 1e-4));
    }
    const c = new Chart({
      x: { domain: [0.8, 3.4], label: t(tr('расстояние, Å', 'distance, Å')) },
      y: { domain: [-3, 3], label: t(tr('энергия, эВ', 'energy, eV')) },
      testid: 'al-chart',
    });
    const grid: number[] = [];
    for (let i = 0; i <= 200; i++) grid.push(0.8 + (i / 200) * 2.6);
    const band: [number, number][] = [];
    const lo: [number, number][] = [];
    maxStd = 0;
    nextX = grid[0];
    for (const x of grid) {
      const v = models.map((m) => m(x));
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
      band.push([x, mean + sd]);
      lo.push([x, mean - sd]);
      if (sd > maxStd) {
        maxStd = sd;
        nextX = x;
      }
    }
    c.area([...band, ...lo.reverse()], COLORS[0], 0.18);
    for (const m of models)
      c.line(
        grid.map((x) => [x, m(x)] as [number, number]),
        COLORS[0],
        0.8,
        { 'stroke-opacity': 0.6 },
      );
    c.line(
      grid.map((x) => [x, truth(x)] as [number, number]),
      '#333',
      1.5,
      { 'stroke-dasharray': '5 4' },
    );
    xs.forEach((x) => c.point(x, truth(x), COLORS[1], 5));
    c.line(
      [
        [nextX, -3],
        [nextX, 3],
      ],
      COLORS[3],
      1,
      { 'stroke-dasharray': '3 3' },
    );
    fig.replaceChildren(c.svg);
    info.textContent = `${t(tr('DFT-точек', 'DFT points'))}: ${xs.length} · ${t(tr('наибольший разброс ансамбля', 'largest ensemble spread'))}: ${fmt(maxStd, 3)} ${t(tr('эВ при r =', 'eV at r ='))} ${fmt(nextX, 3)} Å`;
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      button(
        tr('Запросить DFT там, где разброс больше всего', 'Query DFT where the spread is largest'),
        () => {
          xs.push(nextX);
          draw();
        },
        { class: 'primary', 'data-testid': 'al-query' },
      ),
      button(tr('Сначала', 'Reset'), () => {
        xs.splice(3);
        draw();
      }),
    ),
  );
  root.appendChild(fig);
  root.appendChild(info);
  draw();
  root.appendChild(prose(TEXT3));
}
