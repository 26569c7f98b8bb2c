import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTorchCheckpoint, stateDictTensors, namespaceArgs, isTorchTensor } from '../../src/models/torch/checkpoint.js';
import { decodeSafetensors } from '../../src/nn/safetensors.js';
import { XtalInputError } from '../../src/errors.js';
import { projectPath, sharedDataPath, skipUnlessShared } from '../helpers/shared-data.js';

for (const kind of ['zip', 'legacy']) {
  test(`reads a ${kind} torch.save checkpoint made by PyTorch`, () => {
    const file = projectPath('test', 'fixtures', 'torch', `small-${kind}.pth.tar`);
    const ck = loadTorchCheckpoint(readFileSync(file), file) as Map<string, unknown>;
    assert.equal(ck.get('epoch'), 12);
    assert.equal(ck.get('best_mae_error'), 0.125);
    const sd = ck.get('state_dict') as Map<string, unknown>;
    const w = sd.get('w');
    assert.ok(isTorchTensor(w));
    assert.deepEqual(w.shape, [3, 4]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) assert.equal(w.data[i * 4 + j], (4 * i + j) / 8);
    const wt = sd.get('wt');
    assert.ok(isTorchTensor(wt));
    assert.deepEqual(wt.shape, [4, 3]);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) assert.equal(wt.data[i * 3 + j], (4 * j + i) / 8);
    const d = sd.get('d');
    assert.ok(isTorchTensor(d) && d.dtype === 'float64');
    assert.deepEqual([...d.data], [0, 1, 2, 3, 4].map((i) => i * -0.5));
    const n = sd.get('n');
    assert.ok(isTorchTensor(n) && n.dtype === 'int64');
    assert.deepEqual(n.shape, []);
    assert.deepEqual([...n.data], [7]);
    const h = sd.get('h');
    assert.ok(isTorchTensor(h) && h.dtype === 'float16');
    assert.deepEqual([...h.data], [1.5, -2, 0.25]);
    const s = sd.get('slice');
    assert.ok(isTorchTensor(s));
    assert.deepEqual([...s.data], [5, 6, 7, 8, 9, 10]);
    const args = namespaceArgs(ck.get('args'));
    assert.deepEqual(args, { n_conv: 3, atom_fea_len: 64, task: 'regression', lr_milestones: [100] });
    const norm = ck.get('normalizer') as Map<string, unknown>;
    const mean = norm.get('mean');
    assert.ok(isTorchTensor(mean));
    assert.equal(mean.data[0], 1.5);
  });
}

test('a file that is not a checkpoint gets a clear error naming it', () => {
  assert.throws(
    () => loadTorchCheckpoint(new TextEncoder().encode('data_x\n_cell_length_a 3\n'), 'model.pth.tar'),
    (e: unknown) => e instanceof XtalInputError && e.file === 'model.pth.tar',
  );
  const good = readFileSync(projectPath('test', 'fixtures', 'torch', 'small-legacy.pth.tar'));
  assert.throws(
    () => loadTorchCheckpoint(good.subarray(0, good.length - 100), 'cut.pth.tar'),
    (e: unknown) => e instanceof XtalInputError && /cut\.pth\.tar/.test(e.message),
  );
});

test(
  'the 8 reference CGCNN checkpoints hold exactly the weights of their safetensors copies',
  { skip: skipUnlessShared('cgcnn', 'pretrained') },
  () => {
    const dir = sharedDataPath('cgcnn', 'pretrained')!;
    const names = ['band-gap', 'bulk-moduli', 'efermi', 'final-energy-per-atom', 'formation-energy-per-atom', 'poisson-ratio', 'semi-metal-classification', 'shear-moduli'];
    for (const name of names) {
      const ck = loadTorchCheckpoint(readFileSync(join(dir, `${name}.pth.tar`)), name) as Map<string, unknown>;
      const fromTorch = stateDictTensors(ck.get('state_dict'));
      const st = decodeSafetensors(readFileSync(join(dir, `${name}.safetensors`)));
      const fromSt = st.tensors;
      assert.equal(fromTorch.size, fromSt.size, `${name}: tensor count`);
      for (const [key, t] of fromTorch) {
        const u = fromSt.get(key);
        assert.ok(u, `${name}: ${key} missing from safetensors`);
        assert.deepEqual(t.shape, u!.shape, `${name}: ${key} shape`);
        assert.deepEqual(t.data, u!.data, `${name}: ${key} values`);
      }
      const args = namespaceArgs(ck.get('args'))!;
      assert.equal(args.n_conv, 4);
      assert.equal(args.atom_fea_len, 64);
    }
  },
);
