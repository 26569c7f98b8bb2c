/** A tiny DOM builder: h('div', { class: 'x', onclick }, child, ...) and helpers for controls. */
import { t, type L } from './i18n.js';

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
      else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
      else if (k in el && k !== 'list' && typeof v !== 'string') (el as unknown as Attrs)[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** A paragraph of translated text; `**bold**` and `*italic*` are honoured. */
export function p(pair: L, cls?: string): HTMLParagraphElement {
  const el = h('p', cls ? { class: cls } : null);
  el.innerHTML = inline(t(pair));
  return el;
}

/** Translated rich text: paragraphs separated by blank lines, `- ` bullet lists. */
export function prose(pair: L): HTMLDivElement {
  const div = h('div', { class: 'prose' });
  for (const block of t(pair)
    .trim()
    .split(/\n\s*\n/)) {
    // consecutive "- " lines form a list; other consecutive lines a paragraph
    let para: string[] = [];
    let list: HTMLUListElement | null = null;
    const flush = () => {
      if (para.length) div.appendChild(h('p')).innerHTML = inline(para.join(' '));
      para = [];
    };
    for (const line of block.split('\n').map((x) => x.trim())) {
      if (line.startsWith('- ')) {
        flush();
        list ??= div.appendChild(h('ul'));
        list.appendChild(h('li')).innerHTML = inline(line.slice(2));
      } else {
        list = null;
        para.push(line);
      }
    }
    flush();
  }
  return div;
}

function escapeHtml(x: string): string {
  return x.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function inline(x: string): string {
  return escapeHtml(x)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(.+?)\*/g, '<em>$1</em>')
    .replace(/`(.+?)`/g, '<code>$1</code>');
}

/** A formula line (plain Unicode math, centred). */
export function formula(text: string): HTMLDivElement {
  return h('div', { class: 'formula' }, text);
}

export function button(label: L | string, onclick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', onclick, ...attrs }, typeof label === 'string' ? label : t(label));
}

export interface SliderOptions {
  label: L;
  min: number;
  max: number;
  step: number;
  value: number;
  format?: (x: number) => string;
  testid?: string;
  oninput: (x: number) => void;
}

/** A labelled range input showing its value. */
export function slider(o: SliderOptions): HTMLLabelElement {
  const out = h('output', null, (o.format ?? String)(o.value));
  const input = h('input', {
    type: 'range',
    min: o.min,
    max: o.max,
    step: o.step,
    value: String(o.value),
    'data-testid': o.testid,
  });
  input.addEventListener('input', () => {
    const x = Number(input.value);
    out.textContent = (o.format ?? String)(x);
    o.oninput(x);
  });
  return h('label', { class: 'slider' }, h('span', null, t(o.label)), input, out);
}

export function select<V extends string>(
  label: L,
  options: Array<{ value: V; label: L | string }>,
  value: V,
  onchange: (v: V) => void,
  testid?: string,
): HTMLLabelElement {
  const sel = h('select', { 'data-testid': testid });
  for (const o of options) {
    const opt = h('option', { value: o.value }, typeof o.label === 'string' ? o.label : t(o.label));
    if (o.value === value) opt.selected = true;
    sel.appendChild(opt);
  }
  sel.addEventListener('change', () => onchange(sel.value as V));
  return h('label', { class: 'field' }, h('span', null, t(label)), sel);
}

export function checkbox(label: L, checked: boolean, onchange: (v: boolean) => void, testid?: string) {
  const box = h('input', { type: 'checkbox', 'data-testid': testid });
  box.checked = checked;
  box.addEventListener('change', () => onchange(box.checked));
  return h('label', { class: 'check' }, box, h('span', null, t(label)));
}

/** A figure box with a caption. */
export function figure(content: Node, caption?: L): HTMLElement {
  return h('figure', null, content, caption ? h('figcaption', null, t(caption)) : null);
}

/** A table of rows; the first row is the header. */
export function table(rows: (string | number)[][], cls = 'data'): HTMLTableElement {
  const tb = h('table', { class: cls });
  rows.forEach((r, i) => {
    const tr = h('tr');
    for (const c of r) tr.appendChild(h(i === 0 ? 'th' : 'td', null, String(c)));
    tb.appendChild(tr);
  });
  return tb;
}
