import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  accumulateComposition,
  columnRef,
  compileCompositionKernel,
  compileWasmCompositionKernel,
  compileRowKernel,
  compileWasmRowKernel,
  ROW_CHUNK,
  componentParams,
  compositionKernel,
  constant,
  constraintWeights,
  Expr,
  firstViolatedRow,
  generateCompositionModule,
  generateInteraction,
  interpretAll,
  INTERACTION_TREE,
  MAIN_TREE,
  PARALLEL_MIN_ROWS,
  param,
  PREPROCESSED_TREE,
  drawRelationElements,
  preprocessedToStorage,
  witnessToStorage,
  setCompositionKernelMode,
  wasmSimdSupported,
} from '../../src/air/index.js';
import type { Air, ConstraintKernel, RowKernel, Witness } from '../../src/air/index.js';
import { Blake2sChannel } from '../../src/channel/index.js';
import { m31, qm31 } from '../../src/field/index.js';
import type { QM31 } from '../../src/field/index.js';
import { wideFibonacciAir, wideFibonacciWitness } from '../../src/examples/wide-fibonacci.js';
import { rangeCheckAir, rangeCheckWitness } from '../../src/examples/range-check.js';
import { defaultHeap } from '../../src/wasm/runtime.js';
import { getKernelPool } from '../../src/wasm/threads.js';
import { disableKernelThreads, enableKernelThreads } from '../../src/sdk/threads.js';
import { evaluate, interpolate } from '../../src/poly/index.js';
import { rng } from '../util/rng.js';

const P = 0x7fffffff;

test('this platform runs WebAssembly SIMD (the kernels below need it)', () => {
  assert.equal(wasmSimdSupported(), true);
});

// Leaves: edge constants, main and preprocessed cells at offsets −1/0/+1, parameters (extension-field).
const baseLeaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(0, 1, 2, P - 1, P - 2, 2 ** 30, 12345).map(constant),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1, 0, 1)).map(([i, o]) => columnRef(MAIN_TREE, i, o)),
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.constantFrom(-1, 0, 1)).map(([i, o]) => columnRef(PREPROCESSED_TREE, i, o)),
);
const extLeaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.constantFrom(-1, 0)).map(([i, o]) => columnRef(INTERACTION_TREE, i, o)),
  fc.constantFrom('x', 'y').map(param),
);
const treeOf = (leaf: fc.Arbitrary<Expr>) =>
  fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => a.add(b)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => a.sub(b)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => a.mul(b)),
      tie('e').map((a) => a.neg()),
    ),
  })).e;
const baseExpr = treeOf(baseLeaf);
const anyExpr = treeOf(fc.oneof({ weight: 4, arbitrary: baseLeaf }, { weight: 1, arbitrary: extLeaf }));

function rand(seed: number): () => number {
  const next = rng(seed);
  return () => next() % P;
}

interface Inputs {
  size: number;
  pre: Uint32Array[];
  main: Uint32Array[];
  inter: Uint32Array[];
  idx: Map<number, Int32Array>;
  params: Map<string, QM31>;
}

/** Random inputs; `inHeap` puts the columns in the shared WebAssembly heap (read in place), else plain arrays (copied). */
function makeInputs(seed: number, size: number, extremes: boolean, inHeap: boolean): Inputs {
  const r = rand(seed);
  const val = () => (extremes ? [0, 1, P - 1, P - 2][r() % 4]! : r());
  const heap = defaultHeap();
  const col = () => {
    const a = inHeap ? heap.view(heap.alloc(4 * size), size) : new Uint32Array(size);
    for (let i = 0; i < size; i++) a[i] = val();
    return a;
  };
  const idx = new Map<number, Int32Array>();
  for (const o of [-1, 1]) idx.set(o, Int32Array.from({ length: size }, () => r() % size));
  const q = (): QM31 => [val(), val(), val(), val()];
  return {
    size,
    pre: [col(), col()],
    main: [col(), col(), col(), col()],
    inter: Array.from({ length: 8 }, col),
    idx,
    params: new Map([
      ['x', q()],
      ['y', q()],
    ]),
  };
}

function colsFor(k: ConstraintKernel, inp: Inputs): Uint32Array[] {
  return k.columns.map((s) => (s.tree === 0 ? inp.pre[s.index]! : s.tree === 1 ? inp.main[s.index]! : inp.inter[4 * s.index + s.coord]!));
}

