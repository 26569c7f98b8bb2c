import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  SGD,
  Adam,
  AdamW,
  Adagrad,
  Adadelta,
  RMSprop,
  clipGradNorm,
  clipGradValue,
  gradNorm,
  type Optimizer,
  type Param,
} from '../../src/nn/optim/index.js';
import { projectPath } from '../helpers/shared-data.js';
import { Rng } from '../../src/engine/random.js';
import { Sequential, Linear, BatchNorm1d, weightDecayGroups } from '../../src/nn/index.js';

interface Case {
  optimizer: string;
  options: Record<string, number | boolean | number[]>;
  initial: number[][];
  grads: Array<Array<number[] | null>>;
  params: number[][][];
}
const fixture = JSON.parse(
  readFileSync(projectPath('test', 'nn', 'fixtures', 'optim-trajectories.json'), 'utf8'),
) as {
  cases: Case[];
};

const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function make(
  name: string,
  groups: Array<{ params: Param[]; lr?: number }>,
  options: Record<string, unknown>,
) {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) o[camel(k)] = v;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const g = groups as any;
  switch (name) {
    case 'SGD':
      return new SGD(g, o as { lr: number });
    case 'Adam':
      return new Adam(g, o);
    case 'AdamW':
      return new AdamW(g, o);
    case 'Adagrad':
      return new Adagrad(g, o);
    case 'Adadelta':
      return new Adadelta(g, o);
    case 'RMSprop':
      return new RMSprop(g, o);
  }
  throw new Error(name);
}

/** Run a fixture case, feeding torch's gradients; optionally save and restore state midway. */
function run(
  c: Case,
  resumeAt = -1,
): { worst: number; trajectory: Array<Array<Float32Array | Float64Array>> } {
  let ps: Param[] = c.initial.map((w) => ({ data: Float32Array.from(w), grad: null }));
  const lr = c.options.lr as number;
  let opt: Optimizer<{ lr: number }> = make(
    c.optimizer,
    [{ params: [ps[0]] }, { params: [ps[1]], lr: lr / 2 }],
    c.options,
  );
  let worst = 0;
  const trajectory: Array<Array<Float32Array | Float64Array>> = [];
  c.grads.forEach((gs, k) => {
    if (k === resumeAt) {
      const sd = JSON.parse(
        JSON.stringify(opt.stateDict(), (_k, v) => (v instanceof Float32Array ? Array.from(v) : v)),
      );
      // A fresh optimizer over copies of the parameters, built with the original options, then restored.
      ps = ps.map((p) => ({ data: p.data.slice(), grad: null }));
      opt = make(c.optimizer, [{ params: [ps[0]] }, { params: [ps[1]], lr: lr / 2 }], c.options);
      for (const s of Object.values(sd.state) as Array<Record<string, unknown>>) {
        for (const [key, v] of Object.entries(s)) if (Array.isArray(v)) s[key] = Float32Array.from(v);
      }
      opt.loadStateDict(sd);
    }
    ps.forEach((p, j) => (p.grad = gs[j] ? Float32Array.from(gs[j]!) : null));
    opt.step();
    trajectory.push(ps.map((p) => p.data.slice()));
    ps.forEach((p, j) => {
      c.params[k][j].forEach((want, i) => {
        worst = Math.max(worst, Math.abs(p.data[i] - want) / Math.max(1, Math.abs(want)));
      });
    });
    if (k === 5) opt.lr = opt.lr * 0.5; // every group's lr halves (the second group's with it)
    if (k === 5) opt.paramGroups[1].lr = lr / 4;
  });
  return { worst, trajectory };
}

test('every optimizer follows torch.optim (1.13) step for step, with groups, skipped grads and an lr change', () => {
  assert.equal(fixture.cases.length, 17);
  for (const c of fixture.cases) {
    const { worst } = run(c);
    assert.ok(worst < 2e-6, `${c.optimizer} ${JSON.stringify(c.options)}: worst relative error ${worst}`);
  }
});

test('saving and restoring optimizer state midway gives the identical trajectory', () => {
  for (const c of fixture.cases) {
    const straight = run(c).trajectory;
    const resumed = run(c, 4).trajectory;
    for (let k = 0; k < straight.length; k++) {
      for (let j = 0; j < 2; j++) assert.deepEqual(resumed[k][j], straight[k][j], `${c.optimizer} step ${k}`);
    }
  }
});

