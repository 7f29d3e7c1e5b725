import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  columnRef,
  compileCompositionKernel,
  compileRowKernel,
  constant,
  Expr,
  interpretAll,
  interpreterCompositionKernel,
  INTERACTION_TREE,
  MAIN_TREE,
  param,
  PREPROCESSED_TREE,
} from '../../src/air/index.js';
import { m31, qm31 } from '../../src/field/index.js';
import type { QM31 } from '../../src/field/index.js';
import { rng } from '../util/rng.js';

const P = 0x7fffffff;

// Leaves: constants at the edges, cells of all three trees at a few offsets, two parameters.
const leafArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(0, 1, 2, P - 1, P - 2, 2 ** 30, 12345).map(constant),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(-1, 0, 1, 2)).map(([i, o]) => columnRef(MAIN_TREE, i, o)),
  fc.integer({ min: 0, max: 1 }).map((i) => columnRef(PREPROCESSED_TREE, i, 0)),
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.constantFrom(-1, 0)).map(([i, o]) => columnRef(INTERACTION_TREE, i, o)),
  fc.constantFrom('x', 'y').map(param),
);

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => a.add(b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => a.sub(b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => a.mul(b)),
    tie('e').map((a) => a.neg()),
  ),
})).e;

const LOG = 4;
const SIZE = 2 ** LOG;

function rand(seed: number): () => number {
  const next = rng(seed);
  return () => next() % P;
}

interface Inputs {
  pre: Uint32Array[];
  main: Uint32Array[];
  inter: Uint32Array[];
  idx: Map<number, Int32Array>;
  params: Map<string, QM31>;
}

