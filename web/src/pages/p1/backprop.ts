import { button, formula, h, prose, slider, table } from '../../dom.js';
import { s } from '../../dom.js';
import { fmt, t, tr } from '../../i18n.js';
import {
  add,
  backward,
  matmul,
  mean,
  parameter,
  sigmoid,
  square,
  sub,
  tensor,
  tidy,
} from '../../lib/engine.js';

const TEXT1 = tr(
  `Обратное распространение ошибки — это правило дифференцирования сложной функции, применённое слой за слоем от выхода к входу. Возьмём сеть 2 → 2 → 1 с сигмоидами и один пример (x, y), потеря L = (ŷ − y)².`,
  `Backpropagation is the chain rule applied layer by layer from the output back to the input. Take a 2 → 2 → 1 network with sigmoids and one example (x, y), loss L = (ŷ − y)².`,
);
const TEXT2 = tr(
  `Прямой проход запоминает промежуточные значения (z, a). Обратный проход идёт назад и для каждого узла вычисляет δ = ∂L/∂z — «сколько потеря меняется при сдвиге этого узла». Градиент веса — произведение δ его выхода на активацию его входа. Числа на схеме пересчитываются при каждом изменении; в таблице они сравниваются с автоматическим дифференцированием движка xtal и с конечными разностями.`,
  `The forward pass stores the intermediate values (z, a). The backward pass goes in reverse and computes for every node δ = ∂L/∂z — "how much the loss changes when this node moves". A weight's gradient is the δ of its output times the activation of its input. The numbers on the diagram update on every change; the table compares them with the xtal engine's automatic differentiation and with finite differences.`,
);

const sig = (z: number) => 1 / (1 + Math.exp(-z));

interface Net {
  W1: number[][]; // [hidden][input]
  b1: number[];
  W2: number[]; // [hidden]
  b2: number;
}

function forwardBackward(n: Net, x: number[], y: number) {
  const z1 = n.W1.map((row, j) => row[0] * x[0] + row[1] * x[1] + n.b1[j]);
  const a1 = z1.map(sig);
  const z2 = n.W2[0] * a1[0] + n.W2[1] * a1[1] + n.b2;
  const yhat = sig(z2);
  const L = (yhat - y) ** 2;
  const dL_dyhat = 2 * (yhat - y);
  const d2 = dL_dyhat * yhat * (1 - yhat); // δ at the output pre-activation
  const gW2 = a1.map((a) => d2 * a);
  const gb2 = d2;
  const d1 = a1.map((a, j) => d2 * n.W2[j] * a * (1 - a));
  const gW1 = d1.map((d) => [d * x[0], d * x[1]]);
  const gb1 = d1;
  return { z1, a1, z2, yhat, L, dL_dyhat, d2, d1, gW2, gb2, gW1, gb1 };
}

/** The same gradients by the engine's reverse-mode autodiff. */
function engineGrads(n: Net, x: number[], y: number): number[] {
  return tidy(() => {
    const W1 = parameter([2, 2], (i) => n.W1[i % 2][Math.floor(i / 2)]); // [in, hidden]
    const b1 = parameter([2], (i) => n.b1[i]);
    const W2 = parameter([2, 1], (i) => n.W2[i]);
    const b2 = parameter([1], () => n.b2);
    const X = tensor(x, [1, 2]);
    const out = sigmoid(add(matmul(sigmoid(add(matmul(X, W1), b1)), W2), b2));
    const L = mean(square(sub(out, tensor([y], [1, 1]))));
    backward(L);
    const g1 = W1.grad!;
    const res = [g1[0], g1[2], g1[1], g1[3], b1.grad![0], b1.grad![1], W2.grad![0], W2.grad![1], b2.grad![0]];
    for (const p of [W1, b1, W2, b2]) p.dispose();
    return res;
  });
}

