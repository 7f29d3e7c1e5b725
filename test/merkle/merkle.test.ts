import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MerkleTree, verifyMerkle, MerkleError, type QueriesPerLogSize, type MerkleOpening } from '../../src/merkle/index.js';
import { wordsToBytes, toHex } from '../../src/hash/bytes.js';
import { refNode, rng } from '../hash/reference.js';

const P = 0x7fffffff;

function randomColumn(next: () => number, logSize: number): Uint32Array {
  return Uint32Array.from({ length: 2 ** logSize }, () => next() % P);
}

const hex = (words: number[]) => toHex(wordsToBytes(Uint32Array.from(words)));

/** Root recomputed from the definition (independent of the prover's layer code). */
function refRoot(columns: Uint32Array[]): string {
  const sorted = columns.map((c, i) => ({ c, i })).sort((a, b) => b.c.length - a.c.length || a.i - b.i).map((x) => x.c);
  const maxLog = sorted.length ? Math.log2(sorted[0]!.length) : 0;
  let prev: number[][] | null = null;
  for (let k = maxLog; k >= 0; k--) {
    const cols = sorted.filter((c) => c.length === 2 ** k);
    const layer: number[][] = [];
    for (let i = 0; i < 2 ** k; i++) {
      const children: number[] | null = prev ? [...prev[2 * i]!, ...prev[2 * i + 1]!] : null;
      layer.push(refNode(children, cols.map((c) => c[i]!)));
    }
    prev = layer;
  }
  return hex(prev![0]!);
}

/** Queried values in the documented order: layers largest first, positions ascending, columns in commitment order. */
function expectedValues(columns: Uint32Array[], queries: Map<number, number[]>): number[] {
  const out: number[] = [];
  const logs = [...queries.keys()].sort((a, b) => b - a);
  for (const k of logs) {
    const cols = columns.filter((c) => c.length === 2 ** k);
    for (const q of queries.get(k)!) for (const c of cols) out.push(c[q]!);
  }
  return out;
}

function rejects(fn: () => void, code?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof MerkleError, `expected MerkleError, got ${String(e)}`);
    if (code !== undefined) assert.equal(e.code, code);
    return true;
  });
}

test('tiny trees recomputed by hand', () => {
  // one value: the root is the leaf F(0, [7, 0 × 15])
  assert.equal(toHex(MerkleTree.commit([Uint32Array.of(7)]).root), hex(refNode(null, [7])));
  // two rows: root = H(children = leaf0 ‖ leaf1, no values)
  const t2 = MerkleTree.commit([Uint32Array.of(1, 2)]);
  const l0 = refNode(null, [1]);
  const l1 = refNode(null, [2]);
  assert.equal(toHex(t2.root), hex(refNode([...l0, ...l1], [])));
  assert.equal(toHex(t2.nodeHash(1, 1)), hex(l1));
  // mixed: A (4 rows), B (2), C (4), D (1); layer 2 hashes rows of A then C, layer 1 adds B, layer 0 adds D
  const A = Uint32Array.of(10, 11, 12, 13);
  const B = Uint32Array.of(20, 21);
  const C = Uint32Array.of(30, 31, 32, 33);
  const D = Uint32Array.of(40);
  const leaves = [0, 1, 2, 3].map((i) => refNode(null, [A[i]!, C[i]!]));
  const mid = [0, 1].map((i) => refNode([...leaves[2 * i]!, ...leaves[2 * i + 1]!], [B[i]!]));
  const root = refNode([...mid[0]!, ...mid[1]!], [D[0]!]);
  for (const backend of ['js', 'wasm'] as const) {
    const t = MerkleTree.commit([A, B, C, D], { backend });
    assert.equal(toHex(t.root), hex(root), backend);
    assert.deepEqual(t.columnLogSizes, [2, 1, 2, 0]);
    assert.equal(t.maxLogSize, 2);
  }
});

test('columns are sorted stably: equal sizes keep input order, different sizes may come in any order', () => {
  const next = rng(31);
  const A = randomColumn(next, 3);
  const B = randomColumn(next, 3);
  const C = randomColumn(next, 1);
  const r = toHex(MerkleTree.commit([A, B, C]).root);
  assert.equal(toHex(MerkleTree.commit([C, A, B]).root), r);
  assert.equal(toHex(MerkleTree.commit([A, C, B]).root), r);
  assert.notEqual(toHex(MerkleTree.commit([B, A, C]).root), r);
  assert.equal(r, refRoot([A, B, C]));
});

