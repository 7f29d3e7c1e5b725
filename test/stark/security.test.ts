// The security figures (src/stark/security.ts) and the presets (src/stark/presets.ts): hand-computed
// values on a fixed shape, the default preset on a 2^21-row machine shape, monotonicity, the verifier
// rejecting on the all-terms figure, and the preset registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  airSecurity,
  airSecurityShape,
  CONFIG_PRESETS,
  configPreset,
  conjecturedBits,
  DEFAULT_STARK_CONFIG,
  PRESET_NAMES,
  presetName,
  prove,
  securityReport,
  StarkError,
  starkConfig,
  VerificationError,
  verify,
  verifierSecurity,
  verifierSecurityBits,
} from '../../src/stark/index.js';
import type { SecurityShape, StarkConfig } from '../../src/stark/index.js';
import { wideFibonacciAir, wideFibonacciWitness } from '../../src/examples/wide-fibonacci.js';
import { parseElf } from '../../src/vm/elf.js';
import { machineAir, machineMinLogSize, machineProgram, SIZE_KEYS } from '../../src/machine/air.js';
import type { MachineSizes } from '../../src/machine/air.js';

const F = 4 * Math.log2(2 ** 31 - 1); // log2 |QM31|
const near = (a: number, b: number, what: string, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} ≠ ${b}`);

/** A 2^21-row shape with zero knowledge at log blowup 1 (the numbers of the machine AIR below). */
const SHAPE: SecurityShape = Object.freeze({
  maxTraceLogSize: 21,
  maxCommittedLogSize: 22,
  compositionLogSize: 23,
  maxCommitLogSize: 24,
  maxConstraintDegree: 4,
  nConstraints: 328,
  nColumns: 1031,
  nSampledValues: 1118,
  logUpFractions: 53_707_012,
  maxRelationArity: 10,
  nRelations: 14,
});

const cfg = (logBlowupFactor: number, nQueries: number, powBits: number, zeroKnowledge = true): StarkConfig =>
  starkConfig({ pcs: { powBits, fri: { logBlowupFactor, logLastLayerDegreeBound: 0, nQueries } }, zeroKnowledge });

test('each term of the default configuration on a 2^21-row shape, computed by hand', () => {
  const r = securityReport(DEFAULT_STARK_CONFIG, SHAPE);
  const c = r.terms.conjectured;
  const u = r.terms.uniqueDecoding;
  near(c.queries, 20 + 1 * 80, 'conjectured queries');
  near(u.queries, 20 + 80 * Math.log2(4 / 3), 'unique-decoding queries: θ = (1 − 1/2)/2, 1 − θ = 3/4'); // 53.203
  // logUp: 2·F·(k − 1)/|F| with F fractions, k = 10.
  near(c.logUp, F - 1 - Math.log2(53_707_012) - Math.log2(9), 'logUp'); // 94.15
  near(u.logUp, c.logUp, 'logUp does not depend on the decoding regime (list size 1)');
  near(c.constraints, F - Math.log2(327), 'constraints: (M − 1)/|F|');
  // DEEP: max(2^23, 4·2^22) + 2^22 zeros.
  near(c.deep, F - Math.log2(2 ** 24 + 2 ** 22), 'deep');
  near(u.friBatching, F - Math.log2(1117) - 24, 'unique-decoding batching: (l − 1)·n/|F|'); // 89.9
  near(c.friBatching, F - Math.log2(1117), 'conjectured batching: (l − 1)/|F|');
  // Folding: 24 folds of domains 2^24 … 2^1, 3 extra functions each: 3·(2^25 − 2)/|F|.
  near(u.friFolding, F - Math.log2(3 * (2 ** 25 - 2)), 'unique-decoding folding');
  // Totals: −log2 of the sum of the errors.
  const sum = (t: typeof c) => -Math.log2(Object.values(t).reduce((s, b) => s + 2 ** -b, 0));
  near(r.conjectured, sum(c), 'conjectured total');
  near(r.provableUniqueDecoding, sum(u), 'unique-decoding total');
  assert.ok(r.conjectured > 94 && r.conjectured < 94.2, `conjectured ${r.conjectured}: the logUp term binds`);
  assert.ok(r.provableUniqueDecoding > 53.1 && r.provableUniqueDecoding < 53.21, `unique decoding ${r.provableUniqueDecoding}`);
  // Johnson: η = √ρ/m, 1 − θ = √ρ(1 + 1/m); the best m balances the queries against the batching term.
  const m = r.johnsonM;
  near(r.terms.johnson.queries, 20 + 80 * -Math.log2(Math.SQRT1_2 * (1 + 1 / m)), 'Johnson queries');
  assert.ok(r.provableJohnson > 56 && r.provableJohnson < 59, `Johnson ${r.provableJohnson} (m = ${m})`);
  assert.ok(Object.isFrozen(r) && Object.isFrozen(r.terms) && Object.isFrozen(r.terms.johnson));
});

test('the default preset on the machine AIR at 2^21 rows gives ≈ 94 conjectured, 53.2 unique-decoding and ≈ 57.6 Johnson bits', () => {
  const image = parseElf(new Uint8Array(readFileSync(new URL('../../../examples/sha256.elf', import.meta.url))));
  const sizes = Object.fromEntries(SIZE_KEYS.map((k) => [k, k === 'addSub' ? 21 : 16])) as unknown as MachineSizes;
  const air = machineAir(machineProgram(image, machineMinLogSize(DEFAULT_STARK_CONFIG)), sizes);
  const shape = airSecurityShape(air, DEFAULT_STARK_CONFIG);
  assert.equal(shape.maxTraceLogSize, 21);
  assert.equal(shape.maxCommittedLogSize, 22);
  assert.equal(shape.maxCommitLogSize, 24);
  assert.ok(shape.logUpFractions >= air.totalLookups + 4, 'the blinding tuples are counted');
  const r = airSecurity(air, DEFAULT_STARK_CONFIG);
  assert.ok(r.conjectured > 92 && r.conjectured < 96, `conjectured ${r.conjectured}`);
  assert.ok(r.provableUniqueDecoding > 53.1 && r.provableUniqueDecoding < 53.21, `unique decoding ${r.provableUniqueDecoding}`);
  assert.ok(r.provableJohnson > 56 && r.provableJohnson < 59, `Johnson ${r.provableJohnson}`);
  assert.deepEqual(verifierSecurity(air, DEFAULT_STARK_CONFIG), r, 'the verifier reports the same figures');
});

test('more queries give more bits; a larger trace fewer algebraic bits; more lookups fewer logUp bits', () => {
  const base = securityReport(cfg(1, 80, 20), SHAPE);
  const more = securityReport(cfg(1, 120, 20), SHAPE);
  assert.ok(more.provableUniqueDecoding > base.provableUniqueDecoding);
  assert.ok(more.provableJohnson > base.provableJohnson);
  assert.ok(more.terms.conjectured.queries > base.terms.conjectured.queries);
  const big = securityReport(cfg(1, 80, 20), { ...SHAPE, maxTraceLogSize: 23, maxCommittedLogSize: 24, compositionLogSize: 25, maxCommitLogSize: 26 });
  for (const k of ['deep', 'friBatching', 'friFolding'] as const) {
    assert.ok(big.terms.uniqueDecoding[k] < base.terms.uniqueDecoding[k], `unique decoding ${k}`);
    assert.ok(big.terms.johnson[k] < base.terms.johnson[k] + 1e-9 || big.johnsonM !== base.johnsonM, `Johnson ${k}`);
  }
  assert.ok(big.terms.conjectured.deep < base.terms.conjectured.deep);
  let prev = Infinity;
  for (const n of [1, 2 ** 10, 2 ** 20, 2 ** 30]) {
    const r = securityReport(cfg(1, 80, 20), { ...SHAPE, logUpFractions: n });
    assert.ok(r.terms.conjectured.logUp < prev, `logUp at ${n} fractions`);
    prev = r.terms.conjectured.logUp;
  }
  // Wider tuples: more degree per denominator.
  assert.ok(securityReport(cfg(1, 80, 20), { ...SHAPE, maxRelationArity: 20 }).terms.conjectured.logUp < base.terms.conjectured.logUp);
  // The old weak configuration (0 PoW bits, log blowup 11, 9 queries) claims 99 conjectured bits but proves about 9.
  const weak = securityReport(cfg(11, 9, 0), SHAPE);
  assert.ok(weak.provableUniqueDecoding < 9.1, `weak: ${weak.provableUniqueDecoding}`);
});

test('conjecturedBits and verifierSecurityBits equal the full report\'s conjectured figure', () => {
  for (const c of [cfg(1, 80, 20), cfg(2, 50, 10), cfg(11, 9, 0), DEFAULT_STARK_CONFIG]) {
    for (const shape of [SHAPE, { ...SHAPE, logUpFractions: 2 ** 40 }, { ...SHAPE, maxTraceLogSize: 10, maxCommittedLogSize: 11, compositionLogSize: 12, maxCommitLogSize: 13 }]) {
      assert.equal(conjecturedBits(c, shape), securityReport(c, shape).conjectured);
    }
  }
  const air = wideFibonacciAir(8, 8);
  for (const publicLogUpFractions of [undefined, 0, 2 ** 50]) {
    const o = publicLogUpFractions === undefined ? {} : { publicLogUpFractions };
    assert.equal(verifierSecurityBits(air, DEFAULT_STARK_CONFIG, o), verifierSecurity(air, DEFAULT_STARK_CONFIG, o).conjectured);
  }
  assert.throws(() => verifierSecurityBits(air, { ...DEFAULT_STARK_CONFIG, pcs: { ...DEFAULT_STARK_CONFIG.pcs, powBits: -1 } }), (e: unknown) => e instanceof VerificationError && e.code === 'INVALID_INPUT');
});

test('the verifier enforces the minimum on the all-terms conjectured figure', () => {
  // 90 queries at log blowup 1, no PoW: 90 conjectured query bits, which the old query-only estimate reported.
  const c = cfg(1, 90, 0, false);
  const air = wideFibonacciAir(8, 8);
  const proof = prove(air, wideFibonacciWitness(8, 8), {}, c);
  verify(air, {}, proof, c, { minSecurityBits: 80 });
  // 2^50 public logUp fractions (a statement with that many public tuples): logUp = 124 − 1 − 50 ≈ 73 bits.
  const heavy = airSecurity(air, c, { publicLogUpFractions: 2 ** 50 });
  near(heavy.terms.conjectured.logUp, F - 1 - 50, 'logUp of 2^50 arity-1 fractions');
  assert.ok(heavy.terms.conjectured.queries === 90 && heavy.conjectured < 74);
  assert.throws(
    () => verify(air, {}, proof, c, { minSecurityBits: 80, publicLogUpFractions: 2 ** 50 }),
    (e: unknown) => e instanceof VerificationError && e.code === 'INSUFFICIENT_SECURITY' && /73\.\d conjectured bits on this AIR, below the minimum 80/.test(e.message),
  );
  assert.throws(() => verify(air, {}, proof, c), (e: unknown) => e instanceof VerificationError && e.code === 'INSUFFICIENT_SECURITY', 'default minimum 96');
  assert.throws(
    () => verify(air, {}, proof, c, { minSecurityBits: 0, publicLogUpFractions: -1 }),
    (e: unknown) => e instanceof VerificationError && e.code === 'INVALID_INPUT',
  );
});

test('presets: a frozen registry by name, typed errors for unknown names, and the provable-queries-100 figures', () => {
  assert.deepEqual([...PRESET_NAMES], ['default', 'default-no-zk', 'provable-queries-100', 'test', 'test-zk']);
  assert.ok(Object.isFrozen(CONFIG_PRESETS) && Object.isFrozen(CONFIG_PRESETS.default));
  for (const n of PRESET_NAMES) assert.equal(presetName(configPreset(n).config), n);
  assert.equal(configPreset('default').config, DEFAULT_STARK_CONFIG);
  assert.equal(presetName(cfg(11, 9, 0)), undefined);
  assert.throws(() => configPreset('strong'), (e: unknown) => e instanceof StarkError && e.code === 'UNKNOWN_PRESET' && /known: default/.test(e.message));
  assert.throws(() => configPreset('toString'), (e: unknown) => e instanceof StarkError && e.code === 'UNKNOWN_PRESET', 'no prototype names');
  assert.equal(CONFIG_PRESETS.test.minConjecturedBits, 0);
  assert.ok(CONFIG_PRESETS.default.minConjecturedBits >= 80);
  const p = configPreset('provable-queries-100').config;
  // 118 queries at θ = (1 − 1/4)/2 = 3/8: 118·log2(8/5) + 20 = 100.01 bits.
  const r = securityReport(p, SHAPE);
  near(r.terms.uniqueDecoding.queries, 20 + 118 * Math.log2(8 / 5), 'provable-queries-100 queries');
  assert.ok(r.terms.uniqueDecoding.queries >= 100);
  // The field-size terms cap the total below 100: batching ≈ 124 − log2(1117) − log2(2^25).
  assert.ok(r.provableUniqueDecoding < 100 && r.provableUniqueDecoding > r.terms.uniqueDecoding.friBatching - 0.1);
  assert.ok(machineMinLogSize(p) <= 9, 'the zero-knowledge masking of 118 queries fits 2^9-row components');
});
