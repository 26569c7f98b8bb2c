import { button, formula, h, prose, select, slider, table } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';
import { PointsBoard } from '../../lib/points2d.js';

const TEXT1 = tr(
  `Перцептрон — простейший нейрон: взвешенная сумма входов и пороговая (ступенчатая) функция активации. Для точки x = (x₁, x₂)`,
  `The perceptron is the simplest neuron: a weighted sum of its inputs and a threshold (step) activation. For a point x = (x₁, x₂)`,
);
const TEXT2 = tr(
  `Граница решений — прямая w₁x₁ + w₂x₂ + w₀ = 0. Ступенька не дифференцируема, поэтому веса подбирают, минимизируя квадратичную ошибку линейного выхода (правило Уидроу–Хоффа) с метками y = +1 (синие) и y = −1 (красные):`,
  `The decision boundary is the line w₁x₁ + w₂x₂ + w₀ = 0. The step is not differentiable, so the weights are found by minimising the squared error of the linear output (the Widrow–Hoff rule) with labels y = +1 (blue) and y = −1 (red):`,
);
const TEXT3 = tr(
  `Щёлкните по полю, чтобы добавить точку выбранного класса (с Shift — другого класса). Затем делайте шаги градиентного спуска w ← w − η ∂L/∂w по одному и следите, как поворачивается прямая и падает ошибка.`,
  `Click the field to add a point of the chosen class (Shift-click for the other class). Then take gradient-descent steps w ← w − η ∂L/∂w one at a time and watch the line turn and the loss fall.`,
);

export function render(root: HTMLElement): () => void {
  root.appendChild(prose(TEXT1));
  root.appendChild(
    formula(
      'ŷ = step(w₁x₁ + w₂x₂ + w₀),   step(z) = 1 если z ≥ 0, иначе 0'
        .replace('если', t(tr('если', 'if')))
        .replace('иначе', t(tr('иначе', 'else'))),
    ),
  );
  root.appendChild(prose(TEXT2));
  root.appendChild(
    formula(
      'L = (1/N) Σ (yᵢ − wᵀxᵢ − w₀)²,   ∂L/∂w = −(2/N) Σ (yᵢ − wᵀxᵢ − w₀) xᵢ,   ∂L/∂w₀ = −(2/N) Σ (yᵢ − wᵀxᵢ − w₀)',
    ),
  );
  root.appendChild(prose(TEXT3));

  let w = [0.3, -0.8, 0.2];
  let lr = 0.1;
  let steps = 0;
  const history: [number, number][] = [];
  let timer: number | null = null;
  const board = new PointsBoard(() => update(), 'perceptron-board');
  board.randomBlobs(16, 3);

  const lossAndGrad = () => {
    const n = board.points.length;
    let L = 0;
    const g = [0, 0, 0];
    let correct = 0;
    for (const p of board.points) {
      const y = p.label ? 1 : -1;
      const z = w[0] * p.x + w[1] * p.y + w[2];
      const r = y - z;
      L += r * r;
      g[0] += -2 * r * p.x;
      g[1] += -2 * r * p.y;
      g[2] += -2 * r;
      if ((z >= 0 ? 1 : 0) === p.label) correct++;
    }
    return n ? { L: L / n, g: g.map((x) => x / n), acc: correct / n } : { L: 0, g: [0, 0, 0], acc: 1 };
  };

  const stats = h('div', { 'data-testid': 'perceptron-stats' });
  const curve = h('div');
  function update(): void {
    const { L, g, acc } = lossAndGrad();
    board.draw((x, y) => (w[0] * x + w[1] * y + w[2] >= 0 ? 1 : 0), [w[0], w[1], w[2]]);
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
        `${t(tr('шаг', 'step'))} ${steps} · L = `,
        h('b', { 'data-testid': 'loss', 'data-value': String(L) }, fmt(L, 4)),
        ` · ${t(tr('точность', 'accuracy'))} `,
        h('b', { 'data-testid': 'accuracy', 'data-value': String(acc) }, `${Math.round(acc * 100)} %`),
        ` · ${t(tr('точек', 'points'))}: ${board.points.length}`,
      ),
    );
    if (history.length === 0 || history[history.length - 1][0] !== steps) history.push([steps, L]);
    const c = new Chart({
      x: { domain: [0, Math.max(10, steps)], label: t(tr('шаг', 'step')) },
      y: { domain: [0, Math.max(1e-3, ...history.map((x) => x[1])) * 1.05], label: 'L' },
      width: 420,
      height: 200,
      testid: 'perceptron-loss',
    });
    c.line(history, COLORS[0]);
    curve.replaceChildren(c.svg);
  }
  const step = (k = 1) => {
    for (let i = 0; i < k; i++) {
      const { g } = lossAndGrad();
      w = w.map((v, j) => v - lr * g[j]);
      steps++;
      history.push([steps, lossAndGrad().L]);
    }
    update();
  };
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const runBtn = button(tr('Пуск / пауза', 'Run / pause'), () => {
    if (timer !== null) stop();
    else timer = window.setInterval(() => step(1), 120);
  });
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      select(
        tr('класс щелчка', 'click adds'),
        [
          { value: '1', label: tr('синий, y = +1', 'blue, y = +1') },
          { value: '0', label: tr('красный, y = −1', 'red, y = −1') },
        ],
        '1',
        (v) => (board.current = v === '1' ? 1 : 0),
        'class',
      ),
      button(tr('Шаг', 'Step'), () => step(1), { class: 'primary', 'data-testid': 'step' }),
      button(tr('10 шагов', '10 steps'), () => step(10), { 'data-testid': 'step10' }),
      runBtn,
      button(tr('Новые веса', 'Reset weights'), () => {
        w = [0.3, -0.8, 0.2];
        steps = 0;
        history.length = 0;
        update();
      }),
      button(
        tr('Очистить точки', 'Clear points'),
        () => {
          board.points = [];
          update();
        },
        { 'data-testid': 'clear' },
      ),
      slider({
        label: tr('шаг обучения η', 'learning rate η'),
        min: 0.01,
        max: 1,
        step: 0.01,
        value: lr,
        oninput: (x) => (lr = x),
      }),
    ),
  );
  root.appendChild(h('div', { class: 'row' }, board.el, h('div', null, stats, curve)));
  update();
  root.appendChild(
    h(
      'p',
      { class: 'note' },
      t(
        tr(
          'Одна прямая разделяет только линейно разделимые классы. Поставьте красные точки в два противоположных угла, а синие — в два других (задача XOR): ошибка перестанет падать, а точность не дойдёт до 100 %. Это ограничение снимает многослойная сеть.',
          'One line separates only linearly separable classes. Put red points in two opposite corners and blue ones in the other two (the XOR problem): the loss stops falling and the accuracy never reaches 100 %. A multilayer network removes this limit.',
        ),
      ),
    ),
  );
  return stop;
}