export function render(root: HTMLElement): void {
  root.appendChild(prose(TEXT1));
  root.appendChild(
    formula('z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾,  a⁽¹⁾ = σ(z⁽¹⁾),  z⁽²⁾ = w⁽²⁾·a⁽¹⁾ + b⁽²⁾,  ŷ = σ(z⁽²⁾),  L = (ŷ − y)²'),
  );
  root.appendChild(
    formula(
      'δ⁽²⁾ = 2(ŷ − y)·ŷ(1 − ŷ),   ∂L/∂w⁽²⁾ⱼ = δ⁽²⁾ a⁽¹⁾ⱼ,   δ⁽¹⁾ⱼ = δ⁽²⁾ w⁽²⁾ⱼ a⁽¹⁾ⱼ(1 − a⁽¹⁾ⱼ),   ∂L/∂W⁽¹⁾ⱼᵢ = δ⁽¹⁾ⱼ xᵢ',
    ),
  );
  root.appendChild(prose(TEXT2));
  const net: Net = {
    W1: [
      [0.5, -0.4],
      [0.3, 0.8],
    ],
    b1: [0.1, -0.2],
    W2: [0.7, -0.6],
    b2: 0.05,
  };
  const x = [1.0, 0.5];
  let y = 1;
  let lr = 1;
  let steps = 0;
  const fig = h('div');
  const tbl = h('div', { 'data-testid': 'backprop-table' });
  const draw = () => {
    const r = forwardBackward(net, x, y);
    const W = 640;
    const H = 300;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', 'data-testid': 'backprop-graph' });
    const inPos = [
      [70, 90],
      [70, 210],
    ];
    const hidPos = [
      [320, 90],
      [320, 210],
    ];
    const outPos = [[560, 150]];
    const edge = (a: number[], b: number[], w: number, g: number) => {
      svg.append(
        s('line', {
          x1: a[0],
          y1: a[1],
          x2: b[0],
          y2: b[1],
          stroke: w >= 0 ? '#1f77b4' : '#d62728',
          'stroke-width': 1 + 3 * Math.min(1, Math.abs(w)),
        }),
      );
      const mx = a[0] + 0.45 * (b[0] - a[0]);
      const my = a[1] + 0.45 * (b[1] - a[1]) - 6;
      svg.append(s('text', { x: mx, y: my, 'text-anchor': 'middle', class: 'mark-label' }, `w=${fmt(w, 3)}`));
      svg.append(
        s(
          'text',
          { x: mx, y: my + 14, 'text-anchor': 'middle', class: 'mark-label', fill: '#8c564b' },
          `∂L/∂w=${fmt(g, 3)}`,
        ),
      );
    };
    for (let j = 0; j < 2; j++)
      for (let i = 0; i < 2; i++) edge(inPos[i], hidPos[j], net.W1[j][i], r.gW1[j][i]);
    for (let j = 0; j < 2; j++) edge(hidPos[j], outPos[0], net.W2[j], r.gW2[j]);
    const node = (p: number[], lines: string[]) => {
      svg.append(
        s('circle', { cx: p[0], cy: p[1], r: 34, fill: '#fff', stroke: '#333', 'stroke-width': 1.5 }),
      );
      lines.forEach((l, k) =>
        svg.append(
          s('text', { x: p[0], y: p[1] - 6 + 14 * k, 'text-anchor': 'middle', class: 'mark-label' }, l),
        ),
      );
    };
    node(inPos[0], [`x₁=${fmt(x[0], 3)}`]);
    node(inPos[1], [`x₂=${fmt(x[1], 3)}`]);
    hidPos.forEach((p, j) => node(p, [`a=${fmt(r.a1[j], 3)}`, `δ=${fmt(r.d1[j], 3)}`]));
    node(outPos[0], [`ŷ=${fmt(r.yhat, 3)}`, `δ=${fmt(r.d2, 3)}`]);
    svg.append(
      s('text', { x: 560, y: 215, 'text-anchor': 'middle', class: 'mark-label' }, `y=${y}, L=${fmt(r.L, 4)}`),
    );
    fig.replaceChildren(svg);
    // analytic vs engine vs finite differences
    const flat = [
      r.gW1[0][0],
      r.gW1[0][1],
      r.gW1[1][0],
      r.gW1[1][1],
      r.gb1[0],
      r.gb1[1],
      r.gW2[0],
      r.gW2[1],
      r.gb2,
    ];
    const eng = engineGrads(net, x, y);
    const names = ['W⁽¹⁾₁₁', 'W⁽¹⁾₁₂', 'W⁽¹⁾₂₁', 'W⁽¹⁾₂₂', 'b⁽¹⁾₁', 'b⁽¹⁾₂', 'w⁽²⁾₁', 'w⁽²⁾₂', 'b⁽²⁾'];
    const get = (k: number): [() => number, (v: number) => void] => {
      if (k < 4) {
        const j = k >> 1,
          i = k & 1;
        return [() => net.W1[j][i], (v) => (net.W1[j][i] = v)];
      }
      if (k < 6) return [() => net.b1[k - 4], (v) => (net.b1[k - 4] = v)];
      if (k < 8) return [() => net.W2[k - 6], (v) => (net.W2[k - 6] = v)];
      return [() => net.b2, (v) => (net.b2 = v)];
    };
    const fd = flat.map((_, k) => {
      const [g, set] = get(k);
      const v0 = g();
      const e = 1e-5;
      set(v0 + e);
      const lp = forwardBackward(net, x, y).L;
      set(v0 - e);
      const lm = forwardBackward(net, x, y).L;
      set(v0);
      return (lp - lm) / (2 * e);
    });
    tbl.replaceChildren(
      table([
        [
          t(tr('параметр', 'parameter')),
          t(tr('цепное правило', 'chain rule')),
          t(tr('движок xtal', 'xtal engine')),
          t(tr('конечные разности', 'finite differences')),
        ],
        ...names.map((nm, k) => [nm, fmt(flat[k], 5), fmt(eng[k], 5), fmt(fd[k], 5)]),
      ]),
      h(
        'p',
        { class: 'stat' },
        `${t(tr('шаг', 'step'))} ${steps} · L = `,
        h(
          'b',
          {
            'data-testid': 'bp-loss',
            'data-value': String(r.L),
            'data-max-diff': String(Math.max(...flat.map((v, k) => Math.abs(v - eng[k])))),
          },
          fmt(r.L, 5),
        ),
      ),
    );
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      slider({
        label: tr('x₁', 'x₁'),
        min: -2,
        max: 2,
        step: 0.1,
        value: x[0],
        oninput: (v) => ((x[0] = v), draw()),
      }),
      slider({
        label: tr('x₂', 'x₂'),
        min: -2,
        max: 2,
        step: 0.1,
        value: x[1],
        oninput: (v) => ((x[1] = v), draw()),
      }),
      slider({
        label: tr('цель y', 'target y'),
        min: 0,
        max: 1,
        step: 1,
        value: y,
        oninput: (v) => ((y = v), draw()),
      }),
      slider({
        label: tr('шаг η', 'rate η'),
        min: 0.1,
        max: 5,
        step: 0.1,
        value: lr,
        oninput: (v) => (lr = v),
      }),
      button(
        tr('Шаг градиентного спуска', 'Gradient step'),
        () => {
          const r = forwardBackward(net, x, y);
          for (let j = 0; j < 2; j++) {
            for (let i = 0; i < 2; i++) net.W1[j][i] -= lr * r.gW1[j][i];
            net.b1[j] -= lr * r.gb1[j];
            net.W2[j] -= lr * r.gW2[j];
          }
          net.b2 -= lr * r.gb2;
          steps++;
          draw();
        },
        { class: 'primary', 'data-testid': 'bp-step' },
      ),
    ),
  );
  root.appendChild(fig);
  root.appendChild(tbl);
  draw();
}