test('more than 16 columns per layer, a layer with no columns (children only), and many sizes', () => {
  const next = rng(32);
  const cols = [
    ...Array.from({ length: 19 }, () => randomColumn(next, 5)),
    randomColumn(next, 3),
    ...Array.from({ length: 17 }, () => randomColumn(next, 2)),
    randomColumn(next, 0),
  ];
  const want = refRoot(cols);
  assert.equal(toHex(MerkleTree.commit(cols, { backend: 'js' }).root), want);
  assert.equal(toHex(MerkleTree.commit(cols, { backend: 'wasm' }).root), want);
});

test('JS and WASM roots agree on random mixed trees, including chunked layers of many columns', () => {
  const next = rng(33);
  for (let iter = 0; iter < 12; iter++) {
    const n = 1 + (next() % 9);
    const cols = Array.from({ length: n }, () => randomColumn(next, next() % 11));
    const js = MerkleTree.commit(cols, { backend: 'js' });
    const wasm = MerkleTree.commit(cols, { backend: 'wasm' });
    assert.equal(toHex(wasm.root), toHex(js.root));
    for (let k = 0; k <= js.maxLogSize; k++) assert.equal(toHex(wasm.nodeHash(k, 0)), toHex(js.nodeHash(k, 0)));
  }
  // 300 columns of 2^12 rows: the WASM path hashes this layer in two row chunks (4 MiB scratch)
  const many = Array.from({ length: 300 }, () => randomColumn(next, 12));
  many.push(randomColumn(next, 13));
  assert.equal(toHex(MerkleTree.commit(many, { backend: 'wasm' }).root), toHex(MerkleTree.commit(many, { backend: 'js' }).root));
});

test('empty tree: the all-zero root, which verifies only an empty opening', () => {
  const t = MerkleTree.commit([]);
  assert.equal(toHex(t.root), '00'.repeat(32));
  const o = t.decommit(new Map());
  assert.equal(o.queriedValues.length, 0);
  verifyMerkle(t.root, [], new Map(), o.queriedValues, o.decommitment);
  rejects(() => verifyMerkle(new Uint8Array(32).fill(1), [], new Map(), o.queriedValues, o.decommitment), 'ROOT_MISMATCH');
  rejects(() => verifyMerkle(t.root, [], new Map(), Uint32Array.of(1), o.decommitment), 'TOO_MANY_QUERIED_VALUES');
});

test('commit rejects bad columns with MerkleError', () => {
  rejects(() => MerkleTree.commit([new Uint32Array(3)]), 'INVALID_INPUT');
  rejects(() => MerkleTree.commit([new Uint32Array(0)]), 'INVALID_INPUT');
  rejects(() => MerkleTree.commit([Uint32Array.of(P, 0)]), 'INVALID_INPUT');
  rejects(() => MerkleTree.commit([[1, 2] as unknown as Uint32Array]), 'INVALID_INPUT');
  rejects(() => MerkleTree.commit('x' as unknown as Uint32Array[]), 'INVALID_INPUT');
  // the canonicity check can be skipped for trusted inputs
  MerkleTree.commit([Uint32Array.of(P, 0)], { trustCanonical: true });
});

/** A random tree with its columns and a random query map. */
const treeArb = fc
  .record({
    logs: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    density: fc.double({ min: 0, max: 0.6, noNaN: true }),
  })
  .map(({ logs, seed, density }) => {
    const next = rng(seed);
    const cols = logs.map((l) => randomColumn(next, l));
    const maxLog = Math.max(...logs);
    const queries = new Map<number, number[]>();
    for (let k = 0; k <= maxLog; k++) {
      const qs: number[] = [];
      for (let i = 0; i < 2 ** k; i++) if (next() / 2 ** 32 < density) qs.push(i);
      if (qs.length > 0 || next() % 3 === 0) queries.set(k, qs);
    }
    return { cols, queries, logs };
  });

test('decommit/verify round trips on random trees and query sets', () => {
  fc.assert(
    fc.property(treeArb, ({ cols, queries, logs }) => {
      const tree = MerkleTree.commit(cols);
      const o = tree.decommit(queries);
      assert.deepEqual(Array.from(o.queriedValues), expectedValues(cols, queries));
      verifyMerkle(tree.root, logs, queries, o.queriedValues, o.decommitment);
      // the verifier needs only the multiset of sizes
      verifyMerkle(tree.root, [...logs].reverse(), queries, Array.from(o.queriedValues), o.decommitment);
    }),
    { numRuns: 150 },
  );
});

