import { button, formula, h, prose, select, slider } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';
import { runJob, type JobHandle } from '../../lib/jobs-client.js';
import { grid, target1d, type Target1D } from '../../lib/datasets.js';
import { PointsBoard } from '../../lib/points2d.js';
import type { Activation, OptimizerName } from '../../lib/nets.js';
import { FIELD_N } from '../../jobs/mlp.js';
import { lossChart, status, TRAIN } from '../../lib/ui.js';

const TEXT1 = tr(
  `Многослойная сеть (перцептрон с несколькими слоями) — это цепочка линейных преобразований и нелинейных функций активации:`,
  `A multilayer network (multilayer perceptron) is a chain of linear maps and non-linear activation functions:`,
);
const TEXT2 = tr(
  `**Теорема об универсальной аппроксимации**: сеть даже с одним скрытым слоем и непостоянной ограниченной (или ReLU) активацией может приблизить любую непрерывную функцию на отрезке с любой точностью — если нейронов достаточно. Проверьте: обучите сеть с 2, 5 и 30 нейронами на ступеньке или |x|. С ReLU приближение кусочно-линейное: каждый нейрон добавляет один излом.

Сеть обучается здесь же, движком xtal в фоновом потоке (Web Worker): прямой проход, обратное распространение и шаг оптимизатора Adam.`,
  `**The universal approximation theorem**: a network with even one hidden layer and a non-constant bounded (or ReLU) activation can approximate any continuous function on an interval to any accuracy — given enough neurons. Check it: train a network with 2, 5 and 30 neurons on the step or |x|. With ReLU the approximation is piecewise linear: each neuron adds one kink.

The network trains right here, on the xtal engine in a background thread (Web Worker): forward pass, backpropagation and an Adam step.`,
);
const TEXT3 = tr(
  `**Классификация на плоскости.** Одна прямая не отделит внутренность круга от кольца или задачу XOR. Скрытый слой строит новые признаки, в которых классы становятся разделимы. Щёлкайте, чтобы добавить точки, и обучайте: фон показывает вероятность класса «синий».`,
  `**Classification in the plane.** One line cannot separate a disc from a ring, or solve XOR. The hidden layer builds new features in which the classes become separable. Click to add points and train: the background shows the probability of class "blue".`,
);
const TEXT4 = tr(
  `**Функции активации.** Сигмоида и tanh насыщаются: при больших |z| их производная почти ноль, и градиент через много слоёв затухает. ReLU не насыщается при z > 0, но «умирает» при z < 0. Softplus — гладкая ReLU (её использует CGCNN).`,
  `**Activation functions.** The sigmoid and tanh saturate: for large |z| their derivative is nearly zero, and the gradient fades through many layers. ReLU does not saturate for z > 0 but "dies" for z < 0. Softplus is a smooth ReLU (CGCNN uses it).`,
);

const ACTS: Array<{ value: Activation; label: string }> = [
  { value: 'tanh', label: 'tanh' },
  { value: 'sigmoid', label: 'sigmoid' },
  { value: 'relu', label: 'ReLU' },
  { value: 'softplus', label: 'softplus' },
];

