import { button, formula, h, prose, select, slider, table } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';
import { runJob, type JobHandle } from '../../lib/jobs-client.js';
import { buildDataset, toItems, type LoadedDataset } from '../../lib/dataset.js';
import { lossChart, status } from '../../lib/ui.js';
import { atomFeaturesToJson } from '../../../../src/elements/feature-table.js';
import { cgcnnAtomFeaturizer } from '../../../../src/elements/cgcnn-features.js';

const TEXT1 = tr(
  `Обучим небольшую CGCNN прямо в браузере. Загрузите набор данных:
- папку в формате CGCNN — файл id_prop.csv (строки «id,значение») и CIF-файлы с именами id.cif;
- или несколько файлов структур и CSV-таблицу с заголовком (столбец id и числовые столбцы — выберите целевой);
- или одну CSV-таблицу со столбцом, где лежит текст CIF или POSCAR.

Из набора берётся случайное подмножество, делится на обучающую, валидационную и тестовую части; цель нормируется средним и разбросом обучающей части. Сеть: вложение 92 → F, n свёрток CGCNN, усреднение по атомам, F → 32 → 1; оптимизатор Adam; всё считает движок xtal в фоновом потоке.`,
  `Let us train a small CGCNN right in the browser. Load a dataset:
- a folder in CGCNN layout — id_prop.csv (rows "id,value") and CIF files named id.cif;
- or several structure files and a CSV table with a header (an id column and numeric columns — pick the target);
- or one CSV table with a column holding CIF or POSCAR text.

A random subset is taken and split into training, validation and test parts; the target is normalised by the training part's mean and spread. The network: embedding 92 → F, n CGCNN convolutions, mean over atoms, F → 32 → 1; Adam optimizer; everything runs on the xtal engine in a background thread.`,
);
const TEXT2 = tr(
  `**Сколько слоёв свёртки нужно?** Каждая свёртка добавляет в признак атома сведения о следующей координационной сфере. Но при многократном усреднении по соседям признаки атомов становятся всё более похожими — **пересглаживание** (oversmoothing): сеть теряет различия между атомами. Обучите сети с 1–6 слоями и сравните: ошибка на валидации обычно перестаёт уменьшаться после 4–5 слоёв, а среднее косинусное расстояние между признаками атомов одного кристалла (MAD) падает от слоя к слою.`,
  `**How many convolution layers are needed?** Each convolution brings information about the next coordination shell into an atom's features. But repeated averaging over neighbours makes atom features more and more alike — **oversmoothing**: the network loses the differences between atoms. Train networks with 1–6 layers and compare: the validation error usually stops improving after 4–5 layers, and the mean cosine distance between the features of atoms of one crystal (MAD) falls from layer to layer.`,
);

async function readFiles(list: FileList | null): Promise<Array<{ name: string; text: string }>> {
  const out: Array<{ name: string; text: string }> = [];
  for (const f of Array.from(list ?? []))
    out.push({
      name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name,
      text: await f.text(),
    });
  return out;
}

