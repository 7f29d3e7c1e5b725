import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Blake2sChannel } from '../../src/channel/index.js';
import type { SecureColumn } from '../../src/field/index.js';
import { FriError, FriProver, FriVerifier, friConfig, friProofBytes, friQueryBits, foldQueries, generateQueries } from '../../src/fri/index.js';
import type { FriConfig, FriErrorCode, FriLayerProof, FriProof } from '../../src/fri/index.js';
import { jsBackend, wasmBackend } from '../../src/poly/index.js';
import type { PolyBackend } from '../../src/poly/index.js';
import { copyFriProof, lowDegreeColumn, seededChannel, valuesAt } from './helpers.js';

const P = 0x7fffffff;

function rejects(fn: () => unknown, code?: FriErrorCode): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof FriError, `expected FriError, got ${String(e)}`);
    if (code !== undefined) assert.equal(e.code, code, e.message);
    return true;
  });
}

interface Run {
  proof: FriProof;
  columns: SecureColumn[];
  bounds: number[];
  config: FriConfig;
  proverChannel: Blake2sChannel;
  seed: number;
}

function prove(config: FriConfig, logSizes: number[], seed: number, backend: PolyBackend = wasmBackend, tweak?: (cols: SecureColumn[]) => void): Run {
  const B = config.logBlowupFactor;
  const columns = logSizes.map((s, i) => lowDegreeColumn(s, B, seed + 10 * i));
  tweak?.(columns);
  const ch = seededChannel(seed);
  const prover = FriProver.commit(ch, config, columns, { backend, skipDegreeCheck: tweak !== undefined });
  const { proof } = prover.decommit(ch);
  return { proof, columns, bounds: logSizes.map((s) => s - B), config, proverChannel: ch, seed };
}

/** Runs the verifier on `proof` (honest query values from `columns` at whatever positions it samples). */
function verify(run: Run, proof: FriProof = run.proof, columns = run.columns): Blake2sChannel {
  const ch = seededChannel(run.seed);
  const v = FriVerifier.commit(ch, run.config, proof, run.bounds);
  const positions = v.sampleQueryPositions(ch);
  v.decommit(columns.map((c, i) => valuesAt(c, positions.get(run.bounds[i]! + run.config.logBlowupFactor)!)));
  return ch;
}

const cfg = (logBlowupFactor: number, logLastLayerDegreeBound: number, nQueries: number) =>
  friConfig({ logBlowupFactor, logLastLayerDegreeBound, nQueries });

test('config: Stwo ranges are enforced', () => {
  assert.deepEqual(cfg(1, 0, 3), { logBlowupFactor: 1, logLastLayerDegreeBound: 0, nQueries: 3 });
  assert.ok(Object.isFrozen(cfg(16, 10, 1024)));
  for (const bad of [
    [0, 0, 3],
    [17, 0, 3],
    [1, -1, 3],
    [1, 11, 3],
    [1, 0, 0],
    [1, 0, 1025],
    [1.5, 0, 3],
    [1, 0, Number.NaN],
  ]) {
    rejects(() => cfg(bad[0]!, bad[1]!, bad[2]!), 'INVALID_CONFIG');
  }
  rejects(() => friConfig(null as unknown as FriConfig), 'INVALID_CONFIG');
  assert.equal(friQueryBits(cfg(2, 0, 40)), 80);
});

test('accepts low-degree columns of several sizes; prover and verifier transcripts agree', () => {
  for (const [config, sizes] of [
    [cfg(1, 0, 20), [11, 9, 8, 5, 2]],
    [cfg(2, 2, 12), [12, 10, 9, 5]], // 5 = last layer (4) + 1: folds straight into the last layer
    [cfg(1, 3, 8), [6]],
    [cfg(3, 0, 10), [4]], // no inner layer at all
  ] as const) {
    const run = prove(config, [...sizes], 7);
    assert.equal(run.proof.innerLayers.length, sizes[0]! - config.logBlowupFactor - 1 - config.logLastLayerDegreeBound);
    assert.equal(run.proof.lastLayerPoly.length, 4 * 2 ** config.logLastLayerDegreeBound);
    const vch = verify(run);
    assert.deepEqual(vch.digest, run.proverChannel.digest, 'same transcript');
  }
});

