// The WebAssembly heap allocator: aligned, non-overlapping blocks; freed neighbours merge; free space at the top
// returns to it; property-checked against a model of live blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WasmHeap } from '../../src/wasm/runtime.js';

const fresh = () => new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 1024 }), 64);

test('blocks are 64-byte aligned, disjoint, and memory grows as needed', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 200_000 }), fc.nat()), { maxLength: 60 }), (ops) => {
      const heap = fresh();
      const live: [number, number][] = [];
      for (const [isAlloc, bytes, pick] of ops) {
        if (isAlloc || live.length === 0) {
          const off = heap.alloc(bytes);
          assert.equal(off % 64, 0);
          assert.ok(off + bytes <= heap.memory.buffer.byteLength);
          for (const [o, b] of live) assert.ok(off + bytes <= o || o + b <= off, 'overlap');
          live.push([off, bytes]);
        } else {
          const [o, b] = live.splice(pick % live.length, 1)[0]!;
          heap.release(o, b);
        }
      }
    }),
  );
});

test('freeing everything, in any order, gives all the space back', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 30 }), fc.array(fc.nat()), (sizes, order) => {
      const heap = fresh();
      const first = heap.alloc(1);
      heap.release(first, 1);
      const blocks = sizes.map((n) => [heap.alloc(n), n] as const);
      const left = [...blocks];
      for (const k of order) if (left.length) { const [o, n] = left.splice(k % left.length, 1)[0]!; heap.release(o, n); }
      for (const [o, n] of left) heap.release(o, n);
      // Everything merged back into the top: the next allocation starts where the first one did.
      assert.equal(heap.alloc(1), first);
    }),
  );
});

test('best fit keeps a large hole for a large request', () => {
  const heap = fresh();
  const a = heap.alloc(64 * 10);
  heap.alloc(64); // keeps a and c apart
  const c = heap.alloc(64 * 2);
  heap.alloc(64);
  heap.release(a, 64 * 10);
  heap.release(c, 64 * 2);
  assert.equal(heap.alloc(64 * 2), c, 'the small request takes the small hole');
  assert.equal(heap.alloc(64 * 10), a, 'the large hole is still whole');
});
