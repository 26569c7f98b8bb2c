import { button, h, prose, select, slider, table } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';
import { runJob, type JobHandle } from '../../lib/jobs-client.js';
import { grid } from '../../lib/datasets.js';
import { lossChart, status } from '../../lib/ui.js';

const TEXT1 = tr(
  `**Мини-батчи и эпохи.** Градиент по всей выборке дорог, поэтому его оценивают по небольшой случайной части — мини-батчу. Эпоха — один проход по всей обучающей выборке: при N примерах и размере батча B это ⌈N/B⌉ шагов. Маленький батч даёт много шумных шагов, большой — мало точных.

**Переобучение и недообучение.** Данные делят на три части: на обучающей подбирают веса, на валидационной выбирают модель и момент остановки, на тестовой один раз в конце оценивают качество. Слишком простая модель плохо описывает даже обучающие данные (недообучение). Слишком гибкая запоминает шум: ошибка на обучении падает, а на валидации начинает расти (переобучение).

Ниже — зашумлённая синусоида. Попробуйте 1 нейрон (недообучение), 8 нейронов, и 2 слоя по 64 при 20 точках (переобучение).`,
  `**Minibatches and epochs.** The gradient over the whole set is costly, so it is estimated on a small random part — a minibatch. An epoch is one pass over the whole training set: with N examples and batch size B that is ⌈N/B⌉ steps. A small batch gives many noisy steps, a large one few accurate steps.

**Overfitting and underfitting.** The data are split in three: the training set fits the weights, the validation set picks the model and when to stop, the test set estimates quality once, at the end. Too simple a model describes even the training data poorly (underfitting). Too flexible a model memorises the noise: the training error keeps falling while the validation error starts to rise (overfitting).

Below is a noisy sine. Try 1 neuron (underfitting), 8 neurons, and 2 layers of 64 with 20 points (overfitting).`,
);
const TEXT2 = tr(
  `**k-кратная перекрёстная проверка.** Когда данных мало, одно разбиение даёт случайную оценку. Выборку делят на k частей; k раз модель обучают на k − 1 частях и проверяют на оставшейся. Среднее и разброс k оценок надёжнее одной.`,
  `**k-fold cross-validation.** With little data one split gives a noisy estimate. The set is cut into k folds; k times a model trains on k − 1 folds and is checked on the remaining one. The mean and spread of the k scores are more reliable than one.`,
);

