/**
 * The verifier's own preprocessed commitment (`stark/preprocessed.ts`) equals the root the prover commits
 * as tree 0 through the PCS, for mixed-size columns, every preset and the machine AIR, and refuses
 * malformed columns with a typed error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preprocessedToStorage } from '../../src/air/index.js';
import { Blake2sChannel } from '../../src/channel/index.js';
import { rangeCheckAir } from '../../src/examples/range-check.js';
import { machineAir, machineProgram, SIZE_KEYS } from '../../src/machine/index.js';
import { CommitmentSchemeProver } from '../../src/pcs/index.js';
import { DEFAULT_STARK_CONFIG, preprocessedRoot, StarkError, TEST_STARK_CONFIG } from '../../src/stark/index.js';
import type { Air, StarkConfig } from '../../src/stark/index.js';
import type { MachineSizes } from '../../src/machine/index.js';
import { program } from '../util/asm.js';

/** Tree 0 as the prover commits it. */
function pcsRoot(air: Air, config: StarkConfig): Uint8Array {
  const pcs = new CommitmentSchemeProver(config.pcs);
  pcs.commit(preprocessedToStorage(air), air.preprocessed.map((p) => p.logSize), new Blake2sChannel());
  const root = pcs.root(0);
  pcs.dispose();
  return root;
}

test('preprocessedRoot equals the PCS root of tree 0 (range-check AIR, both presets)', () => {
  for (const cfg of [TEST_STARK_CONFIG, DEFAULT_STARK_CONFIG]) {
    const air = rangeCheckAir(6, 8);
    assert.deepEqual(preprocessedRoot(air, cfg), pcsRoot(air, cfg));
  }
});

test('preprocessedRoot equals the PCS root of tree 0 for the machine AIR (columns of 2^4 … 2^16 rows)', () => {
  const image = program('li a0, 7\nli a7, 93\necall');
  const sizes = Object.fromEntries(SIZE_KEYS.map((k) => [k, 4])) as unknown as MachineSizes;
  const air = machineAir(machineProgram(image), sizes);
  const t0 = performance.now();
  const root = preprocessedRoot(air, DEFAULT_STARK_CONFIG);
  const ms = performance.now() - t0;
  assert.deepEqual(root, pcsRoot(air, DEFAULT_STARK_CONFIG));
  // Not a performance test; the number is for the record.
  assert.ok(ms > 0, `preprocessed root of the machine AIR at the default config: ${ms.toFixed(0)} ms`);
});

test('an AIR without preprocessed columns has the all-zero root; malformed columns are refused', () => {
  const base = rangeCheckAir(6, 8);
  assert.deepEqual(preprocessedRoot({ ...base, preprocessed: [] }, TEST_STARK_CONFIG), new Uint8Array(32));
  const bad = (values: () => Uint32Array, logSize = 6): Air => ({ ...base, preprocessed: [{ id: 'x', logSize, values }] }) as Air;
  const refused = (air: Air) => assert.throws(() => preprocessedRoot(air, TEST_STARK_CONFIG), (e: unknown) => e instanceof StarkError && e.code === 'INVALID_INPUT');
  refused(bad(() => new Uint32Array(10)));
  refused(bad(() => new Uint32Array(64).fill(0x7fffffff)));
  refused(bad(() => new Uint32Array(1), 0));
  refused(bad(() => new Uint32Array(1), 30)); // 30 + blowup leaves the largest circle domain
});
