import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SGD, Adam, type Param } from '../../src/nn/optim/index.js';
import {
  StepLR,
  MultiStepLR,
  ExponentialLR,
  LinearLR,
  PolynomialLR,
  CosineAnnealingLR,
  WarmupCosineLR,
  OneCycleLR,
  ReduceLROnPlateau,
  LambdaLR,
  MultiplicativeLR,
  ConstantLR,
  SequentialLR,
  ChainedScheduler,
  type LRScheduler,
  type Schedulable,
} from '../../src/nn/schedules/index.js';
import { projectPath } from '../helpers/shared-data.js';

interface Snap {
  lr: number[];
  momentum: Array<number | null>;
}
interface Case {
  schedule: string;
  options: Record<string, unknown>;
  optimizer: 'opt' | 'adam';
  sequence: Snap[];
}
const fixture = JSON.parse(
  readFileSync(projectPath('test', 'nn', 'fixtures', 'schedule-sequences.json'), 'utf8'),
) as {
  metrics: number[];
  cases: Case[];
};

const param = (): Param => ({ data: new Float32Array(1), grad: null });
function optimizer(kind: 'opt' | 'adam'): SGD | Adam {
  const groups = [{ params: [param()] }, { params: [param()], lr: 0.02 }];
  return kind === 'opt' ? new SGD(groups, { lr: 0.1, momentum: 0.9 }) : new Adam(groups, { lr: 0.1 });
}