test('JS and WASM backends give byte-identical proofs', () => {
  const a = prove(cfg(1, 1, 16), [12, 10, 7], 3, jsBackend);
  const b = prove(cfg(1, 1, 16), [12, 10, 7], 3, wasmBackend);
  assert.deepEqual(a.proof, b.proof);
  assert.ok(friProofBytes(a.proof) > 0);
});

test('the prover refuses columns that are not low degree; the verifier rejects a cheating prover', () => {
  const config = cfg(1, 0, 24);
  // One corrupted evaluation in the middle column.
  rejects(() => FriProver.commit(seededChannel(1), config, [lowDegreeColumn(10, 1, 1), lowDegreeColumn(8, 1, 2)].map((c, i) => {
    if (i === 1) c[2]![77] = (c[2]![77]! + 1) % P;
    return c;
  })), 'DEGREE_TOO_HIGH');
  const corrupted = prove(config, [10, 8, 6], 11, wasmBackend, (cols) => {
    cols[1]![2]![77] = (cols[1]![2]![77]! + 1) % P;
  });
  rejects(() => verify(corrupted), 'LAST_LAYER_EVALUATIONS_INVALID');
  // One coefficient too many (degree one step above the bound), in the largest and in a smaller column.
  for (const which of [0, 2]) {
    const run = prove(config, [10, 8, 6], 12 + which, wasmBackend, (cols) => {
      cols[which] = lowDegreeColumn([10, 8, 6][which]!, 1, 99, 1);
    });
    rejects(() => verify(run), 'LAST_LAYER_EVALUATIONS_INVALID');
  }
  // A polynomial of the next FFT size (twice the coefficients) is rejected too.
  const big = prove(config, [9], 20, wasmBackend, (cols) => {
    cols[0] = lowDegreeColumn(9, 0, 5);
  });
  rejects(() => verify(big), 'LAST_LAYER_EVALUATIONS_INVALID');
});

test('a corrupted evaluation at a queried position is caught by the next layer (honest later layers)', () => {
  const config = cfg(1, 0, 8);
  const cols = [lowDegreeColumn(10, 1, 31)];
  const ch = seededChannel(31);
  const prover = FriProver.commit(ch, config, cols);
  const { proof, positionsByLogSize } = prover.decommit(ch);
  // The verifier receives a wrong value at a queried position (e.g. a wrong DEEP quotient).
  const vch = seededChannel(31);
  const v = FriVerifier.commit(vch, config, proof, [9]);
  const pos = v.sampleQueryPositions(vch);
  assert.deepEqual(pos, positionsByLogSize);
  const evals = valuesAt(cols[0]!, pos.get(10)!);
  evals[1] = (evals[1]! + 1) % P;
  rejects(() => v.decommit([evals]), 'FIRST_LAYER_COMMITMENT_INVALID');
});

