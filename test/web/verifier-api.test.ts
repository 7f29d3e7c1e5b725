/**
 * The browser entry point exports the verifier API (what it may import is checked by `test/layers.test.ts`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as web from '../../src/web/verifier.js';

test('web/verifier.js exports the verifier API', () => {
  for (const name of ['verify', 'verifyProofBytes', 'deserializeProof', 'readProofHeader', 'starkConfig', 'defineAir', 'component'] as const) {
    assert.equal(typeof web[name], 'function', name);
  }
  assert.equal(typeof web.VerificationError, 'function');
  assert.equal(web.DEFAULT_STARK_CONFIG.zeroKnowledge, true);
  assert.equal(web.DEFAULT_MIN_SECURITY_BITS, 96);
});