export function render(root: HTMLElement): () => void {
  const jobs = new Set<JobHandle>();
  root.appendChild(prose(TEXT1));
  root.appendChild(formula('h⁽¹⁾ = φ(W⁽¹⁾x + b⁽¹⁾),  h⁽²⁾ = φ(W⁽²⁾h⁽¹⁾ + b⁽²⁾),  …,  ŷ = W⁽ᴸ⁾h⁽ᴸ⁻¹⁾ + b⁽ᴸ⁾'));
  root.appendChild(prose(TEXT2));

  // --- 1-D fit
  const s1 = {
    target: 'step' as Target1D,
    layers: 1,
    neurons: 8,
    act: 'relu' as Activation,
    steps: 600,
    lr: 0.02,
  };
  const fig1 = h('div');
  const loss1 = h('div');
  const st1 = status('mlp1d-status');
  const G = grid(200);
  let hist1: [number, number][] = [];
  const draw1 = (curve: Float32Array | null) => {
    const c = new Chart({
      x: { domain: [-1, 1], label: 'x' },
      y: { domain: [-1.3, 1.3], label: 'y' },
      width: 480,
      height: 300,
      testid: 'mlp1d-chart',
    });
    c.line(
      Array.from(G, (x) => [x, target1d(s1.target, x)] as [number, number]),
      '#333',
      1.5,
      { 'stroke-dasharray': '5 4' },
    );
    if (curve)
      c.line(
        Array.from(G, (x, i) => [x, curve[i]] as [number, number]),
        COLORS[0],
        2.5,
        { 'data-testid': 'mlp1d-curve' },
      );
    fig1.replaceChildren(c.svg);
    loss1.replaceChildren(
      lossChart([{ label: 'MSE', points: hist1 }], {
        xLabel: tr('шаг', 'step'),
        yLabel: 'MSE',
        log: true,
        testid: 'mlp1d-loss-chart',
      }),
    );
  };
  const train1 = () => {
    hist1 = [];
    st1.textContent = t(tr('обучение…', 'training…'));
    const job = runJob(
      'mlp1d',
      {
        target: s1.target,
        hidden: Array.from({ length: s1.layers }, () => s1.neurons),
        activation: s1.act,
        optimizer: 'adam' as OptimizerName,
        lr: s1.lr,
        steps: s1.steps,
      },
      (m) => {
        hist1.push([Number(m.step), Number(m.loss)]);
        draw1(m.curve as Float32Array);
        st1.textContent = `${t(tr('шаг', 'step'))} ${m.step} · MSE ${fmt(Number(m.loss), 3)}`;
        st1.setAttribute('data-loss', String(m.loss));
        st1.setAttribute('data-step', String(m.step));
      },
    );
    jobs.add(job);
    job.done
      .then(() => st1.setAttribute('data-done', '1'))
      .catch((e: Error) => (st1.textContent = e.message))
      .finally(() => jobs.delete(job));
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      select(
        tr('функция', 'function'),
        [
          { value: 'step', label: tr('ступенька', 'step') },
          { value: 'abs', label: '|x|' },
          { value: 'sin', label: 'sin 3x' },
          { value: 'bump', label: tr('колокол', 'bump') },
        ],
        s1.target,
        (v) => ((s1.target = v), draw1(null)),
      ),
      slider({
        label: tr('скрытых слоёв', 'hidden layers'),
        min: 1,
        max: 3,
        step: 1,
        value: s1.layers,
        oninput: (x) => (s1.layers = x),
      }),
      slider({
        label: tr('нейронов в слое', 'neurons per layer'),
        min: 1,
        max: 64,
        step: 1,
        value: s1.neurons,
        testid: 'mlp1d-neurons',
        oninput: (x) => (s1.neurons = x),
      }),
      select(tr('активация', 'activation'), ACTS, s1.act, (v) => (s1.act = v)),
      button(TRAIN, train1, { class: 'primary', 'data-testid': 'mlp1d-train' }),
      st1,
    ),
  );
  root.appendChild(h('div', { class: 'row' }, fig1, loss1));
  draw1(null);

  // --- 2-D classification
  root.appendChild(prose(TEXT3));
  const s2 = { layers: 1, neurons: 8, act: 'tanh' as Activation, steps: 400 };
  let field: Float32Array | null = null;
  const board = new PointsBoard(() => draw2(), 'mlp2d-board');
  board.randomNonlinear(80, 3, 'ring');
  const st2 = status('mlp2d-status');
  const draw2 = () => {
    const f = field;
    board.draw(
      f
        ? (x, y) => {
            const i = Math.min(FIELD_N - 1, Math.max(0, Math.floor(((x + 1) / 2) * FIELD_N)));
            const j = Math.min(FIELD_N - 1, Math.max(0, Math.floor(((1 - y) / 2) * FIELD_N)));
            return f[j * FIELD_N + i];
          }
        : undefined,
    );
  };
  const train2 = () => {
    st2.textContent = t(tr('обучение…', 'training…'));
    const job = runJob(
      'mlp2d',
      {
        points: board.points.map((q) => [q.x, q.y, q.label]),
        hidden: Array.from({ length: s2.layers }, () => s2.neurons),
        activation: s2.act,
        optimizer: 'adam' as OptimizerName,
        lr: 0.03,
        steps: s2.steps,
      },
      (m) => {
        field = m.field as Float32Array;
        draw2();
        st2.textContent = `${t(tr('шаг', 'step'))} ${m.step} · BCE ${fmt(Number(m.loss), 3)} · ${t(tr('точность', 'accuracy'))} ${Math.round(Number(m.acc) * 100)} %`;
        st2.setAttribute('data-acc', String(m.acc));
        st2.setAttribute('data-loss', String(m.loss));
      },
    );
    jobs.add(job);
    job.done
      .then(() => st2.setAttribute('data-done', '1'))
      .catch((e: Error) => (st2.textContent = e.message))
      .finally(() => jobs.delete(job));
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      select(
        tr('набор', 'data'),
        [
          { value: 'ring', label: tr('круг и кольцо', 'disc and ring') },
          { value: 'xor', label: 'XOR' },
          { value: 'moons', label: tr('волна', 'wave') },
        ],
        'ring',
        (v) => {
          board.randomNonlinear(80, 3, v);
          field = null;
          draw2();
        },
      ),
      slider({
        label: tr('скрытых слоёв', 'hidden layers'),
        min: 1,
        max: 3,
        step: 1,
        value: s2.layers,
        oninput: (x) => (s2.layers = x),
      }),
      slider({
        label: tr('нейронов в слое', 'neurons per layer'),
        min: 1,
        max: 32,
        step: 1,
        value: s2.neurons,
        oninput: (x) => (s2.neurons = x),
      }),
      select(tr('активация', 'activation'), ACTS, s2.act, (v) => (s2.act = v)),
      button(TRAIN, train2, { class: 'primary', 'data-testid': 'mlp2d-train' }),
      button(tr('Очистить точки', 'Clear points'), () => {
        board.points = [];
        field = null;
        draw2();
      }),
      st2,
    ),
  );
  root.appendChild(board.el);
  draw2();

  // --- activations
  root.appendChild(prose(TEXT4));
  const acts: Array<[string, (z: number) => number, (z: number) => number]> = [
    [
      'sigmoid',
      (z) => 1 / (1 + Math.exp(-z)),
      (z) => {
        const s = 1 / (1 + Math.exp(-z));
        return s * (1 - s);
      },
    ],
    ['tanh', Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
    ['ReLU', (z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
    ['softplus', (z) => Math.log1p(Math.exp(z)), (z) => 1 / (1 + Math.exp(-z))],
  ];
  const zs = grid(241, -4, 4);
  const mk = (deriv: boolean) => {
    const c = new Chart({
      x: { domain: [-4, 4], label: 'z' },
      y: { domain: deriv ? [-0.1, 1.1] : [-1.2, 4], label: deriv ? "φ'(z)" : 'φ(z)' },
      width: 420,
      height: 260,
    });
    acts.forEach(([, f, d], i) =>
      c.line(
        Array.from(zs, (z) => [z, (deriv ? d : f)(z)] as [number, number]),
        COLORS[i],
      ),
    );
    c.legend(
      acts.map(([n], i) => ({ label: n, color: COLORS[i] })),
      'tl',
    );
    return c.svg;
  };
  root.appendChild(h('div', { class: 'row' }, mk(false), mk(true)));
  return () => jobs.forEach((j) => j.stop());
}