export function render(root: HTMLElement): () => void {
  const jobs = new Set<JobHandle>();
  root.appendChild(prose(TEXT1));
  const p = { samples: 40, noise: 0.2, layers: 1, neurons: 8, batchSize: 8, epochs: 200 };
  const figData = h('div');
  const figCurves = h('div');
  const st = status('fit-status');
  let data: Record<string, Float32Array> | null = null;
  let curve: Float32Array | null = null;
  const hist = {
    train: [] as [number, number][],
    val: [] as [number, number][],
    test: [] as [number, number][],
  };
  const G = grid(200);
  const drawData = () => {
    const c = new Chart({
      x: { domain: [-1, 1], label: 'x' },
      y: { domain: [-1.6, 1.6], label: 'y' },
      width: 460,
      height: 300,
      testid: 'fit-data',
    });
    c.line(
      Array.from(G, (x) => [x, 0.8 * Math.sin(3 * x)] as [number, number]),
      '#999',
      1,
      { 'stroke-dasharray': '4 4' },
    );
    if (data) {
      data.xTr.forEach((x, i) => c.point(x, data!.yTr[i], COLORS[0], 4));
      data.xVa.forEach((x, i) => c.point(x, data!.yVa[i], COLORS[3], 4));
      data.xTe.forEach((x, i) => c.point(x, data!.yTe[i], COLORS[2], 4));
    }
    if (curve)
      c.line(
        Array.from(G, (x, i) => [x, curve![i]] as [number, number]),
        COLORS[1],
        2.5,
      );
    c.legend([
      { label: t(tr('обучение', 'train')), color: COLORS[0] },
      { label: t(tr('валидация', 'validation')), color: COLORS[3] },
      { label: t(tr('тест', 'test')), color: COLORS[2] },
    ]);
    figData.replaceChildren(c.svg);
    figCurves.replaceChildren(
      lossChart(
        [
          { label: t(tr('обучение', 'train')), points: hist.train, color: COLORS[0] },
          { label: t(tr('валидация', 'validation')), points: hist.val, color: COLORS[3] },
          { label: t(tr('тест', 'test')), points: hist.test, color: COLORS[2], dash: true },
        ],
        { xLabel: tr('эпоха', 'epoch'), yLabel: 'MSE', log: true, testid: 'fit-curves' },
      ),
    );
  };
  const train = () => {
    hist.train = [];
    hist.val = [];
    hist.test = [];
    curve = null;
    st.removeAttribute('data-done');
    const job = runJob(
      'fitCurves',
      {
        samples: p.samples,
        noise: p.noise,
        hidden: Array.from({ length: p.layers }, () => p.neurons),
        activation: 'tanh',
        batchSize: p.batchSize,
        epochs: p.epochs,
        lr: 0.01,
      },
      (m) => {
        if (m.kind === 'data') data = m as unknown as Record<string, Float32Array>;
        else {
          hist.train.push([Number(m.epoch), Number(m.train)]);
          hist.val.push([Number(m.epoch), Number(m.val)]);
          hist.test.push([Number(m.epoch), Number(m.test)]);
          if (m.curve) curve = m.curve as Float32Array;
          const best = hist.val.reduce((a, b) => (b[1] < a[1] ? b : a));
          st.textContent = `${t(tr('эпоха', 'epoch'))} ${m.epoch} (${m.steps} ${t(tr('шагов', 'steps'))}) · train ${fmt(Number(m.train), 3)} · val ${fmt(Number(m.val), 3)} · test ${fmt(Number(m.test), 3)} · ${t(tr('лучшая валидация на эпохе', 'best validation at epoch'))} ${best[0]}`;
          st.setAttribute('data-train', String(m.train));
          st.setAttribute('data-val', String(m.val));
          st.setAttribute('data-steps', String(m.steps));
        }
        drawData();
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
        label: tr('точек', 'points'),
        min: 10,
        max: 200,
        step: 10,
        value: p.samples,
        testid: 'fit-samples',
        oninput: (x) => (p.samples = x),
      }),
      slider({
        label: tr('шум σ', 'noise σ'),
        min: 0,
        max: 0.5,
        step: 0.05,
        value: p.noise,
        oninput: (x) => (p.noise = x),
      }),
      slider({
        label: tr('слоёв', 'layers'),
        min: 1,
        max: 3,
        step: 1,
        value: p.layers,
        testid: 'fit-layers',
        oninput: (x) => (p.layers = x),
      }),
      slider({
        label: tr('нейронов', 'neurons'),
        min: 1,
        max: 64,
        step: 1,
        value: p.neurons,
        testid: 'fit-neurons',
        oninput: (x) => (p.neurons = x),
      }),
      select(
        tr('батч', 'batch'),
        [1, 4, 8, 16, 64, 200].map((b) => ({ value: String(b), label: String(b) })),
        String(p.batchSize),
        (v) => (p.batchSize = Number(v)),
        'fit-batch',
      ),
      slider({
        label: tr('эпох', 'epochs'),
        min: 20,
        max: 600,
        step: 20,
        value: p.epochs,
        oninput: (x) => (p.epochs = x),
      }),
      button(tr('Обучить', 'Train'), train, { class: 'primary', 'data-testid': 'fit-train' }),
    ),
  );
  root.appendChild(st);
  root.appendChild(h('div', { class: 'row' }, figData, figCurves));
  drawData();

  root.appendChild(prose(TEXT2));
  const kp = { k: 5 };
  const kout = h('div', { 'data-testid': 'kfold-out' });
  const rows: number[][] = [];
  const drawK = () => {
    const vals = rows.map((r) => r[2]);
    const m = vals.reduce((a, b) => a + b, 0) / Math.max(1, vals.length);
    const sdev = Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, vals.length - 1));
    kout.replaceChildren(
      table([
        [t(tr('блок', 'fold')), 'MSE train', 'MSE val'],
        ...rows.map((r) => [String(r[0] + 1), fmt(r[1], 3), fmt(r[2], 3)]),
      ]),
      ...(rows.length
        ? [
            h(
              'p',
              { class: 'stat', 'data-mean': String(m) },
              `${t(tr('среднее', 'mean'))} MSE val = ${fmt(m, 3)} ± ${fmt(sdev, 2)}`,
            ),
          ]
        : []),
    );
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      slider({ label: tr('k', 'k'), min: 2, max: 10, step: 1, value: kp.k, oninput: (x) => (kp.k = x) }),
      button(
        tr('Запустить k-кратную проверку', 'Run k-fold cross-validation'),
        () => {
          rows.length = 0;
          drawK();
          const job = runJob(
            'kfold',
            {
              k: kp.k,
              samples: p.samples,
              noise: p.noise,
              hidden: Array.from({ length: p.layers }, () => p.neurons),
              activation: 'tanh',
              batchSize: p.batchSize,
              epochs: Math.min(p.epochs, 200),
              lr: 0.01,
            },
            (m) => {
              rows.push([Number(m.fold), Number(m.train), Number(m.val)]);
              drawK();
            },
          );
          jobs.add(job);
          job.done.finally(() => jobs.delete(job));
        },
        { 'data-testid': 'kfold-run' },
      ),
    ),
  );
  root.appendChild(kout);
  return () => jobs.forEach((j) => j.stop());
}
