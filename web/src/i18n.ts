/**
 * Two languages, Russian first. Every text the lab shows is a bilingual pair `{ ru, en }` kept next to
 * the code that shows it; `t(pair)` picks the current language. The choice persists in localStorage and
 * can be forced with `?lang=en` in the address.
 */
export type Lang = 'ru' | 'en';
export interface L {
  ru: string;
  en: string;
}

const KEY = 'xtal-lab-lang';
let current: Lang = initialLang();
const listeners = new Set<(lang: Lang) => void>();

function initialLang(): Lang {
  try {
    const q = new URLSearchParams(location.search).get('lang');
    if (q === 'ru' || q === 'en') return q;
    const saved = localStorage.getItem(KEY);
    if (saved === 'ru' || saved === 'en') return saved;
  } catch {
    // storage may be unavailable (file:// or privacy mode): fall back to Russian
  }
  return 'ru';
}

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  if (l === current) return;
  current = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // ignore
  }
  document.documentElement.lang = l;
  for (const f of listeners) f(l);
}

export function onLangChange(f: (lang: Lang) => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** The text of a bilingual pair in the current language. */
export function t(pair: L): string {
  return pair[current];
}

/** Shorthand for writing a pair inline. */
export function tr(ru: string, en: string): L {
  return { ru, en };
}

/** Number formatting with the current language's decimal separator. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : '—';
  if (Math.abs(x) < 1e-12) x = 0;
  const a = Math.abs(x);
  let s: string;
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) s = x.toExponential(Math.max(0, digits - 1));
  else s = x.toPrecision(digits);
  if (s.includes('.') && !s.includes('e')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  s = s.replace('-', '−');
  return current === 'ru' ? s.replace('.', ',') : s;
}
