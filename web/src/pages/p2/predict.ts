import { h, prose, table } from '../../dom.js';
import { fmt, lang, t, tr } from '../../i18n.js';
import { currentStructure, formulaOf, structureLoader, type LoadedStructure } from '../../lib/structures.js';
import { asPredictor, modelFromSafetensors } from '../../lib/predictor.js';
import type { Predictor } from '../../lib/shipped-models.js';
import { predictShipped, shippedModelNames, type RemotePrediction } from '../../lib/jobs-client.js';
import { ashbyChart, type AshbyPoint } from '../../lib/ashby.js';
import { ASHBY_REFERENCE } from '../../lib/reference-materials.js';
import { mechanicalProperties } from '../../../../src/physics/mechanical.js';
import { atomicMass } from '../../../../src/elements/lookup.js';
import { buildExample, EXAMPLE_CRYSTALS } from '../../../../src/structure/examples/build.js';
import type { Structure } from '../../../../src/structure/structure.js';

const TEXT = tr(
  `Графовая сеть предсказывает модули K и G (точнее, их десятичные логарифмы) по структуре. Всё остальное следует из формул лекции: модуль Юнга E и коэффициент Пуассона ν, твёрдость и трещиностойкость (Мажник–Оганов), температура Дебая и тепловое расширение. Неопределённость — разброс ансамбля моделей, если их несколько.

Модели можно загрузить и свои: файл .safetensors, сохранённый на странице «Обучаем CGCNN», или веса эталонной реализации CGCNN в формате safetensors.`,
  `The graph network predicts the moduli K and G (their base-10 logarithms, to be exact) from the structure. Everything else follows from the lecture's formulas: Young's modulus E and Poisson's ratio ν, hardness and fracture toughness (Mazhnik–Oganov), the Debye temperature and thermal expansion. The uncertainty is the spread of a model ensemble, when there are several models.

You can load your own models too: a .safetensors file saved on the "Training a CGCNN" page, or reference CGCNN weights in safetensors form.`,
);

/** Targets read as log10 of the bulk / shear modulus (GPa). */
const K_TARGET = /^log10[ _]?(K|K_VRH|bulk)/i;
const G_TARGET = /^log10[ _]?(G|G_VRH|shear)/i;

function meanMass(s: Structure): number {
  let m = 0;
  let n = 0;
  for (const site of s.sites)
    for (const sp of site.species) {
      m += sp.occu * atomicMass(sp.element);
      n += sp.occu;
    }
  return m / n;
}

interface Entry {
  mean: number;
  std: number;
  members: number;
}

/** One predictor: its mean and ensemble spread; several for one target: the spread of their means. */
function combine(v: Entry[]): { mean: number; sd: number } {
  if (v.length === 1) return { mean: v[0].mean, sd: v[0].members > 1 ? v[0].std : NaN };
  const mean = v.reduce((a, b) => a + b.mean, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b.mean - mean) ** 2, 0) / (v.length - 1));
  return { mean, sd };
}

