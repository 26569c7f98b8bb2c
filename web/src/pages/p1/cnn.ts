import { button, formula, h, prose, select, slider } from '../../dom.js';
import { fmt, t, tr } from '../../i18n.js';
import { runJob, type JobHandle } from '../../lib/jobs-client.js';
import { shapes, SHAPE_CLASSES } from '../../lib/datasets.js';
import { imageCanvas } from '../../lib/images.js';
import type { PoolKind } from '../../lib/nets.js';
import { lossChart, status } from '../../lib/ui.js';

const S = 16;
const CLASS_NAMES = {
  circle: tr('круг', 'circle'),
  square: tr('квадрат', 'square'),
  triangle: tr('треугольник', 'triangle'),
  cross: tr('крест', 'cross'),
};

const TEXT1 = tr(
  `Полносвязный слой не знает, что пиксели рядом связаны. **Свёрточный слой** скользит по изображению маленьким ядром (здесь 3×3) с одними и теми же весами — так он находит один и тот же узор (край, угол) в любом месте. Каждый **канал** — своё ядро и своя карта признаков. **Шаг** (stride) 2 пропускает каждую вторую позицию и вдвое уменьшает карту. **Пулинг** сжимает карту, беря максимум, среднее или минимум в окне 2×2.

Картинки ниже нарисованы кодом страницы: круги, квадраты, треугольники и кресты случайного размера и положения с шумом. Сеть: свёртка 3×3 → ReLU → пулинг → свёртка 3×3 → ReLU → пулинг → полносвязный слой, обучение Adam на движке xtal.`,
  `A dense layer does not know that neighbouring pixels are related. A **convolutional layer** slides a small kernel (here 3×3) with the same weights over the image — so it finds one pattern (an edge, a corner) anywhere. Each **channel** is its own kernel and its own feature map. A **stride** of 2 skips every other position and halves the map. **Pooling** shrinks a map by taking the maximum, mean or minimum over a 2×2 window.

The pictures below are drawn by the page's code: circles, squares, triangles and crosses of random size and position, with noise. The network: 3×3 convolution → ReLU → pooling → 3×3 convolution → ReLU → pooling → dense layer, trained with Adam on the xtal engine.`,
);
const TEXT2 = tr(
  `**Автоэнкодер** учится восстанавливать вход через узкое «горлышко» — код из нескольких чисел: 256 пикселей → 64 → код → 64 → 256. Метки не нужны: потеря — разница между входом и выходом. Чем меньше код, тем больше деталей теряется; то, что остаётся, — самое важное в данных. Так строят сжатые представления, в том числе кристаллов.`,
  `An **autoencoder** learns to reproduce its input through a narrow bottleneck — a code of a few numbers: 256 pixels → 64 → code → 64 → 256. No labels are needed: the loss is the difference between input and output. The smaller the code, the more detail is lost; what remains is what matters most in the data. Compressed representations — of crystals too — are built this way.`,
);