test('all optimizers converge on an ill-conditioned quadratic', () => {
  // f(w) = ½ Σ h_i (w_i − c_i)², h from 1 to 10.
  const n = 20;
  const h = Float64Array.from({ length: n }, (_, i) => 1 + (9 * i) / (n - 1));
  const c = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 2);
  const setups: Array<[string, (p: Param[]) => Optimizer<{ lr: number }>, number]> = [
    ['SGD', (p) => new SGD(p, { lr: 0.1 }), 200],
    ['SGD momentum', (p) => new SGD(p, { lr: 0.02, momentum: 0.9 }), 300],
    ['SGD nesterov', (p) => new SGD(p, { lr: 0.02, momentum: 0.9, nesterov: true }), 300],
    ['Adam', (p) => new Adam(p, { lr: 0.05 }), 1500],
    ['AdamW', (p) => new AdamW(p, { lr: 0.05, weightDecay: 0 }), 1500],
    ['Adagrad', (p) => new Adagrad(p, { lr: 0.5 }), 1500],
    // Near the optimum Adadelta's step tends to lr·g, so lr·max(h) must stay below 2 for stability.
    ['Adadelta', (p) => new Adadelta(p, { lr: 0.1, eps: 1e-2 }), 3000],
    ['RMSprop', (p) => new RMSprop(p, { lr: 0.01 }), 1500],
    ['RMSprop centered momentum', (p) => new RMSprop(p, { lr: 0.005, momentum: 0.5, centered: true }), 1500],
  ];
  for (const [name, mk, steps] of setups) {
    const p: Param = { data: new Float32Array(n), grad: new Float32Array(n) };
    const opt = mk([p]);
    for (let s = 0; s < steps; s++) {
      opt.zeroGrad();
      for (let i = 0; i < n; i++) p.grad![i] = h[i] * (p.data[i] - c[i]);
      opt.step();
    }
    let err = 0;
    for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(p.data[i] - c[i]));
    assert.ok(err < 1e-2, `${name}: max |w − w*| = ${err}`);
  }
});

test('AdamW decays weights without gradient; Adam with weight decay does not decouple', () => {
  const a: Param = { data: Float32Array.from([2]), grad: Float32Array.from([0]) };
  const opt = new AdamW([a], { lr: 0.1, weightDecay: 0.5 });
  opt.step();
  // Zero gradient: the moments stay 0, so only the decay acts: w·(1 − lr·wd).
  assert.equal(a.data[0], Math.fround(2 * (1 - 0.05)));
  const b: Param = { data: Float32Array.from([2]), grad: Float32Array.from([0]) };
  new Adam([b], { lr: 0.1, weightDecay: 0.5 }).step();
  // Adam folds wd·w = 1 into the gradient; the first step is then lr·sign(g) (up to ε).
  assert.ok(Math.abs(b.data[0] - 1.9) < 1e-6, `${b.data[0]}`);
});

test('zeroGrad zeroes in place or drops gradients; lr setter reaches every group', () => {
  const p: Param = { data: new Float32Array(2), grad: Float32Array.from([1, 2]) };
  const q: Param = { data: new Float32Array(1), grad: Float32Array.from([3]) };
  const opt = new SGD([{ params: [p] }, { params: [q], lr: 0.5 }], { lr: 0.1 });
  const g = p.grad;
  opt.zeroGrad();
  assert.equal(p.grad, g);
  assert.deepEqual(Array.from(p.grad!), [0, 0]);
  opt.zeroGrad(true);
  assert.equal(p.grad, null);
  assert.equal(q.grad, null);
  assert.equal(opt.paramGroups[1].lr, 0.5);
  opt.lr = 0.3;
  assert.deepEqual(
    opt.paramGroups.map((x) => x.lr),
    [0.3, 0.3],
  );
});

test('bad hyperparameters and mismatched state are refused', () => {
  const p: Param = { data: new Float32Array(2), grad: null };
  assert.throws(() => new SGD([p], { lr: -1 }), /learning rate/);
  assert.throws(() => new SGD([p], { lr: 0.1, nesterov: true }), /Nesterov/);
  assert.throws(() => new Adam([p], { betas: [1, 0.999] }), /beta1/);
  assert.throws(() => new SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 }), /more than one/);
  const opt = new Adam([p]);
  p.grad = Float32Array.from([1, 1]);
  opt.step();
  const sd = opt.stateDict();
  assert.throws(() => new SGD([p], { lr: 1 }).loadStateDict(sd), /for Adam/);
  const other = new Adam([{ data: new Float32Array(3), grad: null }]);
  assert.throws(() => other.loadStateDict(sd), /has 2 values, parameter has 3/);
});

