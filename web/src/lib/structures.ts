/**
 * The structure the student works with in practical 2, shared by its pages (kept in sessionStorage):
 * a built-in example (xtal's catalogue, expanded by symmetry) or a text the student uploaded or pasted,
 * read with xtal's readers (CIF, POSCAR, extended XYZ, pymatgen/OPTIMADE JSON). Also the loader widget.
 */
import { buildExample, EXAMPLE_CRYSTALS } from '../../../src/structure/examples/build.js';
import { readStructureText } from '../../../src/structure/io/convert.js';
import type { Structure } from '../../../src/structure/structure.js';
import { button, h, select } from '../dom.js';
import { lang, t, tr } from '../i18n.js';

export interface LoadedStructure {
  name: string;
  structure: Structure;
  /** The text it was read from (null for built-in examples). */
  text: string | null;
  file: string | null;
  exampleId: string | null;
}

const KEY = 'xtal-lab-structure';
/** Largest structure file the loader reads (the same limit as the server's uploads). */
const MAX_STRUCTURE_BYTES = 20 * 2 ** 20;

export function loadExample(id: string): LoadedStructure {
  const ex = EXAMPLE_CRYSTALS.find((e) => e.id === id) ?? EXAMPLE_CRYSTALS[0];
  return {
    name: `${ex.name} (${ex.formula})`,
    structure: buildExample(ex),
    text: null,
    file: null,
    exampleId: ex.id,
  };
}

/** Reads the first structure of a text; throws XtalInputError (with file and line) on bad input. */
export function loadText(text: string, file: string): LoadedStructure {
  const s = readStructureText(text, undefined, { file })[0];
  if (!s) throw new Error(t(tr('в файле нет структуры', 'no structure in the file')));
  return { name: file, structure: s, text, file, exampleId: null };
}

export function currentStructure(): LoadedStructure {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw) {
      const o = JSON.parse(raw) as { exampleId?: string; text?: string; file?: string };
      if (o.exampleId) return loadExample(o.exampleId);
      if (o.text && o.file) return loadText(o.text, o.file);
    }
  } catch {
    // fall through to the default
  }
  return loadExample('diamond');
}

export function setCurrentStructure(s: LoadedStructure): void {
  try {
    sessionStorage.setItem(
      KEY,
      JSON.stringify(s.exampleId ? { exampleId: s.exampleId } : { text: s.text, file: s.file }),
    );
  } catch {
    // too large for session storage: kept for this page only
  }
}

export function formulaOf(s: Structure): string {
  const counts = new Map<string, number>();
  for (const site of s.sites)
    for (const sp of site.species) counts.set(sp.element, (counts.get(sp.element) ?? 0) + sp.occu);
  return [...counts].map(([e, n]) => `${e}${Math.abs(n - 1) < 1e-6 ? '' : +n.toFixed(3)}`).join('');
}

/** Example picker + file upload + paste box. Calls `onload` with the new structure (already stored). */
export function structureLoader(onload: (s: LoadedStructure) => void, initial: LoadedStructure): HTMLElement {
  const err = h('div', { class: 'warn', style: { display: 'none' }, 'data-testid': 'load-error' });
  const fail = (e: unknown) => {
    err.style.display = '';
    err.textContent = String((e as Error)?.message ?? e);
  };
  const ok = (s: LoadedStructure) => {
    err.style.display = 'none';
    setCurrentStructure(s);
    onload(s);
  };
  const file = h('input', {
    type: 'file',
    'data-testid': 'upload',
  });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    if (f.size > MAX_STRUCTURE_BYTES) {
      fail(
        t(
          tr(
            `файл больше ${MAX_STRUCTURE_BYTES >> 20} МБ`,
            `the file is larger than ${MAX_STRUCTURE_BYTES >> 20} MB`,
          ),
        ),
      );
      return;
    }
    try {
      ok(loadText(await f.text(), f.name));
    } catch (e) {
      fail(e);
    }
  });
  const area = h('textarea', {
    placeholder: t(tr('вставьте CIF или POSCAR…', 'paste a CIF or POSCAR…')),
    'data-testid': 'paste',
  });
  const nameIn = h('input', { type: 'text', value: 'pasted.cif', size: 14 });
  return h(
    'div',
    { class: 'panel' },
    h(
      'div',
      { class: 'controls' },
      select(
        tr('пример', 'example'),
        [
          { value: '', label: tr('— выбрать —', '— choose —') },
          ...EXAMPLE_CRYSTALS.map((e) => ({ value: e.id, label: `${e.formula} — ${e.name}` })),
        ],
        initial.exampleId ?? '',
        (v) => {
          if (v) ok(loadExample(v));
        },
        'example',
      ),
      h('label', { class: 'field' }, h('span', null, t(tr('или файл', 'or a file'))), file),
    ),
    h(
      'details',
      null,
      h('summary', null, t(tr('вставить текст структуры', 'paste structure text'))),
      area,
      h(
        'div',
        { class: 'controls' },
        h(
          'label',
          { class: 'field' },
          h(
            'span',
            null,
            t(
              tr('имя файла (по расширению выбирается формат)', 'file name (its extension picks the format)'),
            ),
          ),
          nameIn,
        ),
        button(
          tr('Загрузить', 'Load'),
          () => {
            try {
              ok(loadText(area.value, nameIn.value || 'pasted.cif'));
            } catch (e) {
              fail(e);
            }
          },
          { 'data-testid': 'paste-load' },
        ),
      ),
    ),
    err,
    h(
      'p',
      { class: 'stat', 'data-testid': 'loaded-name' },
      `${t(tr('загружено', 'loaded'))}: ${initial.name} · ${formulaOf(initial.structure)} · ${initial.structure.sites.length} ${lang() === 'ru' ? 'атомов в ячейке' : 'atoms in the cell'}`,
    ),
  );
}