type Out = [Uint32Array, Uint32Array, Uint32Array, Uint32Array];

function run(k: ConstraintKernel, inp: Inputs, weights: Uint32Array, zinv: Uint32Array, zShift: number, start: number, end: number): Out {
  const out = [0, 1, 2, 3].map(() => Uint32Array.from({ length: inp.size }, (_, i) => (i * 7919 + 3) % P)) as Out;
  const params = new Uint32Array(4 * k.params.length);
  k.params.forEach((n, i) => params.set(inp.params.get(n)!, 4 * i));
  k.run(colsFor(k, inp), k.offsets.map((o) => inp.idx.get(o)!), params, weights, zinv, zShift, out, start, end);
  return out;
}

function expected(exprs: Expr[], inp: Inputs, weights: Uint32Array, zinv: Uint32Array, zShift: number, start: number, end: number): Out {
  const out = [0, 1, 2, 3].map(() => Uint32Array.from({ length: inp.size }, (_, i) => (i * 7919 + 3) % P)) as Out;
  for (let row = start; row < end; row++) {
    const vals = interpretAll(
      exprs,
      (tree, index, offset) => {
        const at = offset === 0 ? row : inp.idx.get(offset)![row]!;
        if (tree === 0) return qm31.fromM31(inp.pre[index]![at]!);
        if (tree === 1) return qm31.fromM31(inp.main[index]![at]!);
        return [0, 1, 2, 3].map((k) => inp.inter[4 * index + k]![at]!) as unknown as QM31;
      },
      inp.params,
    );
    let acc: QM31 = qm31.ZERO;
    vals.forEach((v, g) => (acc = qm31.add(acc, qm31.mul([weights[4 * g]!, weights[4 * g + 1]!, weights[4 * g + 2]!, weights[4 * g + 3]!], v))));
    const z = zinv[row >>> zShift]!;
    for (let k = 0; k < 4; k++) out[k]![row] = m31.add(out[k]![row]!, m31.mul(acc[k]!, z));
  }
  return out;
}

function check(exprs: Expr[], seed: number, extremes: boolean, inHeap: boolean, size: number, start: number, end: number, zShift: number) {
  const inp = makeInputs(seed, size, extremes, inHeap);
  const r = rand(seed ^ 0x5555);
  const weights = Uint32Array.from({ length: 4 * exprs.length }, () => (extremes ? [0, 1, P - 1][r() % 3]! : r()));
  const zinv = Uint32Array.from({ length: (size >>> zShift) + 1 }, () => (extremes ? P - 1 : r() || 1));
  const wasm = compileWasmCompositionKernel(exprs);
  assert.ok(wasm);
  const got = run(wasm, inp, weights, zinv, zShift, start, end);
  const js = run(compileCompositionKernel(exprs), inp, weights, zinv, zShift, start, end);
  const want = expected(exprs, inp, weights, zinv, zShift, start, end);
  assert.deepEqual(js, want, 'JS kernel vs interpreter');
  assert.deepEqual(got, want, `WASM kernel vs interpreter: ${exprs.map(String).join('; ')}`);
}

test('WASM kernel equals the JS kernel and the interpreter on random base-field constraints', () => {
  fc.assert(
    fc.property(fc.array(baseExpr, { minLength: 1, maxLength: 8 }), fc.integer(), fc.boolean(), fc.boolean(), (exprs, seed, extremes, inHeap) => {
      check(exprs, seed, extremes, inHeap, 32, 0, 32, 2);
    }),
    { numRuns: 200 },
  );
});

test('WASM kernel: mixed base/extension constraints, unaligned row ranges, small 1/Z shifts', () => {
  fc.assert(
    fc.property(
      fc.array(anyExpr, { minLength: 1, maxLength: 6 }),
      fc.integer(),
      fc.boolean(),
      fc.integer({ min: 0, max: 31 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 3 }),
      (exprs, seed, extremes, a, b, zShift) => {
        check(exprs, seed, extremes, seed % 2 === 0, 32, Math.min(a, b), Math.max(a, b), zShift);
      },
    ),
    { numRuns: 150 },
  );
});

