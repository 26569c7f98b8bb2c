/**
 * Reader of E(V) points: two whitespace- or comma-separated columns, volume (Å³ per cell) and energy
 * (eV per cell), as in phonopy-qha's e-v.dat; '#' starts a comment and one leading header line of words is
 * allowed. Errors name the file and line.
 */
import { XtalInputError } from '../errors.js';

export interface EnergyVolumePoints {
  volumesA3: number[];
  energiesEV: number[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;

export function parseEnergyVolume(text: string, file?: string): EnergyVolumePoints {
  const volumesA3: number[] = [];
  const energiesEV: number[] = [];
  const lines = text.split(/\r?\n/);
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const content = lines[i].replace(/#.*/, '').trim();
    if (!content) continue;
    const line = i + 1;
    const tokens = content.split(/[\s,;]+/);
    if (!seenContent && tokens.every((t) => !NUMBER.test(t))) {
      seenContent = true; // header line
      continue;
    }
    seenContent = true;
    if (tokens.length < 2)
      throw new XtalInputError(`expected volume and energy, found ${tokens.length} value`, { file, line });
    const [v, e] = tokens.slice(0, 2).map((tok, j) => {
      if (!NUMBER.test(tok)) {
        throw new XtalInputError(`"${tok}" is not a number`, {
          file,
          line,
          field: j === 0 ? 'volume' : 'energy',
        });
      }
      return Number(tok.replace(/[dD]/, 'e'));
    });
    if (!(v > 0)) throw new XtalInputError(`volume ${v} is not positive`, { file, line, field: 'volume' });
    volumesA3.push(v);
    energiesEV.push(e);
  }
  if (volumesA3.length === 0) throw new XtalInputError('no E(V) points found', { file });
  return { volumesA3, energiesEV };
}