function makeInputs(seed: number, extremes: boolean): Inputs {
  const r = rand(seed);
  const val = () => (extremes ? [0, 1, P - 1, P - 2][r() % 4]! : r());
  const col = () => Uint32Array.from({ length: SIZE }, val);
  const idx = new Map<number, Int32Array>();
  for (const o of [-1, 1, 2]) idx.set(o, Int32Array.from({ length: SIZE }, () => r() % SIZE));
  const q = (): QM31 => [val(), val(), val(), val()];
  return {
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

function colsFor(layout: { columns: readonly { tree: number; index: number; coord: number }[] }, inp: Inputs): Uint32Array[] {
  return layout.columns.map((s) => (s.tree === 0 ? inp.pre[s.index]! : s.tree === 1 ? inp.main[s.index]! : inp.inter[4 * s.index + s.coord]!));
}

function reference(exprs: Expr[], inp: Inputs, r: number): QM31[] {
  return interpretAll(
    exprs,
    (tree, index, offset) => {
      const at = offset === 0 ? r : inp.idx.get(offset)![r]!;
      if (tree === 0) return qm31.fromM31(inp.pre[index]![at]!);
      if (tree === 1) return qm31.fromM31(inp.main[index]![at]!);
      return [0, 1, 2, 3].map((k) => inp.inter[4 * index + k]![at]!) as unknown as QM31;
    },
    inp.params,
  );
}

function runComposition(kernel: ReturnType<typeof compileCompositionKernel>, exprs: Expr[], inp: Inputs, weights: Uint32Array, zinv: Uint32Array) {
  const out = [0, 1, 2, 3].map(() => Uint32Array.from({ length: SIZE }, (_, i) => (i * 7919) % P)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const params = new Uint32Array(4 * kernel.params.length);
  kernel.params.forEach((n, i) => params.set(inp.params.get(n)!, 4 * i));
  kernel.run(colsFor(kernel, inp), kernel.offsets.map((o) => inp.idx.get(o)!), params, weights, zinv, 2, out, 0, SIZE);
  void exprs;
  return out;
}

test('compiled composition kernel equals the reference interpreter on random expressions', () => {
  fc.assert(
    fc.property(fc.array(exprArb, { minLength: 1, maxLength: 6 }), fc.integer(), fc.boolean(), (exprs, seed, extremes) => {
      const inp = makeInputs(seed, extremes);
      const r = rand(seed ^ 0x5555);
      const weights = Uint32Array.from({ length: 4 * exprs.length }, () => (extremes ? P - 1 : r()));
      const zinv = Uint32Array.from({ length: 4 }, () => r() || 1);
      const kernel = compileCompositionKernel(exprs);
      const out = runComposition(kernel, exprs, inp, weights, zinv);
      for (let row = 0; row < SIZE; row++) {
        const vals = reference(exprs, inp, row);
        let acc: QM31 = qm31.ZERO;
        vals.forEach((v, g) => (acc = qm31.add(acc, qm31.mul([weights[4 * g]!, weights[4 * g + 1]!, weights[4 * g + 2]!, weights[4 * g + 3]!], v))));
        const z = zinv[row >>> 2]!;
        for (let k = 0; k < 4; k++) {
          const expect = m31.add((row * 7919) % P, m31.mul(acc[k]!, z));
          assert.equal(out[k]![row], expect, `row ${row} coord ${k} of ${exprs.map(String).join('; ')}`);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('compiled row kernel equals the reference interpreter on random expressions', () => {
  fc.assert(
    fc.property(fc.array(exprArb, { minLength: 1, maxLength: 5 }), fc.integer(), fc.boolean(), (exprs, seed, extremes) => {
      const inp = makeInputs(seed, extremes);
      const kernel = compileRowKernel(exprs);
      const outs = Array.from({ length: 4 * exprs.length }, () => new Uint32Array(SIZE));
      const params = new Uint32Array(4 * kernel.params.length);
      kernel.params.forEach((n, i) => params.set(inp.params.get(n)!, 4 * i));
      kernel.run(colsFor(kernel, inp), kernel.offsets.map((o) => inp.idx.get(o)!), params, outs, 0, SIZE);
      for (let row = 0; row < SIZE; row++) {
        const vals = reference(exprs, inp, row);
        vals.forEach((v, j) => {
          for (let k = 0; k < 4; k++) assert.equal(outs[4 * j + k]![row], v[k], `row ${row} expr ${j} coord ${k}: ${exprs[j]}`);
        });
      }
    }),
    { numRuns: 300 },
  );
});

test('the interpreter fallback kernel agrees with the compiled one', () => {
  const a = columnRef(MAIN_TREE, 0, 0);
  const b = columnRef(MAIN_TREE, 1, 1);
  const s = columnRef(INTERACTION_TREE, 0, -1);
  const exprs = [a.mul(a).sub(b), s.mul(a).add(param('x')).sub(s.mul(s))];
  const inp = makeInputs(42, false);
  const weights = Uint32Array.from({ length: 8 }, (_, i) => i * 1000003 + 1);
  const zinv = Uint32Array.of(3, 5, 7, 11);
  const compiled = runComposition(compileCompositionKernel(exprs), exprs, inp, weights, zinv);
  const interp = runComposition(interpreterCompositionKernel(exprs), exprs, inp, weights, zinv);
  assert.deepEqual(interp, compiled);
});

test('wide sums and long products stay exact (fused reductions split correctly)', () => {
  // 100 squares summed, and a product of 20 factors — far beyond one fused reduction's budget.
  const cols = [0, 1, 2, 3].map((i) => columnRef(MAIN_TREE, i, 0));
  let sumSq: Expr = constant(0);
  for (let i = 0; i < 100; i++) sumSq = sumSq.add(cols[i % 4]!.mul(cols[(i + 1) % 4]!));
  let prod: Expr = constant(1);
  for (let i = 0; i < 20; i++) prod = prod.mul(cols[i % 4]!.add(i));
  const exprs = [sumSq, prod, sumSq.mul(param('x')).add(prod.mul(param('y')))];
  for (const extremes of [false, true]) {
    const inp = makeInputs(7, extremes);
    const kernel = compileRowKernel(exprs);
    const outs = Array.from({ length: 12 }, () => new Uint32Array(SIZE));
    const params = new Uint32Array(4 * kernel.params.length);
    kernel.params.forEach((n, i) => params.set(inp.params.get(n)!, 4 * i));
    kernel.run(colsFor(kernel, inp), [], params, outs, 0, SIZE);
    for (let row = 0; row < SIZE; row++) {
      reference(exprs, inp, row).forEach((v, j) => {
        for (let k = 0; k < 4; k++) assert.equal(outs[4 * j + k]![row], v[k]);
      });
    }
  }
});

test('kernels split into several functions (many constraints) still equal the interpreter', () => {
  fc.assert(
    fc.property(fc.array(exprArb, { minLength: 9, maxLength: 40 }), fc.integer(), (exprs, seed) => {
      const inp = makeInputs(seed, false);
      const r = rand(seed ^ 0x3333);
      const weights = Uint32Array.from({ length: 4 * exprs.length }, () => r());
      const zinv = Uint32Array.from({ length: 4 }, () => r() || 1);
      const kernel = compileCompositionKernel(exprs);
      assert.ok(kernel.source.split('return function kernel').length - 1 >= 2, 'split into parts');
      const out = runComposition(kernel, exprs, inp, weights, zinv);
      const rows = compileRowKernel(exprs);
      const outs = Array.from({ length: 4 * exprs.length }, () => new Uint32Array(SIZE));
      const params = new Uint32Array(4 * rows.params.length);
      rows.params.forEach((n, i) => params.set(inp.params.get(n)!, 4 * i));
      rows.run(colsFor(rows, inp), rows.offsets.map((o) => inp.idx.get(o)!), params, outs, 0, SIZE);
      for (let row = 0; row < SIZE; row++) {
        const vals = reference(exprs, inp, row);
        let acc: QM31 = qm31.ZERO;
        vals.forEach((v, g) => {
          acc = qm31.add(acc, qm31.mul([weights[4 * g]!, weights[4 * g + 1]!, weights[4 * g + 2]!, weights[4 * g + 3]!], v));
          for (let k = 0; k < 4; k++) assert.equal(outs[4 * g + k]![row], v[k]);
        });
        for (let k = 0; k < 4; k++) assert.equal(out[k]![row], m31.add((row * 7919) % P, m31.mul(acc[k]!, zinv[row >>> 2]!)));
      }
    }),
    { numRuns: 40 },
  );
});