test('WASM kernel: many constraints (lazy accumulator folds), deep sums, all-(p−1) inputs', () => {
  const c = [0, 1, 2, 3].map((i) => columnRef(MAIN_TREE, i, 0));
  const exprs: Expr[] = [];
  for (let g = 0; g < 40; g++) exprs.push(c[g % 4]!.mul(c[(g + 1) % 4]!.at((g % 3) - 1)).sub(g).neg());
  let s: Expr = constant(0);
  for (let i = 0; i < 200; i++) s = s.add(c[i % 4]!.square());
  exprs.push(s);
  for (const extremes of [false, true]) check(exprs, 99, extremes, true, 64, 0, 64, 3);
  // Several row blocks (ROW_BLOCK rows each), the last one partial, and unaligned ends.
  check(exprs, 5, false, true, 2048, 3, 2041, 9);
  check(exprs.slice(0, 7), 6, true, false, 1500, 0, 1500, 8);
  // Every input p − 1: products and sums at their largest.
  const inp = makeInputs(1, 16, true, true);
  for (const col of [...inp.pre, ...inp.main]) col.fill(P - 1);
  const weights = new Uint32Array(4 * exprs.length).fill(P - 1);
  const zinv = Uint32Array.of(P - 1, P - 1);
  const k = compileWasmCompositionKernel(exprs)!;
  assert.deepEqual(run(k, inp, weights, zinv, 3, 0, 16), expected(exprs, inp, weights, zinv, 3, 0, 16));
});

test('WASM kernel: logUp-shaped extension-field constraints (QM31 products, folds), several blocks, all-(p−1) inputs', () => {
  const c = [0, 1, 2, 3].map((i) => columnRef(MAIN_TREE, i, 0));
  const s = [0, 1].map((i) => columnRef(INTERACTION_TREE, i, 0));
  const den = (u: Expr, v: Expr, z: string) => u.add(param('x').mul(v)).add(param('y').mul(v.prev)).sub(param(z));
  const exprs: Expr[] = [c[0]!.mul(c[1]!).sub(c[2]!)];
  for (let b = 0; b < 6; b++) {
    const d0 = den(c[b % 4]!, c[(b + 1) % 4]!, b % 2 ? 'x' : 'y');
    const d1 = den(c[(b + 2) % 4]!, columnRef(PREPROCESSED_TREE, b % 2, 0), 'y');
    const diff = b === 5 ? s[1]!.sub(s[1]!.prev).add(param('x')) : s[b % 2]!.sub(s[(b + 1) % 2]!);
    exprs.push(diff.mul(d0).mul(d1).sub(d0.mul(c[3]!).add(d1.mul(c[b % 4]!).neg())));
    exprs.push(c[b % 4]!.square().sub(c[(b + 3) % 4]!.next));
  }
  for (const extremes of [false, true]) check(exprs, 31, extremes, extremes, 64, 0, 64, 3);
  check(exprs, 8, false, true, 2048, 3, 2041, 9);
  check(exprs, 9, true, false, 1500, 1, 1499, 8);
  const inp = makeInputs(2, 16, true, true);
  for (const col of [...inp.pre, ...inp.main, ...inp.inter]) col.fill(P - 1);
  for (const name of [...inp.params.keys()]) inp.params.set(name, [P - 1, P - 1, P - 1, P - 1]);
  const weights = new Uint32Array(4 * exprs.length).fill(P - 1);
  const zinv = Uint32Array.of(P - 1, P - 1);
  const k = compileWasmCompositionKernel(exprs)!;
  assert.deepEqual(run(k, inp, weights, zinv, 3, 0, 16), expected(exprs, inp, weights, zinv, 3, 0, 16));
});

test('WASM kernel on kernel threads (row ranges split over workers) equals the interpreter', async () => {
  assert.ok(enableKernelThreads(2) >= 1);
  try {
    await new Promise((r) => setTimeout(r, 300)); // workers take work once started
    assert.ok(getKernelPool());
    const c = [0, 1, 2, 3].map((i) => columnRef(MAIN_TREE, i, 0));
    const exprs = [c[0]!.mul(c[1]!.next).sub(c[2]!.prev), c[3]!.square().add(c[0]!).neg(), columnRef(PREPROCESSED_TREE, 1, 1).mul(c[2]!), param('x').mul(c[1]!)];
    for (const inHeap of [true, false]) check(exprs, 77, false, inHeap, 2 * PARALLEL_MIN_ROWS, 0, 2 * PARALLEL_MIN_ROWS, 10);
    // Row kernels split their chunks over the workers too.
    checkRows(exprs, 78, false, true, ROW_CHUNK + 2 * PARALLEL_MIN_ROWS, 2, ROW_CHUNK + 2 * PARALLEL_MIN_ROWS - 1);
  } finally {
    disableKernelThreads();
  }
});