function flipByte(b: Uint8Array, i: number): Uint8Array {
  const c = b.slice();
  c[i] ^= 1;
  return c;
}
function bump(v: Uint32Array, i: number): Uint32Array {
  const c = v.slice();
  c[i] = (c[i]! + 1) % P;
  return c;
}

test('tampering with any witness hash, witness value, queried value or position is rejected', () => {
  const next = rng(34);
  const logs = [5, 5, 3, 4, 3, 0];
  const cols = logs.map((l) => randomColumn(next, l));
  const tree = MerkleTree.commit(cols);
  const queries = new Map<number, number[]>([[5, [1, 7, 8, 30]], [4, [2, 3]], [3, [0, 5]], [0, [0]]]);
  const o: MerkleOpening = tree.decommit(queries);
  const { hashWitness, columnWitness } = o.decommitment;
  assert.ok(hashWitness.length > 0 && columnWitness.length > 0, 'the scenario exercises both witnesses');
  verifyMerkle(tree.root, logs, queries, o.queriedValues, o.decommitment);

  for (let h = 0; h < hashWitness.length; h += 32) {
    for (const byte of [h, h + 31]) {
      rejects(() => verifyMerkle(tree.root, logs, queries, o.queriedValues, { hashWitness: flipByte(hashWitness, byte), columnWitness }), 'ROOT_MISMATCH');
    }
  }
  for (let i = 0; i < columnWitness.length; i++) {
    rejects(() => verifyMerkle(tree.root, logs, queries, o.queriedValues, { hashWitness, columnWitness: bump(columnWitness, i) }), 'ROOT_MISMATCH');
  }
  for (let i = 0; i < o.queriedValues.length; i++) {
    rejects(() => verifyMerkle(tree.root, logs, queries, bump(o.queriedValues, i), o.decommitment), 'ROOT_MISMATCH');
  }
  for (let i = 0; i < 32; i++) rejects(() => verifyMerkle(flipByte(tree.root, i), logs, queries, o.queriedValues, o.decommitment), 'ROOT_MISMATCH');
  // moved positions (each to every other free position of its layer), dropped and added positions
  for (const [k, qs] of queries) {
    for (let j = 0; j < qs.length; j++) {
      for (let alt = 0; alt < 2 ** k; alt++) {
        if (qs.includes(alt)) continue;
        const moved = [...qs];
        moved[j] = alt;
        moved.sort((a, b) => a - b);
        rejects(() => verifyMerkle(tree.root, logs, new Map([...queries, [k, moved]]), o.queriedValues, o.decommitment));
      }
      rejects(() => verifyMerkle(tree.root, logs, new Map([...queries, [k, qs.filter((_, i) => i !== j)]]), o.queriedValues, o.decommitment));
    }
  }
  rejects(() => verifyMerkle(tree.root, logs, new Map([...queries, [3, [0, 4, 5]]]), o.queriedValues, o.decommitment));
  // wrong column sizes
  rejects(() => verifyMerkle(tree.root, [5, 5, 3, 4, 3], queries, o.queriedValues, o.decommitment));
  rejects(() => verifyMerkle(tree.root, [5, 5, 3, 4, 3, 0, 0], queries, o.queriedValues, o.decommitment));
  rejects(() => verifyMerkle(tree.root, [5, 5, 3, 4, 4, 0], queries, o.queriedValues, o.decommitment));
  // missing and leftover items, with Stwo's error kinds
  rejects(() => verifyMerkle(tree.root, logs, queries, o.queriedValues, { hashWitness: hashWitness.subarray(32), columnWitness }));
  rejects(() => verifyMerkle(tree.root, logs, queries, o.queriedValues, { hashWitness: hashWitness.subarray(0, hashWitness.length - 32), columnWitness }), 'WITNESS_TOO_SHORT');
  const longer = new Uint8Array(hashWitness.length + 32);
  longer.set(hashWitness);
  rejects(() => verifyMerkle(tree.root, logs, queries, o.queriedValues, { hashWitness: longer, columnWitness }), 'WITNESS_TOO_LONG');
  rejects(() => verifyMerkle(tree.root, logs, queries, o.queriedValues, { hashWitness, columnWitness: columnWitness.subarray(1) }), 'WITNESS_TOO_SHORT');
  rejects(() => verifyMerkle(tree.root, logs, queries, o.queriedValues, { hashWitness, columnWitness: Uint32Array.from([...columnWitness, 0]) }), 'WITNESS_TOO_LONG');
  rejects(() => verifyMerkle(tree.root, logs, queries, o.queriedValues.subarray(1), o.decommitment), 'TOO_FEW_QUERIED_VALUES');
  rejects(() => verifyMerkle(tree.root, logs, queries, Uint32Array.from([...o.queriedValues, 0]), o.decommitment), 'TOO_MANY_QUERIED_VALUES');
});

