/**
 * The Ashby diagram of hardness vs fracture toughness (log–log), from K, G and the volume per atom through
 * xtal's physics models (Mazhnik & Oganov, J. Appl. Phys. 126, 125109 (2019)). Used by the lecture and
 * the prediction page.
 */
import { hardnessMazhnikOganovGPa } from '../../../src/physics/hardness.js';
import { toughnessMazhnikOganovMPaM12 } from '../../../src/physics/toughness.js';
import { poissonRatio, youngsModulusGPa } from '../../../src/physics/elasticity.js';
import { Chart, COLORS } from '../chart.js';
import { t, tr } from '../i18n.js';

export interface AshbyPoint {
  label: string;
  bulkModulusGPa: number;
  shearModulusGPa: number;
  volumePerAtomA3: number;
  metallic?: boolean;
}

export interface AshbyValues {
  hardnessGPa: number;
  toughnessMPaM12: number;
  youngsModulusGPa: number;
  poissonRatio: number;
}

export function ashbyValues(p: Omit<AshbyPoint, 'label'>): AshbyValues {
  return {
    hardnessGPa: hardnessMazhnikOganovGPa(p),
    toughnessMPaM12: toughnessMazhnikOganovMPaM12(p),
    youngsModulusGPa: youngsModulusGPa(p.bulkModulusGPa, p.shearModulusGPa),
    poissonRatio: poissonRatio(p.bulkModulusGPa, p.shearModulusGPa),
  };
}

/** Draws the diagram with reference points and optional highlighted points (e.g. the student's). */
export function ashbyChart(reference: readonly AshbyPoint[], highlight: readonly AshbyPoint[] = []): Chart {
  const c = new Chart({
    x: {
      domain: [0.05, 20],
      log: true,
      label: t(tr('трещиностойкость K_IC, МПа·м^½', 'fracture toughness K_IC, MPa·m^½')),
      format: (x) => (/^[125]/.test(String(x)) ? String(x) : ''),
    },
    y: {
      domain: [0.5, 150],
      log: true,
      label: t(tr('твёрдость H_V, ГПа', 'hardness H_V, GPa')),
      format: (x) => (/^[125]/.test(String(x)) ? String(x) : ''),
    },
    height: 400,
    testid: 'ashby',
  });
  for (const [level, name] of [
    [40, tr('сверхтвёрдые, H > 40 ГПа', 'superhard, H > 40 GPa')],
    [20, tr('твёрдые, H > 20 ГПа', 'hard, H > 20 GPa')],
  ] as const) {
    c.line(
      [
        [0.05, level],
        [20, level],
      ],
      '#888',
      1,
      { 'stroke-dasharray': '5 4' },
    );
    c.text(0.055, level, t(name), { fill: '#666' });
  }
  for (const p of reference) {
    const v = ashbyValues(p);
    c.point(v.toughnessMPaM12, v.hardnessGPa, p.metallic ? COLORS[3] : COLORS[0], 4.5, {
      'data-label': p.label,
    });
    if (p.label) c.text(v.toughnessMPaM12, v.hardnessGPa, p.label);
  }
  for (const p of highlight) {
    const v = ashbyValues(p);
    if (!Number.isFinite(v.hardnessGPa) || !Number.isFinite(v.toughnessMPaM12)) continue;
    c.point(v.toughnessMPaM12, v.hardnessGPa, COLORS[1], 7, {
      stroke: '#000',
      'stroke-width': 1.5,
      'data-testid': 'ashby-highlight',
    });
    c.text(v.toughnessMPaM12, v.hardnessGPa, p.label, { 'font-weight': 700 });
  }
  c.legend(
    [
      { label: t(tr('неметаллы', 'non-metals')), color: COLORS[0] },
      { label: t(tr('металлы (модель неточна)', 'metals (model unreliable)')), color: COLORS[3] },
    ],
    'br',
  );
  return c;
}
