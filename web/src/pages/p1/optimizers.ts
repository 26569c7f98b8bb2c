import { button, checkbox, formula, h, prose, select, slider } from '../../dom.js';
import { Chart, COLORS, heatmap } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';
import {
  SGD,
  Adam,
  Adagrad,
  Adadelta,
  RMSprop,
  ExponentialLR,
  LinearLR,
  type Optimizer,
} from '../../lib/engine.js';
import { runJob, type JobHandle } from '../../lib/jobs-client.js';
import type { OptimizerName } from '../../lib/nets.js';
import { lossChart, status } from '../../lib/ui.js';

const TEXT1 = tr(
  `Градиентный спуск делает шаг против градиента: w ← w − η∇L. На вытянутой «долине» он мечется поперёк и медленно идёт вдоль. Улучшения:
- **импульс** (momentum) копит скорость: v ← μv + ∇L, w ← w − ηv; **Нестеров** считает градиент в точке «заглядывания вперёд»;
- **Adagrad** делит шаг на корень из суммы квадратов прошлых градиентов — по каждой координате свой шаг; шаги со временем только уменьшаются;
- **RMSprop** и **Adadelta** заменяют сумму экспоненциальным средним, и шаг не затухает до нуля; Adadelta вдобавок сама подбирает масштаб шага;
- **Adam** = импульс + RMSprop с поправкой смещения средних.

Ниже все они стартуют из одной точки на двумерной поверхности потерь. Это те же классы оптимизаторов xtal, которыми обучаются сети (их шаги сверены с torch.optim).`,
  `Gradient descent steps against the gradient: w ← w − η∇L. In an elongated valley it zig-zags across and creeps along. Improvements:
- **momentum** builds up velocity: v ← μv + ∇L, w ← w − ηv; **Nesterov** evaluates the gradient at the look-ahead point;
- **Adagrad** divides the step by the root of the sum of past squared gradients — a step size per coordinate; steps only shrink over time;
- **RMSprop** and **Adadelta** replace the sum with an exponential average, so steps do not die out; Adadelta also sets its own step scale;
- **Adam** = momentum + RMSprop with bias-corrected averages.

Below they all start from one point on a 2-D loss surface. These are the same xtal optimizer classes that train the networks (their steps are checked against torch.optim).`,
);
const TEXT2 = tr(
  `**Метод Ньютона** использует вторые производные: w ← w − H⁻¹∇L, где H — матрица Гессе. На квадратичной поверхности он приходит в минимум за один шаг, на невыпуклой может уйти к седлу или максимуму. Почему его не применяют к большим сетям: у сети с n параметрами гессиан содержит n² чисел, а его обращение стоит O(n³). Для n = 10⁶ это 10¹² чисел (4 ТБ во float32) и ~10¹⁸ операций на шаг. Поэтому на практике — градиентные методы первого порядка и их адаптивные варианты (Adam и др.), иногда квазиньютоновские приближения (L-BFGS) для небольших задач.`,
  `**Newton's method** uses second derivatives: w ← w − H⁻¹∇L, with H the Hessian matrix. On a quadratic surface it reaches the minimum in one step; on a non-convex one it may head for a saddle or a maximum. Why it is not used for large networks: a network with n parameters has a Hessian of n² numbers, and inverting it costs O(n³). For n = 10⁶ that is 10¹² numbers (4 TB in float32) and ~10¹⁸ operations per step. So in practice: first-order gradient methods and their adaptive variants (Adam etc.), sometimes quasi-Newton approximations (L-BFGS) for small problems.`,
);
const TEXT3 = tr(
  `**Настоящее обучение.** Та же сеть (2→16→16→1, tanh, одинаковые начальные веса) учится отделять круг от кольца каждым оптимизатором. Уменьшение шага обучения со временем (линейное или экспоненциальное) помогает «осесть» в минимуме.`,
  `**Real training.** The same network (2→16→16→1, tanh, identical initial weights) learns to separate the disc from the ring with each optimizer. Decaying the learning rate over time (linearly or exponentially) helps settle into the minimum.`,
);