test('malformed arguments give MerkleError and nothing else', () => {
  const next = rng(35);
  const logs = [3, 2];
  const cols = logs.map((l) => randomColumn(next, l));
  const tree = MerkleTree.commit(cols);
  const queries = new Map([[3, [1, 6]], [2, [0]]]);
  const o = tree.decommit(queries);
  const good = [tree.root, logs, queries, o.queriedValues, o.decommitment] as const;
  const call = (args: readonly unknown[]) =>
    (verifyMerkle as (...a: unknown[]) => void)(...args);
  call(good);
  const variants: unknown[][] = [
    [null, ...good.slice(1)],
    [new Uint8Array(31), ...good.slice(1)],
    [good[0], null, ...good.slice(2)],
    [good[0], [3, 2.5], ...good.slice(2)],
    [good[0], [3, 32], ...good.slice(2)],
    [good[0], [3, -1], ...good.slice(2)],
    [good[0], good[1], { 3: [1] }, good[3], good[4]],
    [good[0], good[1], new Map([[3, [6, 1]], [2, [0]]]), good[3], good[4]],
    [good[0], good[1], new Map([[3, [1, 1, 6]], [2, [0]]]), good[3], good[4]],
    [good[0], good[1], new Map([[3, [1, 8]], [2, [0]]]), good[3], good[4]],
    [good[0], good[1], new Map([[3, [1, NaN]]]), good[3], good[4]],
    [good[0], good[1], new Map([[3, [-1, 6]]]), good[3], good[4]],
    [good[0], good[1], new Map([[3, ['1', 6]]]), good[3], good[4]],
    [good[0], good[1], new Map([[4, [0]]]), good[3], good[4]],
    [good[0], good[1], new Map([['3', [1, 6]]]), good[3], good[4]],
    [good[0], good[1], new Map([[3, null]]), good[3], good[4]],
    [good[0], good[1], new Map([[3, { length: 1e12 }]]), good[3], good[4]],
    [good[0], good[1], good[2], null, good[4]],
    [good[0], good[1], good[2], Uint32Array.from(o.queriedValues, (v, i) => (i === 0 ? v + P : v)), good[4]],
    [good[0], good[1], good[2], [0.5], good[4]],
    [...good.slice(0, 4), null],
    [...good.slice(0, 4), {}],
    [...good.slice(0, 4), { hashWitness: new Uint8Array(33), columnWitness: o.decommitment.columnWitness }],
    [...good.slice(0, 4), { hashWitness: Array.from(o.decommitment.hashWitness), columnWitness: o.decommitment.columnWitness }],
    [...good.slice(0, 4), { hashWitness: o.decommitment.hashWitness, columnWitness: Uint32Array.of(P) }],
    [...good.slice(0, 4), { hashWitness: o.decommitment.hashWitness, get columnWitness(): never { throw new TypeError('boom'); } }],
  ];
  for (const v of variants) rejects(() => call(v));
  fc.assert(
    fc.property(fc.anything(), fc.integer({ min: 0, max: 4 }), (junk, slot) => {
      const args: unknown[] = [...good];
      args[slot] = junk;
      try {
        call(args);
      } catch (e) {
        if (!(e instanceof MerkleError)) assert.fail(`non-MerkleError ${e instanceof Error ? e.message : typeof e} for a ${typeof junk} at ${slot}`);
      }
    }),
    { numRuns: 300 },
  );
});

test('decommit validates its query map', () => {
  const tree = MerkleTree.commit([new Uint32Array(8)]);
  rejects(() => tree.decommit(new Map([[3, [2, 1]]])), 'INVALID_INPUT');
  rejects(() => tree.decommit(new Map([[4, [0]]])), 'INVALID_INPUT');
  rejects(() => tree.decommit(new Map([[3, [8]]])), 'INVALID_INPUT');
  rejects(() => tree.decommit([[3, [1]]] as unknown as QueriesPerLogSize), 'INVALID_INPUT');
  rejects(() => tree.nodeHash(4, 0), 'INVALID_INPUT');
});
