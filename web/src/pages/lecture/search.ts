import { h, prose, slider, table } from '../../dom.js';
import { Chart, COLORS } from '../../chart.js';
import { fmt, t, tr } from '../../i18n.js';

const TEXT1 = tr(
  `Новый материал можно искать **экспериментом**: синтезировать вещество и измерить его свойства. Это самый надёжный путь, но медленный и дорогой: на одно соединение уходят недели и месяцы.

**Расчёт из первых принципов** (теория функционала плотности, DFT) предсказывает структуру и свойства, зная только атомы: эксперимент для этого не нужен. Цена — вычисления: упругий тензор одного соединения требует десятков и сотен процессорных часов.

**Машинное обучение** не решает уравнений квантовой механики. Модель учится на уже посчитанных или измеренных примерах и затем оценивает свойство нового кристалла за миллисекунды.`,
  `A new material can be sought by **experiment**: synthesise the substance and measure its properties. It is the most reliable route, but slow and costly: weeks to months per compound.

**First-principles calculation** (density functional theory, DFT) predicts structure and properties from the atoms alone: no experiment needed. The price is computing: the elastic tensor of one compound takes tens to hundreds of CPU hours.

**Machine learning** does not solve the equations of quantum mechanics. A model learns from examples already computed or measured, then estimates a property of a new crystal in milliseconds.`,
);

const TEXT2 = tr(
  `Сравнение в одну строку: первые принципы — *теория нужна, данные не нужны, точно, но медленно*; машинное обучение — *теория не нужна, нужны данные, быстро, но приближённо*. Поэтому на практике их сочетают: ML отбирает кандидатов, DFT и эксперимент проверяют лучших.

Область «взорвалась», когда появились большие открытые базы данных:
- **Materials Project** — DFT-расчёты для ≈150 тыс. неорганических соединений, в том числе упругие тензоры для ≈10 тыс.;
- **OQMD** (Open Quantum Materials Database) — DFT, более 1 млн соединений, в основном гипотетических;
- **COD** (Crystallography Open Database) — открытая база экспериментальных кристаллических структур, ≈500 тыс. записей;
- **ICSD** (Inorganic Crystal Structure Database) — экспериментальные неорганические структуры, ≈300 тыс. записей, лицензируемая.

Числа — порядок величины; базы растут каждый год.`,
  `In one line: first principles — *theory needed, no data needed, accurate but slow*; machine learning — *no theory needed, data needed, fast but approximate*. In practice they are combined: ML shortlists candidates, DFT and experiment check the best.

The field exploded once large open databases appeared:
- **Materials Project** — DFT calculations for ≈150k inorganic compounds, including elastic tensors for ≈10k;
- **OQMD** (Open Quantum Materials Database) — DFT, over 1 million compounds, mostly hypothetical;
- **COD** (Crystallography Open Database) — open database of experimental crystal structures, ≈500k entries;
- **ICSD** (Inorganic Crystal Structure Database) — experimental inorganic structures, ≈300k entries, licensed.

Numbers are orders of magnitude; the databases grow every year.`,
);

// Order-of-magnitude cost per compound, in seconds.
const METHODS = [
  {
    name: tr('эксперимент (синтез + измерение)', 'experiment (synthesis + measurement)'),
    seconds: 30 * 86400,
    color: COLORS[1],
  },
  {
    name: tr('DFT: упругий тензор (≈100 ядро-часов)', 'DFT: elastic tensor (≈100 core-hours)'),
    seconds: 100 * 3600,
    color: COLORS[3],
  },
  { name: tr('ML: CGCNN (≈10 мс на ядро)', 'ML: CGCNN (≈10 ms per core)'), seconds: 0.01, color: COLORS[2] },
];

function humanTime(sec: number): string {
  const units: Array<[number, { ru: string; en: string }]> = [
    [365.25 * 86400, tr('лет', 'years')],
    [86400, tr('сут', 'days')],
    [3600, tr('ч', 'h')],
    [60, tr('мин', 'min')],
    [1, tr('с', 's')],
  ];
  for (const [u, name] of units) if (sec >= u) return `${fmt(sec / u, 3)} ${t(name)}`;
  return `${fmt(sec * 1000, 3)} ${t(tr('мс', 'ms'))}`;
}

export function render(root: HTMLElement): void {
  root.appendChild(prose(TEXT1));
  root.appendChild(h('h2', null, t(tr('Сколько времени займёт перебор?', 'How long does a screen take?'))));
  const fig = h('div');
  const tbl = h('div');
  let log10N = 5;
  const draw = () => {
    const n = 10 ** log10N;
    const c = new Chart({
      x: {
        domain: [1e-3, 1e12],
        log: true,
        label: t(tr('время на одном ядре / одной установке, с', 'time on one core / one lab, s')),
        format: (x) => (Math.log10(x) % 3 === 0 ? `10^${Math.log10(x)}` : ''),
      },
      y: { domain: [0, 3], label: '', format: () => '' },
      height: 220,
      testid: 'screen-chart',
    });
    METHODS.forEach((m, i) => {
      const sec = m.seconds * n;
      const y = 2.5 - i;
      c.area(
        [
          [1e-3, y - 0.3],
          [sec, y - 0.3],
          [sec, y + 0.3],
          [1e-3, y + 0.3],
        ],
        m.color,
        0.8,
      );
      c.text(Math.min(sec, 1e9), y + 0.25, t(m.name));
    });
    const yearLine: [number, number][] = [
      [3.156e7, 0],
      [3.156e7, 3],
    ];
    c.line(yearLine, '#555', 1, { 'stroke-dasharray': '4 3' });
    c.text(3.156e7, 0.1, t(tr('1 год', '1 year')));
    fig.replaceChildren(c.svg);
    tbl.replaceChildren(
      table([
        [
          t(tr('метод', 'method')),
          t(tr(`время на ${fmt(n, 2)} соединений`, `time for ${fmt(n, 2)} compounds`)),
        ],
        ...METHODS.map((m) => [t(m.name), humanTime(m.seconds * n)]),
      ]),
    );
  };
  root.appendChild(
    h(
      'div',
      { class: 'controls' },
      slider({
        label: tr('число кандидатов, log₁₀ N', 'number of candidates, log₁₀ N'),
        min: 0,
        max: 6,
        step: 1,
        value: log10N,
        testid: 'log10n',
        oninput: (x) => {
          log10N = x;
          draw();
        },
      }),
    ),
  );
  root.appendChild(h('div', { class: 'row' }, fig, tbl));
  draw();
  root.appendChild(
    h(
      'p',
      { class: 'note' },
      t(
        tr(
          'Оценки времени — порядок величины для иллюстрации, не измерения.',
          'Times are illustrative orders of magnitude, not measurements.',
        ),
      ),
    ),
  );
  root.appendChild(prose(TEXT2));
}