type Surface = 'valley' | 'rosenbrock' | 'saddle';
interface Fn {
  f(x: number, y: number): number;
  g(x: number, y: number): [number, number];
  h(x: number, y: number): [number, number, number]; // hxx, hxy, hyy
  start: [number, number];
  xr: [number, number];
  yr: [number, number];
}
const SURFACES: Record<Surface, Fn> = {
  valley: {
    f: (x, y) => 0.5 * (x * x + 20 * y * y),
    g: (x, y) => [x, 20 * y],
    h: () => [1, 0, 20],
    start: [-4, 1.2],
    xr: [-5, 5],
    yr: [-2, 2],
  },
  rosenbrock: {
    f: (x, y) => (1 - x) ** 2 + 10 * (y - x * x) ** 2,
    g: (x, y) => [-2 * (1 - x) - 40 * x * (y - x * x), 20 * (y - x * x)],
    h: (x, y) => [2 - 40 * (y - x * x) + 80 * x * x, -40 * x, 20],
    start: [-1.5, 2],
    xr: [-2, 2],
    yr: [-1, 3],
  },
  saddle: {
    f: (x, y) => x * x - y * y + 0.25 * y ** 4,
    g: (x, y) => [2 * x, -2 * y + y ** 3],
    h: (_x, y) => [2, 0, -2 + 3 * y * y],
    start: [-2, 0.05],
    xr: [-2.5, 2.5],
    yr: [-2.2, 2.2],
  },
};

const NAMES: Array<{ name: OptimizerName; label: string; lr: number }> = [
  { name: 'sgd', label: 'SGD', lr: 0.04 },
  { name: 'momentum', label: 'momentum', lr: 0.01 },
  { name: 'nesterov', label: 'Nesterov', lr: 0.01 },
  { name: 'adam', label: 'Adam', lr: 0.1 },
  { name: 'adagrad', label: 'Adagrad', lr: 0.5 },
  { name: 'adadelta', label: 'Adadelta', lr: 1 },
  { name: 'rmsprop', label: 'RMSprop', lr: 0.02 },
];

function makeOpt(
  name: OptimizerName,
  p: { data: Float32Array; grad: Float32Array | null },
  lr: number,
): Optimizer<{ lr: number }> {
  switch (name) {
    case 'sgd':
      return new SGD([p], { lr });
    case 'momentum':
      return new SGD([p], { lr, momentum: 0.9 });
    case 'nesterov':
      return new SGD([p], { lr, momentum: 0.9, nesterov: true });
    case 'adam':
      return new Adam([p], { lr });
    case 'adagrad':
      return new Adagrad([p], { lr });
    case 'adadelta':
      return new Adadelta([p], { lr });
    case 'rmsprop':
      return new RMSprop([p], { lr });
  }
}