export function render(root: HTMLElement): () => void {
  const jobs = new Set<JobHandle>();
  root.appendChild(prose(TEXT1));
  let ds: LoadedDataset | null = null;
  const cfg = { target: '', limit: 200, atomFeaLen: 32, epochs: 15, lr: 0.01, batchSize: 32, depth: 3 };
  const info = h('div', { 'data-testid': 'dataset-info' });
  const err = h('div', { class: 'warn', style: { display: 'none' }, 'data-testid': 'dataset-error' });
  const targetBox = h('span');
  const load = async (files: Array<{ name: string; text: string }>) => {
    err.style.display = 'none';
    try {
      const tables = files.filter((f) => /\.csv$/i.test(f.name));
      const tableFile = tables.find((f) => /id_prop\.csv$/i.test(f.name)) ?? tables[0];
      if (!tableFile)
        throw new Error(
          t(
            tr(
              'нужна CSV-таблица (id_prop.csv или с заголовком)',
              'a CSV table is needed (id_prop.csv or one with a header)',
            ),
          ),
        );
      ds = buildDataset(
        tableFile.text,
        files.filter((f) => f !== tableFile),
      );
      if (ds.rows.length === 0)
        throw new Error(
          t(tr('ни одна строка таблицы не нашла свою структуру', 'no row of the table found its structure')),
        );
      cfg.target = ds.targets.includes(cfg.target)
        ? cfg.target
        : (ds.targets.find((x) => /log10_?k/i.test(x)) ?? ds.targets[0] ?? '');
      info.replaceChildren(
        h(
          'p',
          { class: 'ok', 'data-rows': String(ds.rows.length) },
          `${t(tr('структур с целями', 'structures with targets'))}: ${ds.rows.length}${ds.unmatched ? ` · ${t(tr('без пары', 'unmatched'))}: ${ds.unmatched}` : ''} · ${t(tr('числовые столбцы', 'numeric columns'))}: ${ds.targets.join(', ')}`,
        ),
      );
      targetBox.replaceChildren(
        select(
          tr('цель', 'target'),
          ds.targets.map((x) => ({ value: x, label: x })),
          cfg.target,
          (v) => (cfg.target = v),
          'target',
        ),
      );
    } catch (e) {
      err.style.display = '';
      err.textContent = String((e as Error).message);
    }
  };
  const folder = h('input', { type: 'file', multiple: true, webkitdirectory: true, 'data-testid': 'folder' });
  const many = h('input', {
    type: 'file',
    multiple: true,
    accept: '.csv,.cif,.vasp,.poscar,.xyz,.json',
    'data-testid': 'files',
  });
  folder.addEventListener('change', async () => load(await readFiles(folder.files)));
  many.addEventListener('change', async () => load(await readFiles(many.files)));
  root.appendChild(
    h(
      'div',
      { class: 'panel' },
      h(
        'div',
        { class: 'controls' },
        h('label', { class: 'field' }, h('span', null, t(tr('папка', 'folder'))), folder),
        h('label', { class: 'field' }, h('span', null, t(tr('или файлы', 'or files'))), many),
      ),
      info,
      err,
    ),
  );
  const st = status('train-status');
  const curves = h('div');
  const results = h('div', { 'data-testid': 'train-results' });
  const parity = h('div');
  const download = h('div');
  const hist = new Map<number, { train: [number, number][]; val: [number, number][] }>();
  const finals: Array<{ depth: number; testMae: number; valMae: number; mad: number[] }> = [];
  const drawCurves = () => {
    const series: Array<{ label: string; points: [number, number][]; color?: string; dash?: boolean }> = [];
    [...hist.entries()].forEach(([d, hs], i) => {
      series.push({
        label: `${d} ${t(tr('сл.', 'conv'))}, train`,
        points: hs.train,
        color: COLORS[i % COLORS.length],
        dash: true,
      });
      series.push({
        label: `${d} ${t(tr('сл.', 'conv'))}, val`,
        points: hs.val,
        color: COLORS[i % COLORS.length],
      });
    });
    curves.replaceChildren(
      lossChart(series, { xLabel: tr('эпоха', 'epoch'), yLabel: 'MAE', testid: 'train-curves' }),
    );
  };
  const drawResults = () => {
    if (!finals.length) return results.replaceChildren();
    const rows = [
      [
        t(tr('слоёв', 'layers')),
        'MAE val',
        'MAE test',
        t(tr('MAD по слоям (0 = вложение)', 'MAD by layer (0 = embedding)')),
      ],
      ...finals.map((f) => [
        String(f.depth),
        fmt(f.valMae, 3),
        fmt(f.testMae, 3),
        f.mad.map((m) => fmt(m, 2)).join(' → '),
      ]),
    ];
    const c = new Chart({
      x: { domain: [0.5, 6.5], label: t(tr('число слоёв свёртки', 'convolution layers')) },
      y: { domain: [0, Math.max(...finals.map((f) => f.valMae)) * 1.2], label: 'MAE val' },
      width: 420,
      height: 240,
      testid: 'depth-mae',
    });
    const pts = finals.map((f) => [f.depth, f.valMae] as [number, number]).sort((a, b) => a[0] - b[0]);
    c.line(pts, COLORS[0]);
    pts.forEach(([x, y]) => c.point(x, y, COLORS[0], 4));
    const m = new Chart({
      x: { domain: [0, 6], label: t(tr('слой', 'layer')) },
      y: { domain: [0, Math.max(0.01, ...finals.flatMap((f) => f.mad)) * 1.1], label: 'MAD' },
      width: 420,
      height: 240,
      testid: 'mad',
    });
    finals.forEach((f, i) =>
      m.line(
        f.mad.map((v, k) => [k, v] as [number, number]),
        COLORS[i % COLORS.length],
      ),
    );
    m.legend(finals.map((f, i) => ({ label: `${f.depth}`, color: COLORS[i % COLORS.length] })));
    results.replaceChildren(table(rows), h('div', { class: 'row' }, c.svg, m.svg));
  };
  const start = (depths: number[]) => {
    if (!ds || !cfg.target) {
      err.style.display = '';
      err.textContent = t(tr('сначала загрузите набор данных', 'load a dataset first'));
      return;
    }
    hist.clear();
    finals.length = 0;
    drawResults();
    download.replaceChildren();
    parity.replaceChildren();
    st.removeAttribute('data-done');
    st.textContent = t(tr('строим графы…', 'building graphs…'));
    const items = toItems(ds, cfg.target, cfg.limit, 7);
    const job = runJob(
      'cgcnn',
      {
        items,
        depths,
        atomFeaLen: cfg.atomFeaLen,
        hFeaLen: 32,
        epochs: cfg.epochs,
        lr: cfg.lr,
        batchSize: cfg.batchSize,
        valFraction: 0.15,
        testFraction: 0.15,
        seed: 7,
        targetName: cfg.target,
      },
      (m) => {
        if (m.kind === 'prepared') {
          const bad = m.bad as Array<{ id: string; message: string }>;
          st.textContent = `${t(tr('графов', 'graphs'))}: ${m.ok}, ${t(tr('атомов', 'atoms'))}: ${m.atoms}${bad.length ? ` · ${t(tr('не прочитано', 'unreadable'))}: ${bad.length} (${bad[0].id}: ${bad[0].message})` : ''}`;
        } else if (m.kind === 'split') {
          st.textContent += ` · train/val/test = ${m.train}/${m.val}/${m.test}`;
        } else if (m.kind === 'epoch') {
          const d = Number(m.depth);
          if (!hist.has(d)) hist.set(d, { train: [], val: [] });
          hist.get(d)!.train.push([Number(m.epoch), Number(m.trainMae)]);
          hist.get(d)!.val.push([Number(m.epoch), Number(m.valMae)]);
          if (Number(m.epoch) === 1) st.setAttribute('data-first-loss', String(m.trainLoss));
          st.setAttribute('data-loss', String(m.trainLoss));
          st.textContent = `${d} ${t(tr('сл.', 'conv'))} · ${t(tr('эпоха', 'epoch'))} ${m.epoch}/${cfg.epochs} · ${t(tr('потеря', 'loss'))} ${fmt(Number(m.trainLoss), 3)} · MAE train ${fmt(Number(m.trainMae), 3)} · MAE val ${fmt(Number(m.valMae), 3)} · ${fmt(Number(m.seconds), 2)} s`;
          drawCurves();
        } else if (m.kind === 'final') {
          finals.push({
            depth: Number(m.depth),
            testMae: Number(m.testMae),
            valMae: Number(m.valMae),
            mad: m.mad as number[],
          });
          drawResults();
          const tp = m.testPred as Array<[number, number]>;
          const lo = Math.min(...tp.flat());
          const hi = Math.max(...tp.flat());
          const pc = new Chart({
            x: { domain: [lo, hi], label: t(tr('истинное значение', 'true value')) },
            y: { domain: [lo, hi], label: t(tr('предсказание', 'prediction')) },
            width: 360,
            height: 320,
            testid: 'parity',
          });
          pc.line(
            [
              [lo, lo],
              [hi, hi],
            ],
            '#999',
            1,
            { 'stroke-dasharray': '4 3' },
          );
          tp.forEach(([a, b]) => pc.point(a, b, COLORS[0], 3.5));
          parity.replaceChildren(
            h('h3', null, `${t(tr('Тестовая выборка', 'Test set'))}, ${m.depth} ${t(tr('сл.', 'conv'))}`),
            pc.svg,
          );
          const blob = new Blob([m.model as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
          const name = `cgcnn-${cfg.target}-${m.depth}conv.safetensors`;
          const features = new Blob([atomFeaturesToJson(cgcnnAtomFeaturizer())], {
            type: 'application/json',
          });
          download.replaceChildren(
            h(
              'p',
              null,
              h(
                'a',
                { href: URL.createObjectURL(blob), download: name, 'data-testid': 'download-model' },
                `${t(tr('Скачать модель', 'Download the model'))} (${name})`,
              ),
              ' · ',
              h(
                'a',
                {
                  href: URL.createObjectURL(features),
                  download: 'atom_init.json',
                  'data-testid': 'download-features',
                },
                `${t(tr('её признаки атомов', 'its atom features'))} (atom_init.json)`,
              ),
            ),
            h(
              'p',
              { class: 'stat' },
              t(
                tr(
                  'Веса — в safetensors под именами эталонной CGCNN, с метаданными args и normalizer. Сохраните оба файла в одну папку: тогда модель читает `xtal predict --model ФАЙЛ` (ему нужны признаки атомов, на которых она обучалась), а в браузере — страница предсказаний.',
                  'The weights are safetensors under the reference CGCNN names, with args and normalizer metadata. Save both files in one folder: then `xtal predict --model FILE` reads the model (it needs the atom features the model was trained with), and in the browser the prediction page does.',
                ),
              ),
            ),
          );
        }
      },
    );
    jobs.add(job);
    job.done
      .then(() => st.setAttribute('data-done', '1'))
      .catch((e: Error) => {
        st.textContent = e.message;
        st.setAttribute('data-error', e.message);
      })
      .finally(() => jobs.delete(job));
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      targetBox,
      slider({
        label: tr('структур не более', 'at most structures'),
        min: 20,
        max: 2000,
        step: 10,
        value: cfg.limit,
        testid: 'limit',
        oninput: (x) => (cfg.limit = x),
      }),
      slider({
        label: tr('F (ширина признаков)', 'F (feature width)'),
        min: 8,
        max: 64,
        step: 8,
        value: cfg.atomFeaLen,
        oninput: (x) => (cfg.atomFeaLen = x),
      }),
      slider({
        label: tr('эпох', 'epochs'),
        min: 1,
        max: 100,
        step: 1,
        value: cfg.epochs,
        testid: 'epochs',
        oninput: (x) => (cfg.epochs = x),
      }),
      slider({
        label: tr('слоёв свёртки', 'conv layers'),
        min: 1,
        max: 6,
        step: 1,
        value: cfg.depth,
        testid: 'depth',
        oninput: (x) => (cfg.depth = x),
      }),
    ),
  );
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      button(tr('Обучить', 'Train'), () => start([cfg.depth]), { class: 'primary', 'data-testid': 'train' }),
      button(tr('Сравнить 1–6 слоёв', 'Compare 1–6 layers'), () => start([1, 2, 3, 4, 5, 6]), {
        'data-testid': 'compare',
      }),
      button(tr('Стоп', 'Stop'), () => jobs.forEach((j) => j.stop())),
    ),
  );
  root.appendChild(st);
  root.appendChild(h('div', { class: 'row' }, curves, parity));
  root.appendChild(download);
  root.appendChild(prose(TEXT2));
  root.appendChild(
    formula(
      'MAD = mean over atom pairs (i, j) of one crystal of [1 − cos(v_i, v_j)]'.replace(
        'mean over atom pairs (i, j) of one crystal of',
        t(
          tr(
            'среднее по парам атомов (i, j) одного кристалла',
            'mean over atom pairs (i, j) of one crystal of',
          ),
        ),
      ),
    ),
  );
  root.appendChild(results);
  return () => jobs.forEach((j) => j.stop());
}