test('clipGradNorm matches torch.nn.utils.clip_grad_norm_ and returns the norm before clipping', () => {
  const a: Param = { data: new Float32Array(2), grad: Float32Array.from([3, 4]) };
  const b: Param = { data: new Float32Array(1), grad: Float32Array.from([12]) };
  const c: Param = { data: new Float32Array(1), grad: null };
  const total = clipGradNorm([a, b, c], 6.5);
  assert.equal(total, 13);
  const coef = 6.5 / (13 + 1e-6);
  assert.deepEqual(Array.from(a.grad!), [Math.fround(3 * coef), Math.fround(4 * coef)]);
  assert.ok(Math.abs(gradNorm([a, b]) - 6.5) < 1e-5);
  // Below the limit nothing changes.
  assert.equal(clipGradNorm([a, b], 100), gradNorm([a, b]));
  assert.ok(Math.abs(gradNorm([a, b]) - 6.5) < 1e-5);
  // Infinity norm and 1-norm.
  const d: Param = { data: new Float32Array(3), grad: Float32Array.from([-5, 1, 2]) };
  assert.equal(clipGradNorm([d], 2.5, Infinity), 5);
  assert.ok(Math.abs(Math.max(...Array.from(d.grad!, Math.abs)) - 2.5) < 1e-6);
  assert.ok(Math.abs(gradNorm([{ data: d.data, grad: Float32Array.from([-1, 2, 3]) }], 1) - 6) < 1e-12);
  const bad: Param = { data: new Float32Array(1), grad: Float32Array.from([NaN]) };
  assert.throws(() => clipGradNorm([bad], 1, 2, true), /NaN/);
});

test('clipGradValue clamps each entry', () => {
  const p: Param = { data: new Float32Array(4), grad: Float32Array.from([-3, -0.5, 0.5, 3]) };
  clipGradValue([p], 1);
  assert.deepEqual(Array.from(p.grad!), [-1, -0.5, 0.5, 1]);
});

test('float64 parameters keep float64 state and match the float32 path closely', () => {
  const p64: Param = { data: Float64Array.from([1, -2, 3]), grad: null };
  const p32: Param = { data: Float32Array.from([1, -2, 3]), grad: null };
  const o64 = new RMSprop([p64], { lr: 0.01, momentum: 0.9, centered: true });
  const o32 = new RMSprop([p32], { lr: 0.01, momentum: 0.9, centered: true });
  for (let s = 0; s < 20; s++) {
    p64.grad = Float64Array.from(p64.data, (x) => 2 * x);
    p32.grad = Float32Array.from(p32.data, (x) => 2 * x);
    o64.step();
    o32.step();
  }
  const st = o64.stateDict().state['0'];
  assert.ok(st.squareAvg instanceof Float64Array && st.gradAvg instanceof Float64Array);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(p64.data[i] - p32.data[i]) < 1e-5);
});

test('weightDecayGroups decays weight matrices only; the optimizer honours each group', () => {
  const rng = new Rng(0);
  const model = new Sequential(new Linear(2, 3, { rng }), new BatchNorm1d(3), new Linear(3, 1, { rng }));
  const groups = weightDecayGroups(model, 0.5);
  assert.deepEqual(
    groups.map((g) => [g.weightDecay, g.params.map((p) => p.shape.join('x'))]),
    [
      [0.5, ['3x2', '1x3']],
      [0, ['3', '3', '3', '1']],
    ],
  );
  const opt = new AdamW(groups, { lr: 0.1 });
  const bnWeight = model.namedParameters().find(([n]) => n === '1.weight')![1];
  const w = model.namedParameters()[0][1];
  const w0 = w.data[0];
  for (const p of model.parameters()) p.grad = new Float32Array(p.size); // zero gradients: only decay acts
  opt.step();
  assert.equal(bnWeight.data[0], 1);
  assert.equal(w.data[0], Math.fround(w0 * (1 - 0.1 * 0.5)));
});