export function render(root: HTMLElement): () => void {
  const jobs = new Set<JobHandle>();
  let timer: number | null = null;
  root.appendChild(prose(TEXT1));
  root.appendChild(
    formula('SGD: w ← w − η g;   Adam: m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  w ← w − η m̂ / (√v̂ + ε)'),
  );
  const st = {
    surface: 'valley' as Surface,
    lrScale: 1,
    schedule: 'none' as 'none' | 'linear' | 'exponential',
    newton: true,
    on: new Set<OptimizerName>(['sgd', 'momentum', 'adam', 'adagrad', 'adadelta']),
  };
  const fig = h('div');
  const info = h('div', { class: 'stat', 'data-testid': 'race-info' });
  let paths: Array<{ name: OptimizerName | 'newton'; pts: [number, number][]; step: () => void }> = [];
  let steps = 0;
  let bg = '';
  const reset = () => {
    const S = SURFACES[st.surface];
    bg = heatmap(
      (x, y) => S.f(x, y),
      S.xr,
      S.yr,
      100,
      (v) => Math.log(1 + v - Math.min(0, -2)),
    );
    steps = 0;
    paths = NAMES.filter((n) => st.on.has(n.name)).map((n) => {
      const p = { data: Float32Array.from(S.start), grad: new Float32Array(2) as Float32Array | null };
      const opt = makeOpt(n.name, p, n.lr * st.lrScale);
      const sched =
        st.schedule === 'linear'
          ? new LinearLR(opt, { startFactor: 1, endFactor: 0.05, totalIters: 200 })
          : st.schedule === 'exponential'
            ? new ExponentialLR(opt, 0.985)
            : null;
      const pts: [number, number][] = [[S.start[0], S.start[1]]];
      return {
        name: n.name,
        pts,
        step: () => {
          const [gx, gy] = S.g(p.data[0], p.data[1]);
          p.grad = Float32Array.of(gx, gy);
          opt.step();
          sched?.step();
          pts.push([p.data[0], p.data[1]]);
        },
      };
    });
    if (st.newton) {
      const w = [...S.start];
      const pts: [number, number][] = [[w[0], w[1]]];
      paths.push({
        name: 'newton',
        pts,
        step: () => {
          if (pts.length > 6) return;
          const [gx, gy] = S.g(w[0], w[1]);
          const [a, b, d] = S.h(w[0], w[1]);
          const det = a * d - b * b;
          if (Math.abs(det) < 1e-12) return;
          w[0] -= (d * gx - b * gy) / det;
          w[1] -= (-b * gx + a * gy) / det;
          pts.push([w[0], w[1]]);
        },
      });
    }
    draw();
  };
  const draw = () => {
    const S = SURFACES[st.surface];
    const c = new Chart({
      x: { domain: S.xr, label: 'w₁' },
      y: { domain: S.yr, label: 'w₂' },
      width: 560,
      height: 420,
      testid: 'race-surface',
    });
    c.image(bg, S.xr[0], S.xr[1], S.yr[0], S.yr[1]);
    const legend: Array<{ label: string; color: string }> = [];
    paths.forEach((pth, i) => {
      const color =
        pth.name === 'newton' ? '#000' : COLORS[NAMES.findIndex((n) => n.name === pth.name) % COLORS.length];
      c.line(pth.pts, color, 2, {
        'data-testid': `path-${pth.name}`,
        ...(pth.name === 'newton' ? { 'stroke-dasharray': '4 3' } : {}),
      });
      const last = pth.pts[pth.pts.length - 1];
      c.point(last[0], last[1], color, 4);
      legend.push({
        label:
          pth.name === 'newton' ? t(tr('Ньютон', 'Newton')) : NAMES.find((n) => n.name === pth.name)!.label,
        color,
      });
      void i;
    });
    c.legend(legend);
    fig.replaceChildren(c.svg);
    info.replaceChildren(
      h('span', null, `${t(tr('шаг', 'step'))} ${steps}: `),
      ...paths.map((pth) => {
        const last = pth.pts[pth.pts.length - 1];
        const v = S.f(last[0], last[1]);
        return h(
          'span',
          { 'data-name': pth.name, 'data-loss': String(v) },
          `${pth.name === 'newton' ? t(tr('Ньютон', 'Newton')) : pth.name} L=${fmt(v, 3)}; `,
        );
      }),
    );
  };
  const advance = (k: number) => {
    for (let i = 0; i < k; i++) {
      paths.forEach((p) => p.step());
      steps++;
    }
    draw();
  };
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const checks = h(
    'div',
    { class: 'controls' },
    ...NAMES.map((n) =>
      checkbox({ ru: n.label, en: n.label }, st.on.has(n.name), (v) => {
        if (v) st.on.add(n.name);
        else st.on.delete(n.name);
        reset();
      }),
    ),
    checkbox(tr('Ньютон', 'Newton'), st.newton, (v) => ((st.newton = v), reset())),
  );
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      select(
        tr('поверхность', 'surface'),
        [
          { value: 'valley', label: tr('вытянутая долина', 'elongated valley') },
          { value: 'rosenbrock', label: tr('банан Розенброка', 'Rosenbrock banana') },
          { value: 'saddle', label: tr('седло', 'saddle') },
        ],
        st.surface,
        (v) => ((st.surface = v), reset()),
      ),
      select(
        tr('шаг обучения', 'learning rate'),
        [
          { value: 'none', label: tr('постоянный', 'constant') },
          { value: 'linear', label: tr('линейное убывание', 'linear decay') },
          { value: 'exponential', label: tr('экспоненциальное убывание', 'exponential decay') },
        ],
        st.schedule,
        (v) => ((st.schedule = v), reset()),
      ),
      slider({
        label: tr('множитель η', 'η multiplier'),
        min: 0.1,
        max: 3,
        step: 0.1,
        value: 1,
        oninput: (x) => ((st.lrScale = x), reset()),
      }),
      button(tr('Шаг', 'Step'), () => advance(1), { 'data-testid': 'race-step' }),
      button(tr('50 шагов', '50 steps'), () => advance(50), { class: 'primary', 'data-testid': 'race-50' }),
      button(tr('Пуск / пауза', 'Run / pause'), () => {
        if (timer !== null) stop();
        else timer = window.setInterval(() => advance(2), 50);
      }),
      button(tr('Сначала', 'Reset'), () => (stop(), reset())),
    ),
  );
  root.appendChild(checks);
  root.appendChild(fig);
  root.appendChild(info);
  reset();
  root.appendChild(prose(TEXT2));
  root.appendChild(
    formula(
      'w ← w − H⁻¹ ∇L,   H_ij = ∂²L / ∂w_i ∂w_j   (n² чисел, O(n³) на обращение)'.replace(
        '(n² чисел, O(n³) на обращение)',
        t(tr('(n² чисел, O(n³) на обращение)', '(n² numbers, O(n³) to invert)')),
      ),
    ),
  );

  // --- real training race
  root.appendChild(prose(TEXT3));
  const rs = { schedule: 'none' as 'none' | 'linear' | 'exponential', epochs: 150 };
  const series = new Map<string, [number, number][]>();
  const fig2 = h('div');
  const st2 = status('race-train-status');
  const raceNames = NAMES.filter((n) => n.name !== 'nesterov' && n.name !== 'rmsprop');
  const lrs: Record<string, number> = { sgd: 0.5, momentum: 0.1, adam: 0.01, adagrad: 0.1, adadelta: 1 };
  const drawRace = () =>
    fig2.replaceChildren(
      lossChart(
        raceNames.map((n) => ({ label: n.label, points: series.get(n.name) ?? [] })),
        { xLabel: tr('эпоха', 'epoch'), yLabel: 'BCE', testid: 'race-train-chart' },
      ),
    );
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      select(
        tr('шаг обучения', 'learning rate'),
        [
          { value: 'none', label: tr('постоянный', 'constant') },
          { value: 'linear', label: tr('линейное убывание', 'linear decay') },
          { value: 'exponential', label: tr('экспоненциальное, γ = 0,97', 'exponential, γ = 0.97') },
        ],
        rs.schedule,
        (v) => (rs.schedule = v),
      ),
      button(
        tr('Обучить всеми', 'Train with each'),
        () => {
          series.clear();
          st2.textContent = t(tr('обучение…', 'training…'));
          const job = runJob(
            'race',
            {
              optimizers: raceNames.map((n) => ({ name: n.name, lr: lrs[n.name] })),
              schedule: rs.schedule,
              epochs: rs.epochs,
            },
            (m) => {
              const losses = m.losses as number[];
              raceNames.forEach((n, i) => {
                if (!series.has(n.name)) series.set(n.name, []);
                series.get(n.name)!.push([Number(m.epoch), losses[i]]);
              });
              drawRace();
              st2.textContent =
                `${t(tr('эпоха', 'epoch'))} ${m.epoch}: ` +
                raceNames.map((n, i) => `${n.label} ${fmt(losses[i], 3)}`).join(' · ');
              st2.setAttribute('data-losses', JSON.stringify(losses));
            },
          );
          jobs.add(job);
          job.done
            .then(() => st2.setAttribute('data-done', '1'))
            .catch((e: Error) => (st2.textContent = e.message))
            .finally(() => jobs.delete(job));
        },
        { class: 'primary', 'data-testid': 'race-train' },
      ),
      st2,
    ),
  );
  root.appendChild(fig2);
  drawRace();
  return () => {
    stop();
    jobs.forEach((j) => j.stop());
  };
}
