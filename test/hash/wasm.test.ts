import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compress } from '../../src/hash/compress.js';
import { hashLayerJs } from '../../src/hash/node.js';
import { createBlake2sWasm, defaultBlake2sWasm } from '../../src/hash/wasm.js';
import { createMemory, WasmHeap } from '../../src/wasm/runtime.js';
import { rng, randomWords } from './reference.js';

const kernel = createBlake2sWasm();
const u32 = (ptr: number, n: number) => new Uint32Array(kernel.memory.buffer, ptr, n);

test('the default kernel is available on Node 20 (SIMD supported)', () => {
  assert.notEqual(defaultBlake2sWasm(), null);
  assert.throws(() => createBlake2sWasm(createMemory(1)), TypeError);
});

test('WASM scalar compress equals the TS compression on random inputs', () => {
  const next = rng(21);
  const hp = kernel.heap.alloc(32);
  const mp = kernel.heap.alloc(64);
  for (let iter = 0; iter < 200; iter++) {
    const h = randomWords(next, 8);
    const m = randomWords(next, 16);
    const [t0, t1, f0, f1] = [next(), next(), next(), next()];
    u32(hp, 8).set(h);
    u32(mp, 16).set(m);
    kernel.compress(hp, mp, t0, t1, f0, f1);
    compress(h, 0, m, 0, t0, t1, f0, f1);
    assert.deepEqual(u32(hp, 8), h);
  }
});

test('WASM hash_layer (SIMD + scalar tail) equals hashLayerJs, with and without children', () => {
  const next = rng(22);
  const heap = kernel.heap;
  for (const count of [1, 2, 3, 4, 5, 7, 8, 13, 64, 67]) {
    for (const nCols of [0, 1, 5, 16, 17, 33]) {
      for (const hasPrev of [false, true]) {
        const prev = randomWords(next, 16 * count);
        // columns at 4-byte (not 16-byte) alignment, to exercise unaligned vector loads
        const cols = Array.from({ length: nCols }, () => randomWords(next, count));
        const prevPtr = heap.alloc(64 * count);
        const outPtr = heap.alloc(32 * count);
        const colBlock = heap.alloc(4 * (count + 1) * Math.max(nCols, 1) + 4);
        const tab = heap.alloc(4 * Math.max(nCols, 1));
        u32(prevPtr, 16 * count).set(prev);
        const tabView = u32(tab, Math.max(nCols, 1));
        for (let j = 0; j < nCols; j++) {
          const p = colBlock + 4 + 4 * (count + 1) * j;
          u32(p, count).set(cols[j]!);
          tabView[j] = p;
        }
        kernel.hashLayer(outPtr, prevPtr, hasPrev, tab, nCols, count);
        const want = new Uint32Array(8 * count);
        hashLayerJs(want, 0, hasPrev ? prev : null, 0, cols, 0, count);
        assert.deepEqual(u32(outPtr, 8 * count), want, `count ${count}, ${nCols} columns, children ${hasPrev}`);
        heap.release(tab, 4 * Math.max(nCols, 1));
        heap.release(colBlock, 4 * (count + 1) * Math.max(nCols, 1) + 4);
        heap.release(outPtr, 32 * count);
        heap.release(prevPtr, 64 * count);
      }
    }
  }
});

test('WASM hash_layer splits into ranges: hashing [0, a) and [a, n) equals hashing [0, n)', () => {
  const next = rng(23);
  const heap = kernel.heap;
  const n = 37;
  const nCols = 3;
  const prevPtr = heap.alloc(64 * n);
  u32(prevPtr, 16 * n).set(randomWords(next, 16 * n));
  const colPtr = heap.alloc(4 * n * nCols);
  u32(colPtr, n * nCols).set(randomWords(next, n * nCols));
  const tab = heap.alloc(12);
  const whole = heap.alloc(32 * n);
  const parts = heap.alloc(32 * n);
  u32(tab, 3).set([colPtr, colPtr + 4 * n, colPtr + 8 * n]);
  kernel.hashLayer(whole, prevPtr, true, tab, nCols, n);
  const a = 10;
  kernel.hashLayer(parts, prevPtr, true, tab, nCols, a);
  const tab2 = heap.alloc(12);
  u32(tab2, 3).set([colPtr + 4 * a, colPtr + 4 * n + 4 * a, colPtr + 8 * n + 4 * a]);
  kernel.hashLayer(parts + 32 * a, prevPtr + 64 * a, true, tab2, nCols, n - a);
  assert.deepEqual(u32(parts, 8 * n), u32(whole, 8 * n));
});

test('WASM grind finds the least nonce with the masked words zero, as a JS search does', () => {
  const next = rng(24);
  const hp = kernel.heap.alloc(32);
  for (let iter = 0; iter < 20; iter++) {
    const h = randomWords(next, 8);
    u32(hp, 8).set(h);
    const bits = 1 + (iter % 9);
    const mask = (1 << bits) - 1;
    const hi = iter % 2 === 0 ? 0 : next();
    const lo = 4096 * (iter % 5);
    let want = -1;
    const st = new Uint32Array(8);
    const m = new Uint32Array(16);
    for (let j = 0; j < 4096 && want < 0; j++) {
      st.set(h);
      m[0] = lo + j;
      m[1] = hi;
      compress(st, 0, m, 0, 0, 0, 0, 0);
      if ((st[0]! & mask) === 0) want = j;
    }
    assert.equal(kernel.grind(hp, lo, hi, 4096, mask, 0, 0, 0), want);
    // a count that is not a multiple of 4 never reports a lane beyond it
    if (want >= 0) assert.equal(kernel.grind(hp, lo, hi, want, mask, 0, 0, 0), -1);
  }
  // masks over several words: all four words must vanish under their masks
  u32(hp, 8).set(randomWords(next, 8));
  assert.equal(kernel.grind(hp, 0, 0, 64, -1, -1, -1, -1), -1);
});

test('a kernel can share a caller-provided memory and allocator', () => {
  const memory = createMemory(2);
  const heap = new WasmHeap(memory);
  const k = createBlake2sWasm(memory, heap);
  assert.equal(k.memory, memory);
  const hp = heap.alloc(32);
  const mp = heap.alloc(64);
  k.compress(hp, mp, 0, 0, 0, 0);
  const want = new Uint32Array(8);
  compress(want, 0, new Uint32Array(16), 0, 0, 0, 0, 0);
  assert.deepEqual(new Uint32Array(memory.buffer, hp, 8), want);
});