test('generated modules validate, with and without shared memory', () => {
  const a = columnRef(MAIN_TREE, 0, 0);
  const exprs = [a.mul(a.next).sub(a.prev).neg().add(3)];
  for (const shared of [true, false]) {
    const m = generateCompositionModule(exprs, shared);
    assert.ok(WebAssembly.validate(m.bytes as Uint8Array<ArrayBuffer>));
    assert.deepEqual(m.offsets, [1, -1]);
  }
  // Extension-field constraints compile too (parameters and interaction cells, four lanes per coordinate).
  const ext = generateCompositionModule([param('x').mul(columnRef(INTERACTION_TREE, 0, -1)).sub(a)], false);
  assert.ok(WebAssembly.validate(ext.bytes as Uint8Array<ArrayBuffer>));
  assert.deepEqual(ext.params, ['x']);
  assert.deepEqual(ext.weightOffsets, [0]);
  assert.equal(ext.weightWords, 16);
});

/** Every component's composition columns on its evaluation domain, and its witness-check result, in a kernel mode. */
function composition(air: Air, witness: Witness, mode: 'auto' | 'js'): { out: Out[]; violated: number[]; sources: string[] } {
  setCompositionKernelMode(mode);
  try {
    const ch = new Blake2sChannel();
    ch.mixBytes(new TextEncoder().encode('wasm composition test'));
    const elements = drawRelationElements(air.relations, ch);
    const alpha = [...ch.drawFelt()] as unknown as QM31;
    const pre = preprocessedToStorage(air);
    const main = witnessToStorage(air, witness);
    const weights = constraintWeights(air, alpha);
    const out: Out[] = [];
    const violated: number[] = [];
    const sources: string[] = [];
    air.components.forEach((c, ci) => {
      const cPre = air.layout[ci]!.preprocessed.map((g) => pre[g]!);
      const inter = generateInteraction(c, cPre, main[ci]!, componentParams(c, elements, qm31.ZERO));
      const params = componentParams(c, elements, inter.claimedSum);
      const ext = (cs: Uint32Array[]) => cs.map((x) => evaluate(interpolate(x), c.evalLogSize));
      const o = [0, 1, 2, 3].map(() => new Uint32Array(2 ** c.evalLogSize)) as Out;
      accumulateComposition(c, { pre: ext(cPre), main: ext(main[ci]!), inter: ext(inter.columns) }, params, weights[ci]!, o);
      out.push(o);
      violated.push(firstViolatedRow(c, { pre: cPre, main: main[ci]!, inter: inter.columns }, params, weights[ci]!));
      sources.push(compositionKernel(c).source);
    });
    return { out, violated, sources };
  } finally {
    setCompositionKernelMode('auto');
  }
}

test('wide Fibonacci: WASM and JS composition columns are identical', () => {
  const air = wideFibonacciAir(6, 12);
  const w = composition(air, wideFibonacciWitness(6, 12, 3), 'auto');
  const j = composition(air, wideFibonacciWitness(6, 12, 3), 'js');
  assert.match(w.sources[0]!, /WebAssembly/);
  assert.doesNotMatch(j.sources[0]!, /WebAssembly/);
  assert.deepEqual(w.out, j.out);
  assert.ok(w.out[0]![0]!.some((x) => x !== 0), 'non-trivial composition');
  assert.deepEqual(w.violated, [-1]);
  // A broken witness is caught at the same row either way.
  const bad = wideFibonacciWitness(6, 12, 3);
  bad.components[0]![7]![13] = (bad.components[0]![7]![13]! + 1) % P;
  const wb = composition(air, bad, 'auto');
  const jb = composition(air, bad, 'js');
  assert.ok(wb.violated[0]! >= 0);
  assert.deepEqual(wb.violated, jb.violated);
  assert.deepEqual(wb.out, jb.out);
});

