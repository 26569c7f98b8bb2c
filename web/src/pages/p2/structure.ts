import { h } from '../../dom.js';
import { t, tr } from '../../i18n.js';

export function render(root: HTMLElement): void {
  root.appendChild(h('p', { class: 'note' }, t(tr('Страница готовится.', 'This page is being prepared.'))));
}