/** Every way of tampering with a field of `proof`, each producing a new proof. */
function tamperings(proof: FriProof): Array<[string, FriProof]> {
  const out: Array<[string, FriProof]> = [];
  const layers: Array<[string, (p: ReturnType<typeof copyFriProof>) => FriLayerProof]> = [
    ['firstLayer', (p) => p.firstLayer],
    ...proof.innerLayers.map((_, k) => [`innerLayers[${k}]`, (p: ReturnType<typeof copyFriProof>) => p.innerLayers[k]!] as [string, (p: ReturnType<typeof copyFriProof>) => FriLayerProof]),
  ];
  const edit = (name: string, f: (p: ReturnType<typeof copyFriProof>) => void) => {
    const p = copyFriProof(proof);
    f(p);
    out.push([name, p]);
  };
  for (const [name, get] of layers) {
    edit(`${name}.commitment flipped`, (p) => void (get(p).commitment[5]! ^= 1));
    edit(`${name}.commitment short`, (p) => {
      const l = get(p);
      Object.assign(l, { commitment: l.commitment.subarray(0, 31) });
    });
    const w = get(copyFriProof(proof)).friWitness;
    if (w.length > 0) {
      edit(`${name}.friWitness changed`, (p) => void (get(p).friWitness[0] = (get(p).friWitness[0]! + 1) % P));
      edit(`${name}.friWitness truncated`, (p) => Object.assign(get(p), { friWitness: get(p).friWitness.slice(0, -4) }));
      edit(`${name}.friWitness not canonical`, (p) => void (get(p).friWitness[w.length - 1] = P));
    }
    edit(`${name}.friWitness extended`, (p) => Object.assign(get(p), { friWitness: Uint32Array.from([...get(p).friWitness, 1, 2, 3, 4]) }));
    edit(`${name}.friWitness ragged`, (p) => Object.assign(get(p), { friWitness: Uint32Array.from([...get(p).friWitness, 1]) }));
    edit(`${name}.friWitness as array`, (p) => Object.assign(get(p), { friWitness: Array.from(get(p).friWitness) }));
    edit(`${name}.hashWitness flipped`, (p) => void (get(p).decommitment.hashWitness[3]! ^= 0x80));
    edit(`${name}.hashWitness truncated`, (p) =>
      Object.assign(get(p), { decommitment: { ...get(p).decommitment, hashWitness: get(p).decommitment.hashWitness.slice(0, -32) } }),
    );
    edit(`${name}.hashWitness extended`, (p) =>
      Object.assign(get(p), { decommitment: { ...get(p).decommitment, hashWitness: Uint8Array.from([...get(p).decommitment.hashWitness, ...new Uint8Array(32)]) } }),
    );
    edit(`${name}.columnWitness extended`, (p) =>
      Object.assign(get(p), { decommitment: { ...get(p).decommitment, columnWitness: Uint32Array.of(1) } }),
    );
    edit(`${name}.decommitment missing`, (p) => Object.assign(get(p), { decommitment: null }));
  }
  edit('innerLayers dropped', (p) => p.innerLayers.pop());
  edit('innerLayers added', (p) => p.innerLayers.push(p.innerLayers[0]!));
  edit('innerLayers swapped', (p) => p.innerLayers.reverse());
  edit('innerLayers not an array', (p) => Object.assign(p, { innerLayers: { length: p.innerLayers.length } }));
  edit('lastLayerPoly changed', (p) => void (p.lastLayerPoly[2] = (p.lastLayerPoly[2]! + 1) % P));
  edit('lastLayerPoly longer', (p) => Object.assign(p, { lastLayerPoly: Uint32Array.from([...p.lastLayerPoly, 0, 0, 0, 0]) }));
  edit('lastLayerPoly shorter', (p) => Object.assign(p, { lastLayerPoly: p.lastLayerPoly.slice(0, -4) }));
  edit('lastLayerPoly not canonical', (p) => void (p.lastLayerPoly[0] = P + 5));
  edit('firstLayer missing', (p) => Object.assign(p, { firstLayer: undefined }));
  return out;
}

test('every field of the proof tampered → FriError', () => {
  const run = prove(cfg(1, 1, 6), [10, 8, 7], 41);
  verify(run); // the untampered proof passes
  const cases = tamperings(run.proof);
  assert.ok(cases.length > 60);
  for (const [name, bad] of cases) {
    assert.throws(() => verify(run, bad), (e: unknown) => e instanceof FriError, name);
  }
  for (const junk of [null, 7, 'proof', {}, { firstLayer: {} }]) rejects(() => verify(run, junk as unknown as FriProof), 'MALFORMED_PROOF');
});

test('verifier argument checks and call order', () => {
  const run = prove(cfg(1, 0, 5), [9, 6], 51);
  const ch = seededChannel(51);
  rejects(() => FriVerifier.commit(ch, run.config, run.proof, []), 'INVALID_INPUT');
  rejects(() => FriVerifier.commit(ch, run.config, run.proof, [5, 8]), 'INVALID_INPUT');
  rejects(() => FriVerifier.commit(ch, run.config, run.proof, [8, 8]), 'INVALID_INPUT');
  rejects(() => FriVerifier.commit(ch, run.config, run.proof, [8, 0]), 'INVALID_INPUT');
  rejects(() => FriVerifier.commit(ch, run.config, run.proof, [8.5]), 'INVALID_INPUT');
  rejects(() => FriVerifier.commit(seededChannel(51), run.config, run.proof, [9, 5]), 'INVALID_NUM_LAYERS');
  const v = FriVerifier.commit(seededChannel(51), run.config, run.proof, run.bounds);
  rejects(() => v.decommit([]), 'QUERIES_NOT_SAMPLED');
  // Each decommit, accepted or not, uses up the sampled queries (no retrying a rejected proof).
  const pos = v.sampleQueryPositions(seededChannel(0));
  rejects(() => v.decommit([new Uint32Array(0)]), 'INVALID_INPUT');
  rejects(() => v.decommit([new Uint32Array(0)]), 'QUERIES_NOT_SAMPLED');
  const evals = run.columns.map((c, i) => valuesAt(c, pos.get(run.bounds[i]! + 1)!));
  const bad = evals.map((e) => e.slice());
  bad[1]![0] = P;
  v.sampleQueryPositions(seededChannel(0));
  rejects(() => v.decommit(bad), 'INVALID_INPUT');
  v.sampleQueryPositions(seededChannel(0));
  rejects(() => v.decommit([evals[0]!, evals[1]!.slice(4)]), 'INVALID_INPUT');
  v.sampleQueryPositions(seededChannel(0));
  rejects(() => v.decommit(evals)); // valid values, but not at the positions the proof opened
});

