import { h, prose } from '../dom.js';
import { t, tr } from '../i18n.js';
import { PAGES, SECTIONS, type Section } from '../pages.js';
import { runtimeInfo } from '../lib/runtime.js';

const INTRO = tr(
  `**xtal lab** — лекция и две практические работы курса «Машинное обучение в материаловедении». Ничего не нужно устанавливать: всё считается прямо в браузере, тем же движком xtal (WebAssembly SIMD и Web Workers), что и в командной строке.

Сначала короткая лекция о том, как ищут новые материалы и зачем здесь машинное обучение. Затем практика 1: как устроены и обучаются нейросети, от перцептрона до свёрточной сети. Практика 2: графовые свёрточные сети (CGCNN) для поиска новых материалов — от представления кристалла до обучения собственной модели.`,
  `**xtal lab** is the lecture and the two practicals of the course "Machine learning in materials science". Nothing to install: everything runs in the browser, on the same xtal engine (WebAssembly SIMD and Web Workers) as the command line.

First a short lecture on how new materials are found and where machine learning fits. Then practical 1: how neural networks are built and trained, from the perceptron to a convolutional network. Practical 2: crystal graph convolutional networks (CGCNN) in the search for new materials, from representing a crystal to training a model of your own.`,
);

export function render(root: HTMLElement): void {
  const info = runtimeInfo();
  root.appendChild(h('h1', null, t(tr('Лаборатория xtal', 'The xtal lab'))));
  root.appendChild(prose(INTRO));
  const cards = h('div', { class: 'cards' });
  for (const sec of ['lecture', 'p1', 'p2'] as Section[]) {
    const pages = PAGES.filter((p) => p.section === sec);
    cards.appendChild(
      h(
        'a',
        { href: `#/${pages[0].path}`, class: 'panel', 'data-testid': `start-${sec}` },
        h('h3', null, t(SECTIONS[sec])),
        h('ol', null, ...pages.map((p) => h('li', null, t(p.title)))),
      ),
    );
  }
  root.appendChild(cards);
  root.appendChild(
    h(
      'p',
      { class: 'stat' },
      t(tr('Среда: ', 'Runtime: ')),
      `WebAssembly SIMD ${info.simd ? '✓' : '✗'} · `,
      t(tr('изоляция источника', 'cross-origin isolation')),
      ` ${info.crossOriginIsolated ? '✓' : '✗'} · `,
      t(tr('ядер', 'cores')),
      `: ${info.cores}`,
    ),
  );
}
