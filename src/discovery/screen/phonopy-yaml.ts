/**
 * Reader of phonopy's `thermal_properties.yaml` (the file `phonopy -t` writes and phonopy-qha reads): the
 * `natom` of the phonopy unit cell and, per temperature, free energy (kJ/mol), entropy and heat capacity
 * (J/K/mol), "mol" meaning a mole of unit cells. Only this simple, flat subset of YAML is read: `key: value`
 * lines and the `thermal_properties:` list of `- temperature: ...` maps. Errors name the file and line.
 */
import { XtalInputError } from '../../errors.js';

export interface ThermalProperties {
  natom: number | null;
  temperaturesK: number[];
  freeEnergyKJMol: number[];
  entropyJKMol: number[];
  heatCapacityJKMol: number[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseThermalPropertiesYaml(text: string, file?: string): ThermalProperties {
  const out: ThermalProperties = {
    natom: null,
    temperaturesK: [],
    freeEnergyKJMol: [],
    entropyJKMol: [],
    heatCapacityJKMol: [],
  };
  const lines = text.split(/\r?\n/);
  let inList = false;
  let current: Record<string, number> | null = null;
  let currentLine = 0;
  const flush = (): void => {
    if (!current) return;
    for (const key of ['temperature', 'free_energy', 'entropy', 'heat_capacity']) {
      if (current[key] === undefined) {
        throw new XtalInputError(`thermal_properties entry without "${key}"`, { file, line: currentLine });
      }
    }
    out.temperaturesK.push(current.temperature);
    out.freeEnergyKJMol.push(current.free_energy);
    out.entropyJKMol.push(current.entropy);
    out.heatCapacityJKMol.push(current.heat_capacity);
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/#.*/, '');
    if (!raw.trim()) continue;
    const line = i + 1;
    const indent = raw.length - raw.trimStart().length;
    let body = raw.trim();
    if (indent === 0 && !body.startsWith('-')) {
      flush();
      inList = body.replace(/\s+/g, '') === 'thermal_properties:';
      const m = /^natom:\s*(\S+)$/.exec(body);
      if (m) {
        const n = Number(m[1]);
        if (!(Number.isInteger(n) && n > 0))
          throw new XtalInputError(`natom "${m[1]}" is not a positive integer`, {
            file,
            line,
            field: 'natom',
          });
        out.natom = n;
      }
      continue;
    }
    if (!inList) continue;
    if (body.startsWith('-')) {
      flush();
      current = {};
      currentLine = line;
      body = body.slice(1).trim();
      if (!body) continue;
    }
    if (!current) continue;
    const kv = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(body);
    if (!kv) continue;
    const [, key, value] = kv;
    if (['temperature', 'free_energy', 'entropy', 'heat_capacity', 'energy'].includes(key)) {
      const v = value.trim();
      if (!NUMBER.test(v)) throw new XtalInputError(`"${v}" is not a number`, { file, line, field: key });
      current[key] = Number(v);
    }
  }
  flush();
  if (out.temperaturesK.length === 0)
    throw new XtalInputError('no thermal_properties entries found', { file });
  return out;
}
