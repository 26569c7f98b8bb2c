/**
 * The lab shell: header with the language switch, the table of contents, and a hash router
 * (`#/p1/perceptron`) so the built folder works from any static host, even without a server.
 */
import './styles.css';
import { h } from './dom.js';
import { lang, onLangChange, setLang, t, tr } from './i18n.js';
import { PAGES, SECTIONS, findPage, type PageDef, type Section } from './pages.js';
import { runtimeInfo } from './lib/runtime.js';

const app = document.getElementById('app')!;
let cleanup: (() => void) | null = null;
let renderToken = 0;

function currentPath(): string {
  return decodeURIComponent(location.hash.replace(/^#\/?/, '')).replace(/\/+$/, '');
}

function nav(active: string): HTMLElement {
  const el = h('nav', { class: 'toc' });
  for (const sec of ['lecture', 'p1', 'p2'] as Section[]) {
    el.appendChild(h('h3', null, t(SECTIONS[sec])));
    const ol = h('ol');
    for (const pg of PAGES.filter((x) => x.section === sec))
      ol.appendChild(
        h(
          'li',
          null,
          h('a', { href: `#/${pg.path}`, class: pg.path === active ? 'active' : undefined }, t(pg.title)),
        ),
      );
    el.appendChild(ol);
  }
  return el;
}

function header(): HTMLElement {
  const info = runtimeInfo();
  const sw = h(
    'div',
    { class: 'lang', role: 'group' },
    ...(['ru', 'en'] as const).map((l) =>
      h(
        'button',
        {
          type: 'button',
          class: lang() === l ? 'on' : undefined,
          'data-testid': `lang-${l}`,
          'aria-pressed': String(lang() === l),
          onclick: () => setLang(l),
        },
        l === 'ru' ? 'Рус' : 'Eng',
      ),
    ),
  );
  return h(
    'header',
    null,
    h('a', { href: '#/', class: 'brand' }, 'xtal', h('span', null, ' lab')),
    h(
      'span',
      { class: 'runtime', 'data-testid': 'runtime', title: t(tr('Среда выполнения', 'Runtime')) },
      info.threads
        ? t(tr(`WebAssembly SIMD · потоков: ${info.cores}`, `WebAssembly SIMD · threads: ${info.cores}`))
        : t(tr('один поток (нет изоляции источника)', 'single thread (no cross-origin isolation)')),
    ),
    sw,
  );
}

function neighbours(pg: PageDef): HTMLElement {
  const i = PAGES.indexOf(pg);
  const prev = i > 1 ? PAGES[i - 1] : null;
  const next = i + 1 < PAGES.length ? PAGES[i + 1] : null;
  return h(
    'div',
    { class: 'pager' },
    prev ? h('a', { href: `#/${prev.path}` }, '← ' + t(prev.title)) : h('span'),
    next ? h('a', { href: `#/${next.path}`, 'data-testid': 'next' }, t(next.title) + ' →') : h('span'),
  );
}

async function render(): Promise<void> {
  const token = ++renderToken;
  cleanup?.();
  cleanup = null;
  const path = currentPath();
  const pg = findPage(path) ?? findPage('')!;
  document.title = `${t(pg.title)} — xtal lab`;
  const main = h('main', { 'data-page': pg.path || 'home' });
  app.replaceChildren(header(), h('div', { class: 'layout' }, nav(pg.path), main));
  if (pg.section !== 'home') {
    main.appendChild(h('div', { class: 'crumb' }, t(SECTIONS[pg.section])));
    main.appendChild(h('h1', null, t(pg.title)));
  }
  const body = h('div', { class: 'page-body' });
  main.appendChild(body);
  try {
    const mod = await pg.load();
    if (token !== renderToken) return;
    const c = mod.render(body);
    cleanup = typeof c === 'function' ? c : null;
  } catch (e) {
    body.appendChild(h('div', { class: 'error' }, String((e as Error)?.stack ?? e)));
    console.error(e);
  }
  if (pg.section !== 'home') main.appendChild(neighbours(pg));
  main.setAttribute('data-ready', '1');
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', () => void render());
onLangChange(() => void render());
document.documentElement.lang = lang();
void render();
