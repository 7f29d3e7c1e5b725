// The interaction trace's two engines — WebAssembly SIMD batch inversion and the plain-TypeScript reference —
// must give identical columns and claimed sums, and both must match a direct per-row evaluation of the
// logUp fractions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addQuotients, component, generateInteraction, relation, relationParams, rowToStorageTable, traceOffsetTable } from '../../src/air/index.js';
import type { Component, Expr } from '../../src/air/index.js';
import { addQuotientsSimd, LOGUP_BLOCK, logupSimdSupported } from '../../src/air/prover/interaction-simd.js';
import { m31, qm31 } from '../../src/field/index.js';
import type { QM31, SecureColumn } from '../../src/field/index.js';
import { rng } from '../util/rng.js';

const P = 0x7fffffff;
const R1 = relation('r1', 1);
const R2 = relation('r2', 2);
const R3 = relation('r3', 3);
const RELS = [R1, R2, R3];

/** A component of log size `log` with `nLookups` random entries over three relations and main columns. */
function randomComponent(next: () => number, log: number, nLookups: number): Component {
  return component(`rnd${log}_${nLookups}`, log, (b) => {
    const cols = Array.from({ length: 5 }, (_, i) => b.main(`c${i}`));
    const mults: Expr[] = [b.main('m0'), b.main('m1'), cols[2]!.prev];
    for (let j = 0; j < nLookups; j++) {
      const rel = RELS[next() % 3]!;
      const vals = Array.from({ length: 1 + (next() % rel.arity) }, () => {
        const c = cols[next() % 5]!;
        return next() % 4 === 0 ? c.prev : c;
      });
      const kind = next() % 3;
      // Multiplicities: a column (holding 0 on some rows and p − 1 ≡ −1 on others), a negated column, a
      // constant 0 or a negative constant; the default 1.
      const m = [mults[next() % 3]!, mults[next() % 3]!.neg(), 0, -3, undefined][next() % 5];
      if (kind === 0) b.yield(rel, vals, m);
      else if (kind === 1) b.use(rel, vals, m);
      else b.use(rel, vals);
    }
  });
}

function randomInputs(next: () => number, c: Component): { main: Uint32Array[]; params: Map<string, QM31> } {
  const n = 2 ** c.logSize;
  const main = c.mainNames.map((name) =>
    Uint32Array.from({ length: n }, () => {
      const r = next();
      // Multiplicity columns: many zeros and −1s.
      if (name.startsWith('m') && r % 3 === 0) return 0;
      if (name.startsWith('m') && r % 3 === 1) return P - 1;
      return r % P;
    }),
  );
  const q = (): QM31 => [next() % P, next() % P, next() % P, next() % P];
  const params = relationParams(RELS, new Map(RELS.map((r) => [r.name, { z: q(), alpha: q() }])));
  return { main, params };
}

/** The logUp fractions of row r evaluated one by one (QM31 arithmetic from `qm31`), summed. */
function rowTotal(c: Component, main: readonly Uint32Array[], params: ReadonlyMap<string, QM31>, r: number): QM31 {
  const tables = new Map<number, Int32Array>();
  const ev = (e: Expr): QM31 => {
    switch (e.kind) {
      case 'const':
        return qm31.fromM31(e.value);
      case 'param':
        return params.get(e.name)!;
      case 'col': {
        let t = tables.get(e.offset);
        if (!t) tables.set(e.offset, (t = traceOffsetTable(c.logSize, e.offset)));
        return qm31.fromM31(main[e.index]![e.offset === 0 ? r : t[r]!]!);
      }
      case 'add':
        return qm31.add(ev(e.a!), ev(e.b!));
      case 'sub':
        return qm31.sub(ev(e.a!), ev(e.b!));
      case 'mul':
        return qm31.mul(ev(e.a!), ev(e.b!));
      case 'neg':
        return qm31.neg(ev(e.a!));
      default:
        throw new Error(`unexpected node ${e.kind}`);
    }
  };
  let t = qm31.ZERO;
  for (const b of c.batches) t = qm31.add(t, qm31.div(ev(b.num), ev(b.den)));
  return t;
}