export function render(root: HTMLElement): () => void {
  const jobs = new Set<JobHandle>();
  root.appendChild(prose(TEXT1));
  root.appendChild(formula('(K ∗ x)[i, j] = Σ_c Σ_{u,v} K[c, u, v] · x[c, i·s + u − p, j·s + v − p] + b'));
  const sample = shapes(16, S, 7);
  const gallery = h('div', { class: 'row', style: { gap: '6px', flex: 'none' } });
  for (let k = 0; k < 16; k++)
    gallery.appendChild(
      h(
        'div',
        { style: { flex: 'none', textAlign: 'center', fontSize: '12px' } },
        imageCanvas(sample.x, S, S, 4, false, k * S * S),
        h('div', null, t(CLASS_NAMES[SHAPE_CLASSES[sample.y[k]]])),
      ),
    );
  root.appendChild(gallery);
  const p = { channels: 4, stride: 1, pool: 'max' as PoolKind, epochs: 8, trainSize: 320 };
  const hist = {
    loss: [] as [number, number][],
    train: [] as [number, number][],
    test: [] as [number, number][],
  };
  const st = status('cnn-status');
  const figL = h('div');
  const maps = h('div', { 'data-testid': 'cnn-maps' });
  const draw = () =>
    figL.replaceChildren(
      lossChart(
        [
          { label: t(tr('потеря', 'loss')), points: hist.loss },
          { label: t(tr('точность, обучение', 'accuracy, train')), points: hist.train },
          { label: t(tr('точность, тест', 'accuracy, test')), points: hist.test },
        ],
        { xLabel: tr('эпоха', 'epoch'), yLabel: '', testid: 'cnn-curves' },
      ),
    );
  const train = () => {
    hist.loss = [];
    hist.train = [];
    hist.test = [];
    st.removeAttribute('data-done');
    st.textContent = t(tr('обучение…', 'training…'));
    const job = runJob('cnn', { ...p, lr: 0.01 }, (m) => {
      if (m.kind !== 'epoch') return;
      hist.loss.push([Number(m.epoch), Number(m.loss)]);
      hist.train.push([Number(m.epoch), Number(m.trainAcc)]);
      hist.test.push([Number(m.epoch), Number(m.testAcc)]);
      st.textContent = `${t(tr('эпоха', 'epoch'))} ${m.epoch} · ${t(tr('потеря', 'loss'))} ${fmt(Number(m.loss), 3)} · ${t(tr('точность на тесте', 'test accuracy'))} ${Math.round(Number(m.testAcc) * 100)} %`;
      st.setAttribute('data-loss', String(m.loss));
      st.setAttribute('data-test-acc', String(m.testAcc));
      if (Number(m.epoch) === 1) st.setAttribute('data-first-loss', String(m.loss));
      const mp = m.maps as { data: Float32Array; shape: number[] };
      const [, C, H, W] = mp.shape;
      maps.replaceChildren(
        h(
          'p',
          null,
          t(
            tr(
              `Карты признаков первого слоя для первой тестовой картинки (${C} каналов, ${H}×${W}):`,
              `First-layer feature maps of the first test picture (${C} channels, ${H}×${W}):`,
            ),
          ),
        ),
        h(
          'div',
          { class: 'row', style: { gap: '6px' } },
          imageCanvas(sample.x, S, S, 4),
          ...Array.from({ length: C }, (_, c) =>
            imageCanvas(mp.data, W, H, Math.round(64 / W), true, c * H * W),
          ),
        ),
      );
      draw();
    });
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
        label: tr('каналов', 'channels'),
        min: 1,
        max: 8,
        step: 1,
        value: p.channels,
        oninput: (x) => (p.channels = x),
      }),
      select(
        tr('шаг свёртки', 'stride'),
        [
          { value: '1', label: '1' },
          { value: '2', label: '2' },
        ],
        '1',
        (v) => (p.stride = Number(v)),
        'cnn-stride',
      ),
      select(
        tr('пулинг', 'pooling'),
        [
          { value: 'max', label: 'max' },
          { value: 'avg', label: tr('среднее', 'average') },
          { value: 'min', label: 'min' },
        ],
        p.pool,
        (v) => (p.pool = v as PoolKind),
        'cnn-pool',
      ),
      slider({
        label: tr('эпох', 'epochs'),
        min: 1,
        max: 30,
        step: 1,
        value: p.epochs,
        oninput: (x) => (p.epochs = x),
      }),
      button(tr('Обучить', 'Train'), train, { class: 'primary', 'data-testid': 'cnn-train' }),
    ),
  );
  root.appendChild(st);
  root.appendChild(h('div', { class: 'row' }, figL, maps));
  draw();

  root.appendChild(h('h2', null, t(tr('Автоэнкодер', 'Autoencoder'))));
  root.appendChild(prose(TEXT2));
  const ae = { code: 8, epochs: 25 };
  const aeSt = status('ae-status');
  const aeOut = h('div', { 'data-testid': 'ae-out' });
  const aeHist: [number, number][] = [];
  const aeFig = h('div');
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      slider({
        label: tr('размер кода', 'code size'),
        min: 1,
        max: 32,
        step: 1,
        value: ae.code,
        oninput: (x) => (ae.code = x),
      }),
      slider({
        label: tr('эпох', 'epochs'),
        min: 5,
        max: 80,
        step: 5,
        value: ae.epochs,
        oninput: (x) => (ae.epochs = x),
      }),
      button(
        tr('Обучить автоэнкодер', 'Train the autoencoder'),
        () => {
          aeHist.length = 0;
          aeSt.removeAttribute('data-done');
          const job = runJob('autoencoder', { code: ae.code, epochs: ae.epochs, lr: 0.003 }, (m) => {
            aeHist.push([Number(m.epoch), Number(m.loss)]);
            if (Number(m.epoch) === 1) aeSt.setAttribute('data-first-loss', String(m.loss));
            aeSt.setAttribute('data-loss', String(m.loss));
            aeSt.textContent = `${t(tr('эпоха', 'epoch'))} ${m.epoch} · MSE ${fmt(Number(m.loss), 3)}`;
            const orig = m.originals as Float32Array;
            const rec = m.recon as Float32Array;
            aeOut.replaceChildren(
              h(
                'p',
                null,
                t(
                  tr(
                    'Верхний ряд — входы, нижний — восстановление:',
                    'Top row: inputs; bottom row: reconstructions:',
                  ),
                ),
              ),
              h(
                'div',
                { class: 'row', style: { gap: '6px' } },
                ...Array.from({ length: 8 }, (_, k) => imageCanvas(orig, S, S, 4, false, k * S * S)),
              ),
              h(
                'div',
                { class: 'row', style: { gap: '6px' } },
                ...Array.from({ length: 8 }, (_, k) => imageCanvas(rec, S, S, 4, false, k * S * S)),
              ),
            );
            aeFig.replaceChildren(
              lossChart([{ label: 'MSE', points: aeHist }], {
                xLabel: tr('эпоха', 'epoch'),
                yLabel: 'MSE',
                testid: 'ae-loss',
                height: 220,
              }),
            );
          });
          jobs.add(job);
          job.done
            .then(() => aeSt.setAttribute('data-done', '1'))
            .catch((e: Error) => (aeSt.textContent = e.message))
            .finally(() => jobs.delete(job));
        },
        { class: 'primary', 'data-testid': 'ae-train' },
      ),
      aeSt,
    ),
  );
  root.appendChild(h('div', { class: 'row' }, aeOut, aeFig));
  return () => jobs.forEach((j) => j.stop());
}