export function render(root: HTMLElement): void {
  root.appendChild(prose(TEXT));
  let loaded: LoadedStructure = currentStructure();
  const userModels: Predictor[] = [];
  let shippedErrors: string[] = [];
  // shipped models predict in a worker (engine kernels); results arrive asynchronously
  let shippedNames: string[] = [];
  let remote: { key: string; results: RemotePrediction[] } | null = null;
  let remoteAsked = '';
  let remoteExamples: AshbyPoint[] | null = null;
  let remoteExamplesAsked = false;
  const keyOf = (x: LoadedStructure) =>
    x.exampleId ?? `${x.name}:${x.text?.length ?? 0}:${x.text?.slice(0, 200)}`;
  const requestRemote = () => {
    const key = keyOf(loaded);
    if (!shippedNames.length || remoteAsked === key) return;
    remoteAsked = key;
    const item = loaded.exampleId
      ? { exampleId: loaded.exampleId }
      : { text: loaded.text ?? '', file: loaded.file ?? 'upload.cif' };
    predictShipped([item])
      .then((results) => {
        if (keyOf(loaded) !== key) return;
        remote = { key, results };
        drawModels();
        draw();
      })
      .catch((e: Error) => {
        shippedErrors = [e.message];
        drawModels();
      });
  };
  const requestRemoteExamples = () => {
    if (remoteExamplesAsked) return;
    remoteExamplesAsked = true;
    const ex = EXAMPLE_CRYSTALS.filter((e) => e.label);
    predictShipped(ex.map((e) => ({ exampleId: e.id })))
      .then((results) => {
        const pick = (re: RegExp) => {
          const r = results.find((x) => x.targets.some((tn) => re.test(tn)));
          if (!r) return null;
          const k = r.targets.findIndex((tn) => re.test(tn));
          return ex.map((_, i) => r.mean[i][k]);
        };
        const kp = pick(K_TARGET);
        const gp = pick(G_TARGET);
        if (!kp || !gp) return;
        const structs = ex.map(buildExample);
        remoteExamples = ex.map((e, i) => ({
          label: e.formula,
          bulkModulusGPa: 10 ** kp[i],
          shearModulusGPa: 10 ** gp[i],
          volumePerAtomA3: structs[i].volumePerAtomA3,
          metallic: e.metallic,
        }));
        draw();
      })
      .catch(() => {});
  };
  let exampleCache: AshbyPoint[] | null = null;
  const loaderBox = h('div');
  const modelBox = h('div', { class: 'panel', 'data-testid': 'model-status' });
  const outBox = h('div', { 'data-testid': 'predictions' });
  const ashbyBox = h('div');
  const file = h('input', {
    type: 'file',
    accept: '.safetensors',
    multiple: true,
    'data-testid': 'model-upload',
  });
  file.addEventListener('change', async () => {
    const errs: string[] = [];
    for (const f of Array.from(file.files ?? [])) {
      try {
        userModels.push(asPredictor(modelFromSafetensors(new Uint8Array(await f.arrayBuffer()), f.name)));
      } catch (e) {
        errs.push(String((e as Error).message));
      }
    }
    exampleCache = null;
    drawModels(errs);
    draw();
  });
  const all = () => userModels;
  const drawModels = (errs: string[] = []) => {
    const list = all();
    modelBox.replaceChildren(
      list.length || shippedNames.length
        ? h(
            'p',
            { class: 'ok', 'data-available': '1' },
            `${t(tr('Модели', 'Models'))}: ` +
              [
                ...shippedNames.map((n) => {
                  const r = remote?.results.find((x) => x.name === n);
                  return r
                    ? `${n} (${r.targets.join(', ')}; ${t(tr('членов ансамбля', 'ensemble members'))}: ${r.members})`
                    : `${n} (${t(tr('загружается…', 'loading…'))})`;
                }),
                ...list.map(
                  (m) =>
                    `${m.name} (${m.targets.join(', ')}; ${t(tr('членов ансамбля', 'ensemble members'))}: ${m.members})`,
                ),
              ].join('; '),
          )
        : h(
            'p',
            { class: 'warn', 'data-available': '0', 'data-testid': 'model-unavailable' },
            t(
              tr(
                'Модель недоступна: обученные модели для K и G ещё не поставляются с лабораторией. Загрузите свой файл модели или введите K и G вручную ниже — остальные свойства и диаграмма Эшби будут посчитаны.',
                'Model not available: trained models for K and G do not ship with the lab yet. Load a model file of your own, or enter K and G by hand below — the other properties and the Ashby diagram are computed from them.',
              ),
            ),
          ),
      h(
        'label',
        { class: 'field' },
        h('span', null, t(tr('файлы моделей (.safetensors)', 'model files (.safetensors)'))),
        file,
      ),
      ...[...shippedErrors, ...errs].map((e) => h('p', { class: 'warn' }, e)),
    );
  };
  const manual = { K: 200, G: 150 };
  const draw = () => {
    const s = loaded.structure;
    const list = all();
    const byTarget = new Map<string, Entry[]>();
    for (const m of list) {
      try {
        const p = m.predict([s]);
        m.targets.forEach((name, k) =>
          byTarget.set(name, [
            ...(byTarget.get(name) ?? []),
            { mean: p.mean[0][k], std: p.std[0][k], members: m.members },
          ]),
        );
      } catch (e) {
        outBox.replaceChildren(h('p', { class: 'warn' }, String((e as Error).message)));
        return;
      }
    }
    requestRemote();
    const remoteHere = remote && remote.key === keyOf(loaded) ? remote.results : null;
    for (const r of remoteHere ?? [])
      r.targets.forEach((name, k) =>
        byTarget.set(name, [
          ...(byTarget.get(name) ?? []),
          { mean: r.mean[0][k], std: r.std[0][k], members: r.members },
        ]),
      );
    outBox.setAttribute('data-complete', shippedNames.length && !remoteHere ? '0' : '1');
    const rows: string[][] = [[t(tr('величина', 'quantity')), t(tr('предсказание', 'prediction'))]];
    for (const [target, v] of byTarget) {
      const st = combine(v);
      rows.push([target, `${fmt(st.mean, 4)}${Number.isFinite(st.sd) ? ` ± ${fmt(st.sd, 2)}` : ''}`]);
    }
    let K = NaN;
    let G = NaN;
    let source = '';
    const pick = (re: RegExp): Entry[] => [...byTarget].filter(([k]) => re.test(k)).flatMap(([, v]) => v);
    const lkAll = pick(K_TARGET);
    const lgAll = pick(G_TARGET);
    const lk = lkAll.length ? lkAll : undefined;
    const lg = lgAll.length ? lgAll : undefined;
    if (lk && lg) {
      K = 10 ** combine(lk).mean;
      G = 10 ** combine(lg).mean;
      const dK = K * Math.LN10 * combine(lk).sd;
      const dG = G * Math.LN10 * combine(lg).sd;
      rows.push([
        'K, ' + t(tr('ГПа', 'GPa')),
        `${fmt(K, 4)}${Number.isFinite(dK) ? ` ± ${fmt(dK, 2)}` : ''}`,
      ]);
      rows.push([
        'G, ' + t(tr('ГПа', 'GPa')),
        `${fmt(G, 4)}${Number.isFinite(dG) ? ` ± ${fmt(dG, 2)}` : ''}`,
      ]);
      source = t(tr('из предсказанных K и G', 'from the predicted K and G'));
    } else {
      K = manual.K;
      G = manual.G;
      source = t(tr('из введённых вручную K и G', 'from K and G entered by hand'));
    }
    const mp = mechanicalProperties({
      bulkModulusGPa: K,
      shearModulusGPa: G,
      volumePerAtomA3: s.volumePerAtomA3,
      meanAtomicMassAmu: meanMass(s),
    });
    const kIn = h('input', {
      type: 'number',
      value: String(manual.K),
      step: '1',
      style: { width: '80px' },
      'data-testid': 'manual-K',
    });
    const gIn = h('input', {
      type: 'number',
      value: String(manual.G),
      step: '1',
      style: { width: '80px' },
      'data-testid': 'manual-G',
    });
    const onManual = () => {
      manual.K = Number(kIn.value);
      manual.G = Number(gIn.value);
      draw();
    };
    kIn.addEventListener('change', onManual);
    gIn.addEventListener('change', onManual);
    const metallic = s.properties.metallic === true;
    outBox.replaceChildren(
      h(
        'div',
        null,
        h('h3', null, `${formulaOf(s)} — ${loaded.name}`),
        byTarget.size ? table(rows) : null,
        !(lk && lg)
          ? h(
              'div',
              { class: 'controls' },
              h('label', { class: 'field' }, 'K, ' + t(tr('ГПа', 'GPa')), kIn),
              h('label', { class: 'field' }, 'G, ' + t(tr('ГПа', 'GPa')), gIn),
            )
          : null,
        h('p', { class: 'stat' }, source),
        table([
          [t(tr('свойство', 'property')), t(tr('значение', 'value'))],
          ['E, ' + t(tr('ГПа', 'GPa')), fmt(mp.youngsModulusGPa, 4)],
          ['ν', fmt(mp.poissonRatio, 3)],
          [
            t(tr('твёрдость H (Мажник–Оганов), ГПа', 'hardness H (Mazhnik–Oganov), GPa')),
            fmt(mp.hardness.mazhnikOganovGPa, 3),
          ],
          [
            t(tr('твёрдость (Чен / Тянь), ГПа', 'hardness (Chen / Tian), GPa')),
            `${fmt(mp.hardness.chenGPa, 3)} / ${fmt(mp.hardness.tianGPa, 3)}`,
          ],
          [
            t(tr('трещиностойкость K_IC, МПа·м^½', 'fracture toughness K_IC, MPa·m^½')),
            fmt(mp.toughness.mazhnikOganovMPaM12, 3),
          ],
          [t(tr('температура Дебая θ_D, К', 'Debye temperature θ_D, K')), fmt(mp.debye.debyeTemperatureK, 4)],
          [t(tr('α_L при 300 К, 10⁻⁶/К', 'α_L at 300 K, 10⁻⁶/K')), fmt(mp.debye.alphaLinearPerK * 1e6, 3)],
          [t(tr('плотность, кг/м³', 'density, kg/m³')), fmt(mp.debye.densityKgM3, 4)],
          ['V₀, Å³/' + t(tr('атом', 'atom')), fmt(s.volumePerAtomA3, 4)],
        ]),
        metallic || mp.validity.flags.length
          ? h(
              'p',
              { class: 'warn' },
              [
                metallic
                  ? t(
                      tr(
                        'Металл: модели твёрдости и трещиностойкости для металлов неточны.',
                        'Metal: the hardness and toughness models are not meant for metals.',
                      ),
                    )
                  : '',
                mp.validity.flags.join(', '),
              ]
                .filter(Boolean)
                .join(' '),
            )
          : null,
      ),
    );
    outBox.setAttribute('data-hardness', String(mp.hardness.mazhnikOganovGPa));
    outBox.setAttribute(
      'data-predictions',
      JSON.stringify(Object.fromEntries([...byTarget].map(([k, v]) => [k, v.map((e) => e.mean)]))),
    );
    // Ashby diagram among the built-in examples (predicted with the same models when available)
    let ref: AshbyPoint[];
    if (lk && lg && remoteHere) {
      requestRemoteExamples();
      ref =
        remoteExamples ?? ASHBY_REFERENCE.map((e) => ({ ...e, label: lang() === 'ru' ? e.nameRu : e.name }));
    } else if (lk && lg) {
      if (!exampleCache) {
        const ex = EXAMPLE_CRYSTALS.filter((e) => e.label);
        const structs = ex.map(buildExample);
        const kModels = list.filter((m) => m.targets.some((x) => K_TARGET.test(x)));
        const gModels = list.filter((m) => m.targets.some((x) => G_TARGET.test(x)));
        const avg = (ms: Predictor[], re: RegExp) => {
          const per = ms.map((m) => {
            const k = m.targets.findIndex((x) => re.test(x));
            const p = m.predict(structs);
            return structs.map((_, i) => p.mean[i][k]);
          });
          return structs.map((_, i) => per.reduce((a, p) => a + p[i], 0) / per.length);
        };
        const kp = avg(kModels, K_TARGET);
        const gp = avg(gModels, G_TARGET);
        exampleCache = ex.map((e, i) => ({
          label: e.formula,
          bulkModulusGPa: 10 ** kp[i],
          shearModulusGPa: 10 ** gp[i],
          volumePerAtomA3: structs[i].volumePerAtomA3,
          metallic: e.metallic,
        }));
      }
      ref = exampleCache;
    } else ref = ASHBY_REFERENCE.map((e) => ({ ...e, label: lang() === 'ru' ? e.nameRu : e.name }));
    ashbyBox.replaceChildren(
      h('h2', null, t(tr('На диаграмме Эшби', 'On the Ashby diagram'))),
      h(
        'p',
        { class: 'stat' },
        ref === remoteExamples || ref === exampleCache
          ? t(
              tr(
                'Встроенные примеры xtal, модули предсказаны теми же моделями.',
                "xtal's built-in examples, moduli predicted by the same models.",
              ),
            )
          : t(
              tr(
                'Эталонные вещества (DFT, Materials Project).',
                'Reference solids (DFT, Materials Project).',
              ),
            ),
      ),
      ashbyChart(ref, [
        { label: formulaOf(s), bulkModulusGPa: K, shearModulusGPa: G, volumePerAtomA3: s.volumePerAtomA3 },
      ]).svg,
    );
  };
  const setLoaded = (x: LoadedStructure) => {
    loaded = x;
    loaderBox.replaceChildren(structureLoader(setLoaded, loaded));
    draw();
  };
  loaderBox.replaceChildren(structureLoader(setLoaded, loaded));
  root.appendChild(modelBox);
  root.appendChild(loaderBox);
  root.appendChild(outBox);
  root.appendChild(ashbyBox);
  drawModels();
  draw();
  void shippedModelNames().then((names) => {
    shippedNames = names;
    if (names.length) {
      drawModels();
      draw();
    }
  });
}