type Sched = LRScheduler | ReduceLROnPlateau | SequentialLR | ChainedScheduler;
function build(c: Case, o: Schedulable): Sched {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const x = c.options as any;
  switch (c.schedule) {
    case 'StepLR':
      return new StepLR(o, x.stepSize, x.gamma);
    case 'MultiStepLR':
      return new MultiStepLR(o, x.milestones, x.gamma);
    case 'ExponentialLR':
      return new ExponentialLR(o, x.gamma);
    case 'LinearLR':
      return new LinearLR(o, x);
    case 'PolynomialLR':
      return new PolynomialLR(o, x.totalIters, x.power);
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(o, x.tMax, x.etaMin);
    case 'OneCycleLR':
      return new OneCycleLR(o, x);
    case 'ReduceLROnPlateau':
      return new ReduceLROnPlateau(o, x);
    case 'WarmupCosineLR':
      return new WarmupCosineLR(o, x);
    case 'LambdaLR':
      return new LambdaLR(o, (e) => 0.95 ** e);
    case 'MultiplicativeLR':
      return new MultiplicativeLR(o, () => 0.9);
    case 'ConstantLR':
      return new ConstantLR(o, x.factor, x.totalIters);
    case 'SequentialLR':
      return x.milestones.length === 2
        ? new SequentialLR(
            o,
            [
              new LinearLR(o, { startFactor: 0.2, endFactor: 1, totalIters: 3 }),
              new ConstantLR(o, 0.5, 2),
              new CosineAnnealingLR(o, 5, 0.001),
            ],
            x.milestones,
          )
        : new SequentialLR(o, [new ExponentialLR(o, 0.5), new LambdaLR(o, (e) => 1 / (e + 1))], x.milestones);
    case 'ChainedScheduler':
      return new ChainedScheduler([new ConstantLR(o, 0.5, 4), new ExponentialLR(o, 0.9)]);
  }
  throw new Error(c.schedule);
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

function snap(o: SGD | Adam): Snap {
  return {
    lr: o.paramGroups.map((g) => g.lr),
    momentum: o.paramGroups.map((g) => ('betas' in g ? g.betas[0] : g.momentum)),
  };
}

test('every schedule reproduces torch.optim.lr_scheduler (1.13) step by step, lr and momentum', () => {
  assert.equal(fixture.cases.length, 19);
  for (const c of fixture.cases) {
    const o = optimizer(c.optimizer);
    const s = build(c, o);
    const label = `${c.schedule} ${JSON.stringify(c.options)}`;
    c.sequence.forEach((want, k) => {
      if (k > 0) {
        o.step();
        if (s instanceof ReduceLROnPlateau) s.step(fixture.metrics[k - 1]);
        else s.step();
      }
      const got = snap(o);
      want.lr.forEach((lr, i) =>
        assert.ok(close(got.lr[i], lr), `${label} step ${k} group ${i}: ${got.lr[i]} vs ${lr}`),
      );
      want.momentum.forEach((m, i) =>
        assert.ok(close(got.momentum[i]!, m!), `${label} step ${k} momentum ${i}`),
      );
      assert.deepEqual(s.getLastLr(), got.lr);
    });
  }
});

test('closed forms agree with the stepped (chainable) rates', () => {
  const checks: Array<
    [string, (o: Schedulable) => LRScheduler & { closedFormLr(e?: number): number[] }, number]
  > = [
    ['StepLR', (o) => new StepLR(o, 4, 0.7), 30],
    ['MultiStepLR', (o) => new MultiStepLR(o, [3, 3, 10, 20], 0.5), 30],
    ['ExponentialLR', (o) => new ExponentialLR(o, 0.95), 60],
    ['LinearLR warmup', (o) => new LinearLR(o, { startFactor: 0.1, totalIters: 10 }), 20],
    ['LinearLR decay', (o) => new LinearLR(o, { startFactor: 1, endFactor: 0.05, totalIters: 15 }), 20],
    ['PolynomialLR', (o) => new PolynomialLR(o, 12, 0.5), 15],
    ['CosineAnnealingLR', (o) => new CosineAnnealingLR(o, 8, 1e-4), 40],
    ['WarmupCosineLR', (o) => new WarmupCosineLR(o, { warmupSteps: 5, totalSteps: 25 }), 30],
  ];
  for (const [name, mk, n] of checks) {
    const o = optimizer('opt');
    const s = mk(o);
    for (let e = 0; e <= n; e++) {
      if (e > 0) s.step();
      const cf = s.closedFormLr(e);
      s.getLastLr().forEach((lr, i) =>
        assert.ok(Math.abs(lr - cf[i]) < 1e-12, `${name} epoch ${e}: ${lr} vs ${cf[i]}`),
      );
    }
  }
});

test('cosine closed form: base at 0, eta_min at T_max, midpoint halfway, period 2·T_max', () => {
  const o = optimizer('opt');
  const s = new CosineAnnealingLR(o, 10, 0.01);
  assert.deepEqual(s.closedFormLr(0), [0.1, 0.02]);
  assert.ok(Math.abs(s.closedFormLr(10)[0] - 0.01) < 1e-15);
  assert.ok(Math.abs(s.closedFormLr(5)[0] - 0.055) < 1e-15);
  assert.ok(Math.abs(s.closedFormLr(20)[0] - 0.1) < 1e-15);
});

test('warmup starts from zero by default, peaks at the base rate, ends at eta_min and stays', () => {
  const o = optimizer('opt');
  const s = new WarmupCosineLR(o, { warmupSteps: 10, totalSteps: 110, etaMin: 1e-3 });
  assert.equal(o.lr, 0);
  const seen: number[] = [o.lr];
  for (let i = 0; i < 130; i++) {
    s.step();
    seen.push(o.lr);
  }
  assert.ok(Math.abs(seen[5] - 0.05) < 1e-15);
  assert.equal(seen[10], 0.1);
  assert.equal(Math.max(...seen), 0.1);
  assert.ok(Math.abs(seen[60] - (1e-3 + (0.1 - 1e-3) / 2)) < 1e-15);
  assert.ok(Math.abs(seen[110] - 1e-3) < 1e-15 && seen[129] === seen[110]);
  for (let i = 11; i <= 110; i++) assert.ok(seen[i] <= seen[i - 1]);
});

test('one-cycle refuses to step past its length and needs a length', () => {
  const o = optimizer('opt');
  const s = new OneCycleLR(o, { maxLr: 1, totalSteps: 3 });
  s.step();
  s.step();
  s.step(); // lastEpoch 3 = totalSteps is still allowed, as in PyTorch
  assert.throws(() => s.step(), /stepped 5 times; the schedule has 3 steps/);
  assert.throws(() => new OneCycleLR(optimizer('opt'), { maxLr: 1 }), /needs totalSteps/);
  const plain = new SGD([param()], { lr: 0.1 });
  delete (plain.paramGroups[0] as { momentum?: number }).momentum;
  assert.throws(() => new OneCycleLR(plain, { maxLr: 1, totalSteps: 5 }), /momentum or betas/);
});

test('scheduler state round trip resumes the same sequence', () => {
  const makers: Array<(o: Schedulable) => LRScheduler> = [
    (o) => new StepLR(o, 3, 0.5),
    (o) => new CosineAnnealingLR(o, 7, 0.001),
    (o) => new OneCycleLR(o, { maxLr: 0.5, totalSteps: 30 }),
    (o) => new WarmupCosineLR(o, { warmupSteps: 3, totalSteps: 20 }),
  ];
  for (const mk of makers) {
    const o1 = optimizer('opt');
    const s1 = mk(o1);
    for (let i = 0; i < 8; i++) s1.step();
    const optState = JSON.parse(JSON.stringify(o1.stateDict()));
    const schedState = JSON.parse(JSON.stringify(s1.stateDict()));
    const o2 = optimizer('opt');
    o2.loadStateDict(optState);
    const s2 = mk(o2);
    s2.loadStateDict(schedState);
    assert.deepEqual(snap(o2), snap(o1), `${s1.type} restored`);
    for (let i = 0; i < 10; i++) {
      s1.step();
      s2.step();
      assert.deepEqual(s2.getLastLr(), s1.getLastLr(), `${s1.type} step ${i}`);
      assert.deepEqual(snap(o2), snap(o1));
    }
  }
  const o = optimizer('opt');
  assert.throws(() => new StepLR(o, 3, 0.5, 4), /no initialLr/);
});

test('reduce-on-plateau: patience, cooldown, min_lr, eps and state', () => {
  const o = new SGD([param()], { lr: 1 });
  const s = new ReduceLROnPlateau(o, { patience: 1, factor: 0.5, minLr: 0.2 });
  const lrs: number[] = [];
  for (const m of [5, 5, 5, 5, 5, 5, 5]) {
    s.step(m);
    lrs.push(o.lr);
  }
  // First value is an improvement over +inf; then two bad epochs (> patience 1) halve the rate.
  assert.deepEqual(lrs, [1, 1, 0.5, 0.5, 0.25, 0.25, 0.2]);
  const saved = s.stateDict();
  const s2 = new ReduceLROnPlateau(o, { patience: 1, factor: 0.5, minLr: 0.2 });
  s2.loadStateDict(saved);
  assert.equal(s2.best, 5);
  assert.equal(s2.lastEpoch, 7);
  assert.throws(() => new ReduceLROnPlateau(o, { factor: 1 }), /factor/);
});

test('SequentialLR and ChainedScheduler state round trip resumes the same sequence', () => {
  const makers: Array<(o: Schedulable) => SequentialLR | ChainedScheduler> = [
    (o) =>
      new SequentialLR(
        o,
        [new LinearLR(o, { startFactor: 0.1, totalIters: 4 }), new CosineAnnealingLR(o, 6, 1e-3)],
        [4],
      ),
    (o) => new ChainedScheduler([new ConstantLR(o, 0.5, 3), new ExponentialLR(o, 0.8)]),
  ];
  for (const mk of makers) {
    const o1 = optimizer('opt');
    const s1 = mk(o1);
    for (let i = 0; i < 5; i++) s1.step();
    const optState = JSON.parse(JSON.stringify(o1.stateDict()));
    const schedState = JSON.parse(JSON.stringify(s1.stateDict()));
    const o2 = optimizer('opt');
    o2.loadStateDict(optState);
    const s2 = mk(o2);
    s2.loadStateDict(schedState);
    assert.deepEqual(snap(o2), snap(o1), `${s1.type} restored`);
    for (let i = 0; i < 8; i++) {
      s1.step();
      s2.step();
      assert.deepEqual(s2.getLastLr(), s1.getLastLr(), `${s1.type} step ${i}`);
    }
  }
  const o = optimizer('opt');
  assert.throws(() => new SequentialLR(o, [new ExponentialLR(o, 0.9)], [3]), /need 0 milestones/);
});
