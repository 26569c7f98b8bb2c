import { button, formula, h, prose, slider, table } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';
import { PointsBoard } from '../../lib/points2d.js';

const TEXT1 = tr(
  `Заменим ступеньку гладкой сигмоидой: выход p = σ(wᵀx + w₀) ∈ (0, 1) можно читать как вероятность класса 1. Для вероятностей естественная функция потерь — **бинарная кросс-энтропия** (минус логарифм правдоподобия):`,
  `Replace the step with a smooth sigmoid: the output p = σ(wᵀx + w₀) ∈ (0, 1) reads as the probability of class 1. For probabilities the natural loss is **binary cross-entropy** (the negative log-likelihood):`,
);
const TEXT2 = tr(
  `Градиент получается удивительно простым: производная σ′ = σ(1 − σ) сокращается с производной логарифма. В отличие от квадратичной ошибки, кросс-энтропия сильно штрафует уверенные ошибки (p → 0 при y = 1 даёт L → ∞), и обучение не «застревает» на насыщенной сигмоиде.`,
  `The gradient is remarkably simple: the derivative σ′ = σ(1 − σ) cancels against the derivative of the logarithm. Unlike the squared error, cross-entropy punishes confident mistakes hard (p → 0 with y = 1 gives L → ∞), and learning does not stall on a saturated sigmoid.`,
);

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function render(root: HTMLElement): () => void {
  root.appendChild(prose(TEXT1));
  root.appendChild(formula('σ(z) = 1 / (1 + e^(−z)),   L = −(1/N) Σ [ yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ) ]'));
  root.appendChild(prose(TEXT2));
  root.appendChild(formula('∂L/∂w = (1/N) Σ (pᵢ − yᵢ) xᵢ,   ∂L/∂w₀ = (1/N) Σ (pᵢ − yᵢ)'));

  // the two losses as functions of p for y = 1
  const cmp = new Chart({
    x: { domain: [0.001, 1], label: t(tr('p для объекта класса y = 1', 'p for an example of class y = 1')) },
    y: { domain: [0, 5], label: 'L' },
    width: 420,
    height: 240,
    testid: 'bce-vs-mse',
  });
  const ps: number[] = [];
  for (let i = 1; i <= 200; i++) ps.push(i / 200);
  cmp.line(
    ps.map((p) => [p, -Math.log(p)] as [number, number]),
    COLORS[0],
  );
  cmp.line(
    ps.map((p) => [p, (1 - p) ** 2] as [number, number]),
    COLORS[3],
    2,
    { 'stroke-dasharray': '6 4' },
  );
  cmp.legend([
    { label: '−ln p', color: COLORS[0] },
    { label: '(1 − p)²', color: COLORS[3] },
  ]);

  let w = [-0.5, 0.6, 0.1];
  let lr = 0.5;
  let steps = 0;
  let timer: number | null = null;
  const hist: [number, number][] = [];
  const board = new PointsBoard(() => update(), 'logistic-board');
  board.randomBlobs(24, 5, 0.35);
  const evalAll = () => {
    const n = board.points.length || 1;
    let L = 0;
    const g = [0, 0, 0];
    let correct = 0;
    for (const q of board.points) {
      const p = sigmoid(w[0] * q.x + w[1] * q.y + w[2]);
      const pc = Math.min(1 - 1e-12, Math.max(1e-12, p));
      L -= q.label ? Math.log(pc) : Math.log(1 - pc);
      g[0] += (p - q.label) * q.x;
      g[1] += (p - q.label) * q.y;
      g[2] += p - q.label;
      if ((p >= 0.5 ? 1 : 0) === q.label) correct++;
    }
    return { L: L / n, g: g.map((x) => x / n), acc: correct / n };
  };
  const stats = h('div', { 'data-testid': 'logistic-stats' });
  const curve = h('div');
  function update(): void {
    const { L, g, acc } = evalAll();
    board.draw((x, y) => sigmoid(w[0] * x + w[1] * y + w[2]), [w[0], w[1], w[2]]);
    if (hist.length === 0 || hist[hist.length - 1][0] !== steps) hist.push([steps, L]);
    stats.replaceChildren(
      table([
        ['', t(tr('значение', 'value')), '∂L/∂·'],
        ['w₁', fmt(w[0], 4), fmt(g[0], 4)],
        ['w₂', fmt(w[1], 4), fmt(g[1], 4)],
        ['w₀', fmt(w[2], 4), fmt(g[2], 4)],
      ]),
      h(
        'p',
        { class: 'stat' },
        `${t(tr('шаг', 'step'))} ${steps} · BCE = `,
        h('b', { 'data-testid': 'loss', 'data-value': String(L) }, fmt(L, 4)),
        ` · ${t(tr('точность', 'accuracy'))} ${Math.round(acc * 100)} %`,
      ),
    );
    const c = new Chart({
      x: { domain: [0, Math.max(10, steps)], label: t(tr('шаг', 'step')) },
      y: { domain: [0, Math.max(0.1, ...hist.map((x) => x[1])) * 1.05], label: 'BCE' },
      width: 420,
      height: 200,
    });
    c.line(hist, COLORS[0]);
    curve.replaceChildren(c.svg);
  }
  const step = (k: number) => {
    for (let i = 0; i < k; i++) {
      const { g } = evalAll();
      w = w.map((v, j) => v - lr * g[j]);
      steps++;
      hist.push([steps, evalAll().L]);
    }
    update();
  };
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      button(tr('Шаг', 'Step'), () => step(1), { class: 'primary', 'data-testid': 'step' }),
      button(tr('20 шагов', '20 steps'), () => step(20), { 'data-testid': 'step20' }),
      button(tr('Пуск / пауза', 'Run / pause'), () => {
        if (timer !== null) stop();
        else timer = window.setInterval(() => step(1), 80);
      }),
      slider({
        label: tr('шаг обучения η', 'learning rate η'),
        min: 0.05,
        max: 5,
        step: 0.05,
        value: lr,
        oninput: (x) => (lr = x),
      }),
    ),
  );
  root.appendChild(h('div', { class: 'row' }, board.el, h('div', null, stats, curve)));
  root.appendChild(h('h2', null, t(tr('Почему не квадратичная ошибка', 'Why not the squared error'))));
  root.appendChild(h('figure', null, cmp.svg));
  update();
  return stop;
}
