/**
 * Fingerprints that tie cached graphs to what made them: a hash of a featurizer's vectors (every element
 * it knows, Z = 1..118) and a hash of the graph parameters plus that featurizer. 64-bit FNV-1a, hex.
 */
import type { AtomFeaturizer } from '../elements/featurizer.js';
import type { GraphParams } from './crystal-graph.js';

const SYMBOLS = (
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb ' +
  'Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf ' +
  'Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'
).split(' ');

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** 64-bit FNV-1a of some bytes, continuing from `state`. */
export function fnv1a64(bytes: Uint8Array, state: bigint = FNV_OFFSET): bigint {
  let h = state;
  for (let i = 0; i < bytes.length; i++) {
    h ^= BigInt(bytes[i]);
    h = (h * FNV_PRIME) & MASK64;
  }
  return h;
}

function hex(h: bigint): string {
  return h.toString(16).padStart(16, '0');
}

/** Hash of the featurizer's name, length and the vector of every element it has. */
export function featurizerHash(featurizer: AtomFeaturizer): string {
  const enc = new TextEncoder();
  let h = fnv1a64(enc.encode(`${featurizer.name}\u0000${featurizer.length}`));
  const v = new Float32Array(featurizer.length);
  for (const symbol of SYMBOLS) {
    if (!featurizer.has(symbol)) continue;
    featurizer.siteFeatures([{ element: symbol, occu: 1 }], v, 0);
    h = fnv1a64(enc.encode(symbol), h);
    h = fnv1a64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), h);
  }
  return hex(h);
}

export interface FeaturizerIdentity {
  name: string;
  length: number;
  hash: string;
}

export function featurizerIdentity(featurizer: AtomFeaturizer): FeaturizerIdentity {
  return { name: featurizer.name, length: featurizer.length, hash: featurizerHash(featurizer) };
}

/** Hash of the graph parameters and the featurizer identity (canonical JSON, fixed key order). */
export function graphParamsHash(params: GraphParams, featurizer: FeaturizerIdentity): string {
  const canonical = JSON.stringify([
    params.radiusA,
    params.maxNeighbors,
    params.dminA,
    params.stepA,
    params.paddingDistanceA,
    featurizer.name,
    featurizer.length,
    featurizer.hash,
  ]);
  return hex(fnv1a64(new TextEncoder().encode(canonical)));
}
