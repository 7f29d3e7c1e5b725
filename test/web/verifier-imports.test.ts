import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importGraph } from '../util/import-graph.js';
import * as web from '../../src/web/verifier.js';



// Same prover-side modules as test/stark/verifier-imports.test.ts.
const PROVER = /prover|codegen|composition\.js|interaction\.js|checker|witness|domain-tables|quotients-prover|merkle[\\/]layers|poly[\\/](ops|js-backend|wasm-backend)|examples/;

test('web/verifier.js reaches no node: module, no package and no prover code', () => {
  const { files, bare } = importGraph('web/verifier.js');
  assert.deepEqual(bare, [], 'no package or node: imports');
  assert.deepEqual(files.filter((f) => PROVER.test(f)), [], 'no prover modules');
  // Sanity: the walk follows the re-exports down to the verifier's dependencies.
  for (const f of ['stark/verifier.js', 'pcs/verifier.js', 'fri/verifier.js', 'merkle/verifier.js', 'hash/node.js']) assert.ok(files.includes(join(...f.split('/'))), f);
});

test('web/verifier.js exports the verifier API', () => {
  for (const name of ['verify', 'verifyProofBytes', 'deserializeProof', 'readProofHeader', 'starkConfig', 'defineAir', 'component'] as const) {
    assert.equal(typeof web[name], 'function', name);
  }
  assert.equal(typeof web.VerificationError, 'function');
  assert.equal(web.DEFAULT_STARK_CONFIG.zeroKnowledge, true);
  assert.equal(web.DEFAULT_MIN_SECURITY_BITS, 96);
});
