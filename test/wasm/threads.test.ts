// Kernel threads give the same results as one thread, and failures on a worker surface on the caller.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsBackend, wasmBackend } from '../../src/poly/index.js';
import { disableKernelThreads, enableKernelThreads } from '../../src/sdk/threads.js';
import { getKernelPool, setKernelPool } from '../../src/wasm/threads.js';
import { MerkleTree } from '../../src/merkle/index.js';
import { randomM31, randomQM31, randomSecure } from '../poly/helpers.js';

before(() => {
  assert.equal(enableKernelThreads(3), 3);
});
after(() => disableKernelThreads());

test('batched FFT/IFFT on kernel threads equals the reference', () => {
  for (const log of [12, 14]) {
    const cols = Array.from({ length: 5 }, (_, c) => {
      const a = wasmBackend.alloc(2 ** log);
      a.set(randomM31(2 ** log, 100 * log + c));
      return a;
    });
    const ref = cols.map((c) => c.slice());
    wasmBackend.fftColumns(cols);
    for (const r of ref) jsBackend.fft(r);
    assert.deepEqual(cols, ref);
    wasmBackend.ifftColumns(cols);
    for (const r of ref) jsBackend.ifft(r);
    assert.deepEqual(cols, ref);
    cols.forEach((c) => wasmBackend.free(c));
  }
});

test('linear combination split over kernel threads equals the reference', () => {
  const n = (1 << 13) + 12; // several row ranges and a tail
  const cols = Array.from({ length: 7 }, (_, c) => randomM31(n, c + 1));
  const coeffs = cols.map((_, c) => randomQM31(50 + c));
  const acc = randomSecure(n, 9);
  const expect = acc.map((a) => a.slice()) as unknown as typeof acc;
  jsBackend.accumulateLinearCombination(expect, cols, coeffs);
  wasmBackend.accumulateLinearCombination(acc, cols, coeffs);
  assert.deepEqual(acc, expect);
});

test('Merkle trees over columns in kernel memory (hashed in place, on threads or not) equal the JS trees', () => {
  const sizes = [13, 13, 11, 4, 2];
  const cols = sizes.map((log, c) => {
    const a = wasmBackend.alloc(2 ** log);
    a.set(randomM31(2 ** log, 7 + c));
    return a;
  });
  const js = MerkleTree.commit(cols.map((c) => c.slice()), { backend: 'js' }).root;
  assert.deepEqual(MerkleTree.commit(cols, { backend: 'wasm' }).root, js);
  const pool = getKernelPool();
  setKernelPool(undefined);
  try {
    assert.deepEqual(MerkleTree.commit(cols, { backend: 'wasm' }).root, js);
  } finally {
    setKernelPool(pool);
  }
});

test('a failing kernel call on a worker is reported to the caller', () => {
  const pool = getKernelPool()!;
  assert.throws(() => pool.run([[['poly.nonexistent', 'f']], [['poly.nonexistent', 'f']], [['poly.nonexistent', 'f']]]));
});
