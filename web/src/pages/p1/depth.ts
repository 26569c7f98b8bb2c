import { button, checkbox, formula, h, prose, select, slider } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';
import { runJob, type JobHandle } from '../../lib/jobs-client.js';
import type { Activation } from '../../lib/nets.js';
import { lossChart, status } from '../../lib/ui.js';

const TEXT1 = tr(
  `**Затухающие градиенты.** По цепному правилу градиент первого слоя — произведение множителей от всех слоёв выше. Производная сигмоиды не больше 1/4, поэтому в глубокой сигмоидной сети градиент первых слоёв уменьшается примерно геометрически с глубиной, и они почти не учатся.

**BatchNorm** нормирует выход слоя по мини-батчу, затем масштабирует и сдвигает обучаемыми γ и β:`,
  `**Vanishing gradients.** By the chain rule the first layer's gradient is a product of factors from every layer above. The sigmoid's derivative is at most 1/4, so in a deep sigmoid network the gradient of the first layers shrinks roughly geometrically with depth, and they barely learn.

**BatchNorm** normalises a layer's output over the minibatch, then scales and shifts it with trainable γ and β:`,
);
const TEXT2 = tr(
  `Так входы каждой следующей активации остаются в области, где её производная не мала, и градиенты проходят через много слоёв. При выводе (eval) используются накопленные средние, а не статистика батча. Сравните норму градиента весов по слоям (логарифмическая шкала) для сигмоиды с BatchNorm и без, и для ReLU.`,
  `This keeps the inputs of each next activation where its derivative is not small, and gradients pass through many layers. At inference (eval) the running averages are used instead of batch statistics. Compare the weight-gradient norm per layer (log scale) for the sigmoid with and without BatchNorm, and for ReLU.`,
);

export function render(root: HTMLElement): () => void {
  const jobs = new Set<JobHandle>();
  root.appendChild(prose(TEXT1));
  root.appendChild(formula('x̂ = (x − μ_B) / √(σ²_B + ε),   y = γ x̂ + β'));
  root.appendChild(prose(TEXT2));
  const p = { depth: 8, activation: 'sigmoid' as Activation, batchNorm: false, steps: 200 };
  const runs: Array<{ label: string; loss: [number, number][]; grads: number[] }> = [];
  const figG = h('div');
  const figL = h('div');
  const st = status('depth-status');
  const draw = () => {
    const all = runs.flatMap((r) => r.grads).filter((g) => g > 0);
    const lo = all.length ? Math.min(...all) / 2 : 1e-6;
    const hi = all.length ? Math.max(...all) * 2 : 1;
    const L = Math.max(2, ...runs.map((r) => r.grads.length));
    const c = new Chart({
      x: { domain: [1, L], label: t(tr('слой (1 — у входа)', 'layer (1 = next to the input)')) },
      y: {
        domain: [lo, hi],
        log: true,
        label: '‖∂L/∂W‖',
        format: (v) => (/^1/.test(v.toExponential()) ? v.toExponential(0) : ''),
      },
      width: 480,
      height: 300,
      testid: 'depth-grads',
    });
    runs.forEach((r, i) => {
      c.line(
        r.grads.map((g, k) => [k + 1, g] as [number, number]),
        COLORS[i % COLORS.length],
      );
      r.grads.forEach((g, k) => c.point(k + 1, g, COLORS[i % COLORS.length], 3));
    });
    c.legend(
      runs.map((r, i) => ({ label: r.label, color: COLORS[i % COLORS.length] })),
      'br',
    );
    figG.replaceChildren(c.svg);
    figL.replaceChildren(
      lossChart(
        runs.map((r) => ({ label: r.label, points: r.loss })),
        { xLabel: tr('шаг', 'step'), yLabel: 'BCE', testid: 'depth-loss' },
      ),
    );
  };
  const run = () => {
    const label = `${p.activation}${p.batchNorm ? '+BN' : ''}, ${p.depth}`;
    const r = { label, loss: [] as [number, number][], grads: [] as number[] };
    runs.push(r);
    if (runs.length > 4) runs.shift();
    st.removeAttribute('data-done');
    const job = runJob(
      'depth',
      {
        depth: p.depth,
        width: 16,
        activation: p.activation,
        batchNorm: p.batchNorm,
        steps: p.steps,
        lr: 0.5,
      },
      (m) => {
        r.loss.push([Number(m.step), Number(m.loss)]);
        if (Number(m.step) === 1) r.grads = m.gradNorms as number[];
        const g = m.gradNorms as number[];
        st.textContent = `${label}: ${t(tr('шаг', 'step'))} ${m.step} · BCE ${fmt(Number(m.loss), 3)} · ‖∂L/∂W₁‖/‖∂L/∂W_L‖ = ${fmt(g[0] / g[g.length - 1], 2)}`;
        st.setAttribute('data-ratio', String(r.grads[0] / r.grads[r.grads.length - 1]));
        st.setAttribute('data-loss', String(m.loss));
        draw();
      },
    );
    jobs.add(job);
    job.done
      .then(() => st.setAttribute('data-done', '1'))
      .catch((e: Error) => (st.textContent = e.message))
      .finally(() => jobs.delete(job));
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      slider({
        label: tr('скрытых слоёв', 'hidden layers'),
        min: 2,
        max: 16,
        step: 1,
        value: p.depth,
        testid: 'depth-depth',
        oninput: (x) => (p.depth = x),
      }),
      select(
        tr('активация', 'activation'),
        [
          { value: 'sigmoid', label: 'sigmoid' },
          { value: 'tanh', label: 'tanh' },
          { value: 'relu', label: 'ReLU' },
        ],
        p.activation,
        (v) => (p.activation = v as Activation),
        'depth-act',
      ),
      checkbox(tr('BatchNorm', 'BatchNorm'), p.batchNorm, (v) => (p.batchNorm = v), 'depth-bn'),
      button(tr('Обучить и добавить на график', 'Train and add to the plot'), run, {
        class: 'primary',
        'data-testid': 'depth-run',
      }),
      button(tr('Очистить', 'Clear'), () => ((runs.length = 0), draw())),
    ),
  );
  root.appendChild(st);
  root.appendChild(h('div', { class: 'row' }, figG, figL));
  draw();
  return () => jobs.forEach((j) => j.stop());
}
