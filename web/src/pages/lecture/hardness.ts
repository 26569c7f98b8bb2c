import { formula, h, prose, slider, table } from '../../dom.js';
import { fmt, lang, t, tr } from '../../i18n.js';
import { ASHBY_REFERENCE } from '../../lib/reference-materials.js';
import { ashbyChart, ashbyValues, type AshbyPoint } from '../../lib/ashby.js';
import { predictShipped, shippedModelNames } from '../../lib/jobs-client.js';
import { buildExample, EXAMPLE_CRYSTALS } from '../../../../src/structure/examples/build.js';

const TEXT1 = tr(
  `Сверхтвёрдыми называют материалы с твёрдостью по Виккерсу выше 40 ГПа. Их немного: алмаз (≈60–120 ГПа в зависимости от образца и нагрузки), кубический нитрид бора, некоторые фазы в системах B–C–N. Но для инструмента важна не только твёрдость: хрупкий материал раскалывается. Вторая величина — **трещиностойкость** K_IC.

Обе величины можно оценить по упругим модулям — модулю всестороннего сжатия K и модулю сдвига G. Модель Мажника–Оганова (2019):`,
  `Materials with a Vickers hardness above 40 GPa are called superhard. There are few: diamond (≈60–120 GPa depending on the sample and load), cubic boron nitride, some phases in the B–C–N system. But a tool needs more than hardness: a brittle material shatters. The second quantity is **fracture toughness** K_IC.

Both can be estimated from the elastic moduli — the bulk modulus K and the shear modulus G. The Mazhnik–Oganov model (2019):`,
);

const TEXT2 = tr(
  `Здесь E = 9KG/(3K+G) — модуль Юнга, ν = (3K−2G)/(2(3K+G)) — коэффициент Пуассона, V₀ — объём на атом. Для металлов модель неточна (в трещиностойкости не учтён вклад металлической связи) — такие точки отмечены отдельно.

**Диаграмма Эшби** ставит материалы в плоскость двух свойств. Ниже — эталонные вещества (упругие модули из DFT-расчётов Materials Project, de Jong и др., 2015), пересчитанные в H и K_IC функциями xtal. Двигайте K и G, чтобы поставить свой материал. Мажник и Оганов (2020) обучили CGCNN предсказывать K и G и так расставили на этой диаграмме более 120 тыс. структур из Materials Project: самыми твёрдыми оказались алмаз и его политипы.`,
  `Here E = 9KG/(3K+G) is Young's modulus, ν = (3K−2G)/(2(3K+G)) Poisson's ratio, V₀ the volume per atom. For metals the model is unreliable (the toughness misses the metallic-bond contribution) — such points are marked apart.

**The Ashby diagram** places materials in the plane of two properties. Below are reference solids (elastic moduli from Materials Project DFT, de Jong et al. 2015) converted to H and K_IC by xtal's functions. Move K and G to place a material of your own. Mazhnik and Oganov (2020) trained a CGCNN to predict K and G and placed more than 120k Materials Project structures on this diagram this way: diamond and its polytypes came out hardest.`,
);