test('prover argument checks', () => {
  const config = cfg(1, 0, 4);
  const ch = seededChannel(0);
  rejects(() => FriProver.commit(ch, config, []), 'INVALID_INPUT');
  rejects(() => FriProver.commit(ch, config, [lowDegreeColumn(6, 1, 1), lowDegreeColumn(6, 1, 2)]), 'INVALID_INPUT');
  rejects(() => FriProver.commit(ch, config, [lowDegreeColumn(5, 1, 1), lowDegreeColumn(7, 1, 2)]), 'INVALID_INPUT');
  rejects(() => FriProver.commit(ch, config, [lowDegreeColumn(1, 0, 1)]), 'INVALID_INPUT'); // below last layer + 1
  rejects(() => FriProver.commit(ch, config, [[new Uint32Array(8), new Uint32Array(8), new Uint32Array(4), new Uint32Array(8)]]), 'INVALID_INPUT');
  const nonCanonical = lowDegreeColumn(6, 1, 3);
  nonCanonical[0]![0] = P;
  rejects(() => FriProver.commit(ch, config, [nonCanonical]), 'INVALID_INPUT');
  const prover = FriProver.commit(seededChannel(0), config, [lowDegreeColumn(6, 1, 3)]);
  rejects(() => prover.decommitOnQueries({ positions: Uint32Array.of(1), logDomainSize: 5 }), 'INVALID_INPUT');
  rejects(() => prover.decommitOnQueries({ positions: Uint32Array.of(3, 1), logDomainSize: 6 }), 'INVALID_INPUT');
});

test('queries: generated, folded and deduplicated as Stwo does', () => {
  const q = generateQueries(seededChannel(5), 12, 40);
  assert.ok(q.positions.length <= 40 && q.positions.length > 30);
  for (let i = 1; i < q.positions.length; i++) assert.ok(q.positions[i]! > q.positions[i - 1]!);
  const f = foldQueries(q, 3);
  assert.equal(f.logDomainSize, 9);
  assert.deepEqual(Array.from(f.positions), [...new Set(Array.from(q.positions, (x) => x >> 3))]);
  rejects(() => foldQueries(q, 13), 'INVALID_INPUT');
});

test('fuzz: random byte/word corruption of any proof array is rejected with a FriError only', () => {
  const run = prove(cfg(1, 0, 4), [8, 6], 61);
  const arrays = (p: ReturnType<typeof copyFriProof>): Array<Uint8Array | Uint32Array> => [
    p.lastLayerPoly,
    ...[p.firstLayer, ...p.innerLayers].flatMap((l) => [l.commitment, l.friWitness, l.decommitment.hashWitness]),
  ];
  const n = arrays(copyFriProof(run.proof)).length;
  fc.assert(
    fc.property(fc.nat(n - 1), fc.nat(), fc.integer({ min: 1, max: 0xffffffff }), (which, at, xor) => {
      const p = copyFriProof(run.proof);
      const a = arrays(p)[which]!;
      fc.pre(a.length > 0);
      const i = at % a.length;
      a[i] = a instanceof Uint8Array ? a[i]! ^ (xor & 0xff || 1) : (a[i]! ^ xor) >>> 0;
      assert.throws(() => verify(run, p), FriError);
    }),
    { numRuns: 150, seed: 42 },
  );
});