test('range check (preprocessed columns, offset −1, logUp): WASM and JS composition columns are identical', () => {
  const k = 5;
  const n = 3;
  const air = rangeCheckAir(k, n);
  const pairs = Array.from({ length: 2 ** n }, (_, i) => [i % 7, (3 * i) % 11] as const);
  const wit = rangeCheckWitness(k, n, pairs);
  const w = composition(air, wit, 'auto');
  const j = composition(air, wit, 'js');
  assert.ok(w.sources.some((s) => /WebAssembly/.test(s)), 'some component compiled to WebAssembly');
  assert.deepEqual(w.out, j.out);
  assert.deepEqual(w.violated, j.violated);
  assert.ok(w.violated.every((r) => r === -1));
});

/** A row kernel's outputs on [start, end) of fresh inputs (other rows keep a fill pattern). */
function runRows(k: RowKernel, inp: Inputs, n: number, start: number, end: number): Uint32Array[] {
  const outs = Array.from({ length: 4 * n }, (_, j) => Uint32Array.from({ length: inp.size }, (_, i) => (i * 31 + j) % P));
  const params = new Uint32Array(4 * k.params.length);
  k.params.forEach((name, i) => params.set(inp.params.get(name)!, 4 * i));
  k.run(colsFor(k as unknown as ConstraintKernel, inp), k.offsets.map((o) => inp.idx.get(o)!), params, outs, start, end);
  return outs;
}

function checkRows(exprs: Expr[], seed: number, extremes: boolean, inHeap: boolean, size: number, start: number, end: number) {
  const inp = makeInputs(seed, size, extremes, inHeap);
  const wasm = compileWasmRowKernel(exprs);
  assert.ok(wasm);
  const js = runRows(compileRowKernel(exprs), inp, exprs.length, start, end);
  assert.deepEqual(runRows(wasm, inp, exprs.length, start, end), js, `WASM row kernel vs JS: ${exprs.map(String).join('; ')}`);
  // The JS kernel against the interpreter on a few rows.
  for (const row of [start, Math.floor((start + end) / 2), end - 1]) {
    if (row < start || row >= end) continue;
    const vals = interpretAll(
      exprs,
      (tree, index, offset) => {
        const at = offset === 0 ? row : inp.idx.get(offset)![row]!;
        if (tree === 0) return qm31.fromM31(inp.pre[index]![at]!);
        if (tree === 1) return qm31.fromM31(inp.main[index]![at]!);
        return [0, 1, 2, 3].map((k) => inp.inter[4 * index + k]![at]!) as unknown as QM31;
      },
      inp.params,
    );
    vals.forEach((v, j) => assert.deepEqual([0, 1, 2, 3].map((k) => js[4 * j + k]![row]!), [...v], `row ${row}, expression ${j}`));
  }
}

test('WASM row kernel equals the JS row kernel (and the interpreter) on random mixed expressions, unaligned ranges', () => {
  fc.assert(
    fc.property(
      fc.array(anyExpr, { minLength: 1, maxLength: 5 }),
      fc.integer(),
      fc.boolean(),
      fc.integer({ min: 0, max: 31 }),
      fc.integer({ min: 0, max: 32 }),
      (exprs, seed, extremes, a, b) => {
        if (a === b) return;
        checkRows(exprs, seed, extremes, seed % 2 === 0, 32, Math.min(a, b), Math.max(a, b));
      },
    ),
    { numRuns: 150 },
  );
});

test('WASM row kernel: logUp-shaped numerators and denominators over several output chunks', () => {
  const c = [0, 1, 2, 3].map((i) => columnRef(MAIN_TREE, i, 0));
  const den = (u: Expr, v: Expr, z: string) => u.add(param('x').mul(v)).add(param('y').mul(v.prev)).sub(param(z));
  const exprs: Expr[] = [];
  for (let b = 0; b < 3; b++) {
    const d0 = den(c[b]!, c[b + 1]!, 'x');
    const d1 = den(columnRef(PREPROCESSED_TREE, b % 2, 1), c[3 - b]!, 'y');
    exprs.push(c[b]!.mul(d1).add(c[3]!.neg().mul(d0)), d0.mul(d1));
  }
  exprs.push(c[0]!.sub(1)); // a base-field value: coordinates 1–3 are zero
  const size = 2 * ROW_CHUNK + 64;
  checkRows(exprs, 3, false, true, size, 1, size - 2);
  checkRows(exprs, 4, true, false, size, 0, size);
});