export function render(root: HTMLElement): void {
  root.appendChild(prose(TEXT1));
  root.appendChild(
    formula('H_V = 0.096 · χ(ν) · E,   χ(ν) = (1 − 8.5ν + 19.5ν²) / (1 − 7.5ν + 12.2ν² + 19.6ν³)'),
  );
  root.appendChild(
    formula(
      'K_IC = 8840^(−1/2) · V₀^(1/6) · [ζ(ν) · E]^(3/2),   ζ(ν) = (1 − 13.7ν + 48.6ν²) / (1 − 15.2ν + 70.2ν² − 81.5ν³)',
    ),
  );
  root.appendChild(prose(TEXT2));
  const mine: AshbyPoint = {
    label: t(tr('ваш материал', 'your material')),
    bulkModulusGPa: 300,
    shearModulusGPa: 250,
    volumePerAtomA3: 8,
  };
  let ref: AshbyPoint[] = ASHBY_REFERENCE.map((e) => ({ ...e, label: lang() === 'ru' ? e.nameRu : e.name }));
  const source = h(
    'p',
    { class: 'stat', 'data-testid': 'ashby-source' },
    t(
      tr(
        'Точки: эталонные вещества, K и G из DFT (Materials Project). Когда с xtal поставляются обученные модели, здесь же появляются все встроенные примеры xtal с предсказанными модулями.',
        "Points: reference solids, K and G from DFT (Materials Project). When trained models ship with xtal, all of xtal's built-in examples appear here with predicted moduli.",
      ),
    ),
  );
  const fig = h('div', { style: { flex: '2 1 520px' } });
  const out = h('div', { class: 'stat', 'data-testid': 'ashby-values' });
  const draw = () => {
    fig.replaceChildren(ashbyChart(ref, [mine]).svg);
    const v = ashbyValues(mine);
    out.replaceChildren(
      table([
        ['', t(tr('значение', 'value'))],
        ['E, ' + t(tr('ГПа', 'GPa')), fmt(v.youngsModulusGPa, 4)],
        ['ν', fmt(v.poissonRatio, 3)],
        ['H_V, ' + t(tr('ГПа', 'GPa')), fmt(v.hardnessGPa, 3)],
        ['K_IC, ' + t(tr('МПа·м^½', 'MPa·m^½')), fmt(v.toughnessMPaM12, 3)],
      ]),
    );
    if (v.poissonRatio <= -1 || v.poissonRatio >= 0.5)
      out.appendChild(
        h(
          'p',
          { class: 'warn' },
          t(tr('ν вне физической области (−1; 0,5)', 'ν outside the physical range (−1, 0.5)')),
        ),
      );
  };
  const controls = h(
    'div',
    { class: 'controls' },
    slider({
      label: tr('K, ГПа', 'K, GPa'),
      min: 10,
      max: 500,
      step: 1,
      value: mine.bulkModulusGPa,
      testid: 'K',
      oninput: (x) => ((mine.bulkModulusGPa = x), draw()),
    }),
    slider({
      label: tr('G, ГПа', 'G, GPa'),
      min: 5,
      max: 550,
      step: 1,
      value: mine.shearModulusGPa,
      testid: 'G',
      oninput: (x) => ((mine.shearModulusGPa = x), draw()),
    }),
    slider({
      label: tr('V₀, Å³/атом', 'V₀, Å³/atom'),
      min: 5,
      max: 40,
      step: 0.1,
      value: mine.volumePerAtomA3,
      oninput: (x) => ((mine.volumePerAtomA3 = x), draw()),
    }),
  );
  root.appendChild(controls);
  root.appendChild(h('div', { class: 'row' }, fig, out));
  root.appendChild(source);
  draw();
  // with shipped models: every built-in example, its K and G predicted by them
  void shippedModelNames().then(async (names) => {
    if (!names.length) return;
    const results = await predictShipped(EXAMPLE_CRYSTALS.map((e) => ({ exampleId: e.id })));
    const col = (re: RegExp) => {
      const r = results.find((x) => x.targets.some((tn) => re.test(tn)));
      if (!r) return null;
      const k = r.targets.findIndex((tn) => re.test(tn));
      return { name: r.name, values: r.mean.map((row) => row[k]) };
    };
    const k = col(/^log10[ _]?(K|bulk)/i);
    const g = col(/^log10[ _]?(G|shear)/i);
    if (!k || !g) return;
    const structs = EXAMPLE_CRYSTALS.map(buildExample);
    ref = EXAMPLE_CRYSTALS.map((e, i) => ({
      label: e.label ? e.formula : '',
      bulkModulusGPa: 10 ** k.values[i],
      shearModulusGPa: 10 ** g.values[i],
      volumePerAtomA3: structs[i].volumePerAtomA3,
      metallic: e.metallic,
    }));
    source.textContent = t(
      tr(
        `Точки: ${structs.length} встроенных примеров xtal, K и G предсказаны поставляемыми моделями (${k.name}, ${g.name}).`,
        `Points: ${structs.length} built-in xtal examples, K and G predicted by the shipped models (${k.name}, ${g.name}).`,
      ),
    );
    draw();
  });
}
