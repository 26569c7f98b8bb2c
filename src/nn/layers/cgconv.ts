/**
 * The CGCNN graph convolution (Xie & Grossman 2018, reference cgcnn/model.py ConvLayer; science.md §7):
 *   v_i' = softplus(v_i + BN2(Σ_j sigmoid(f_ij) ⊙ softplus(c_ij))),  [f, c] = BN1(fc_full(v_i ⊕ v_j ⊕ u_ij)).
 * Children are named as in the reference state dict (fc_full, bn1, bn2), so reference checkpoints load
 * directly. Forward calls the engine's fused op; BatchNorm semantics (training/eval, momentum, eps,
 * num_batches_tracked) follow the two BatchNorm1d children.
 */
import { cgcnnConv, type CgcnnGraph, type DType } from '../../engine/index.js';
import type { Rng } from '../../engine/random.js';
import { Module, type AnyTensor } from '../module.js';
import { registerLayer } from '../registry.js';
import { BatchNorm1d } from './batchnorm.js';
import { Linear } from './linear.js';

export interface CGConvOptions {
  rng: Rng;
  eps?: number;
  momentum?: number | null;
  dtype?: DType;
}

export class CGConv extends Module<[AnyTensor, AnyTensor, CgcnnGraph], AnyTensor> {
  readonly className = 'CGConv';
  readonly fcFull: Linear;
  readonly bn1: BatchNorm1d;
  readonly bn2: BatchNorm1d;
  private readonly dtype: DType;

  /** `atomFeaLen` F (atom features in and out), `nbrFeaLen` B (edge features). */
  constructor(
    readonly atomFeaLen: number,
    readonly nbrFeaLen: number,
    options: CGConvOptions,
  ) {
    super();
    this.dtype = options.dtype ?? 'float32';
    const F = atomFeaLen;
    const bn = { eps: options.eps, momentum: options.momentum, dtype: this.dtype };
    this.fcFull = this.registerModule(
      'fc_full',
      new Linear(2 * F + nbrFeaLen, 2 * F, { rng: options.rng, dtype: this.dtype }),
    );
    this.bn1 = this.registerModule('bn1', new BatchNorm1d(2 * F, bn));
    this.bn2 = this.registerModule('bn2', new BatchNorm1d(F, bn));
  }

  /** v [N, F] atom features, u [E, B] edge features in CSR order of `graph` → [N, F]. */
  forward(v: AnyTensor, u: AnyTensor, graph: CgcnnGraph): AnyTensor {
    const training = this.training;
    // Both BatchNorms count the batch; they share one factor (equal unless their momenta differ).
    const f1 = training ? this.bn1.updateFactor() : 0;
    if (training) this.bn2.updateFactor();
    return cgcnnConv(
      v,
      u,
      graph,
      {
        weight: this.fcFull.weight,
        bias: this.fcFull.bias!,
        bn1Gamma: this.bn1.weight!,
        bn1Beta: this.bn1.bias!,
        bn1RunningMean: this.bn1.runningMean!,
        bn1RunningVar: this.bn1.runningVar!,
        bn2Gamma: this.bn2.weight!,
        bn2Beta: this.bn2.bias!,
        bn2RunningMean: this.bn2.runningMean!,
        bn2RunningVar: this.bn2.runningVar!,
      },
      { training, momentum: f1, eps: this.bn1.eps },
    );
  }

  protected getConfig(): Record<string, unknown> {
    return {
      atomFeaLen: this.atomFeaLen,
      nbrFeaLen: this.nbrFeaLen,
      eps: this.bn1.eps,
      momentum: this.bn1.momentum,
      dtype: this.dtype,
    };
  }
}

registerLayer(
  'CGConv',
  (c, { rng }) =>
    new CGConv(c.atomFeaLen as number, c.nbrFeaLen as number, {
      rng,
      eps: c.eps as number | undefined,
      momentum: c.momentum as number | null | undefined,
      dtype: c.dtype as DType | undefined,
    }),
);