test('SIMD and reference engines give identical interaction columns and claimed sums (random components)', () => {
  assert.ok(logupSimdSupported(), 'WebAssembly SIMD kernels must be available under Node');
  const next = rng(0x1a2b3c);
  for (let log = 4; log <= 12; log++) {
    for (const nLookups of [1, 2, 3, 6, 9]) {
      const c = randomComponent(next, log, nLookups);
      const { main, params } = randomInputs(next, c);
      const simd = generateInteraction(c, [], main, params, { engine: 'simd' });
      const ref = generateInteraction(c, [], main, params, { engine: 'js' });
      assert.equal(simd.columns.length, 4 * c.batches.length);
      assert.deepEqual(simd.claimedSum, ref.claimedSum, `claimed sum, log ${log}, ${nLookups} lookups`);
      simd.columns.forEach((col, j) => assert.deepEqual(col, ref.columns[j], `column ${j}, log ${log}, ${nLookups} lookups`));
      // The default engine is the SIMD one.
      assert.deepEqual(generateInteraction(c, [], main, params).columns, simd.columns);
    }
  }
});

test('interaction columns match a direct evaluation of the fractions (running sums, shifted prefix sum)', () => {
  const next = rng(77);
  for (const log of [4, 7]) {
    const c = randomComponent(next, log, 5);
    const { main, params } = randomInputs(next, c);
    const tr = generateInteraction(c, [], main, params);
    const n = 2 ** log;
    const totals = Array.from({ length: n }, (_, r) => rowTotal(c, main, params, r));
    const claimed = totals.reduce((a, b) => qm31.add(a, b), qm31.ZERO);
    assert.deepEqual(tr.claimedSum, claimed);
    const shift = qm31.mulM31(claimed, m31.inv(n));
    const r2s = rowToStorageTable(log);
    const k = c.batches.length;
    let acc = qm31.ZERO;
    for (let i = 0; i < n; i++) {
      acc = qm31.add(acc, qm31.sub(totals[r2s[i]!]!, shift));
      const got = [0, 1, 2, 3].map((q) => tr.columns[4 * (k - 1) + q]![r2s[i]!]!);
      assert.deepEqual(got, [...acc]);
    }
    assert.deepEqual(acc, qm31.ZERO, 'the shifted prefix sum wraps to zero');
  }
});

test('addQuotientsSimd equals chained addQuotients across several blocks', () => {
  const next = rng(5);
  const n = 2 * LOGUP_BLOCK;
  const col = (): Uint32Array => Uint32Array.from({ length: n }, () => next() % P);
  const sc = (): SecureColumn => [col(), col(), col(), col()];
  const nums = [sc(), sc(), sc()];
  const dens = [sc(), sc(), sc()];
  const a = nums.map((s) => s.map((x) => x.slice()) as unknown as SecureColumn);
  const b = nums.map((s) => s.map((x) => x.slice()) as unknown as SecureColumn);
  assert.equal(addQuotientsSimd(a, dens), -1);
  for (let j = 0; j < 3; j++) assert.ok(addQuotients(b[j]!, dens[j]!, j > 0 ? b[j - 1]! : null));
  for (let j = 0; j < 3; j++) for (let q = 0; q < 4; q++) assert.deepEqual(a[j]![q], b[j]![q]);
});

test('a vanishing denominator is a typed error in both engines', () => {
  // r1 with z = w on one row: that row's fraction in batch 1 (the single entry w) has denominator 0.
  for (const log of [3, 4, 10]) {
    const c = component(`zero${log}`, log, (b) => {
      const v = b.main('v');
      b.use(R1, [v]);
      b.use(R1, [v]);
      b.use(R1, [b.main('w')]);
    });
    const n = 2 ** log;
    const v = Uint32Array.from({ length: n }, (_, i) => i + 10);
    const w = Uint32Array.from({ length: n }, (_, i) => i + 5000);
    const params = relationParams([R1], new Map([[R1.name, { z: qm31.fromM31(5000 + n - 3), alpha: qm31.ONE }]]));
    for (const engine of ['simd', 'js'] as const) {
      assert.throws(
        () => generateInteraction(c, [], [v, w], params, { engine }),
        (e: Error & { code?: string }) => e.code === 'EVALUATION_FAILED' && /batch 1/.test(e.message),
        `${engine}, log ${log}`,
      );
    }
  }
});
