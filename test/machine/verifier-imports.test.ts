/**
 * The machine verifier (`machine/verify.js`, the proof file and its checks) reaches no prover code (no trace or witness building, no
 * compiled kernels, no polynomial backends or Merkle tree builders, no STARK/PCS/FRI prover), no package
 * and no Node built-in; the prover side (`machine/prove.js`) does reach them, so the pattern is not vacuous.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importGraph } from '../util/import-graph.js';

// Same prover-side modules as test/stark/verifier-imports.test.ts, plus the machine's witness builder and
// prover entry and the VM's executor (the verifier never runs the program).
const PROVER = /prover|codegen|composition\.js|interaction\.js|checker|witness|domain-tables|quotients-prover|merkle[\\/]layers|poly[\\/](ops|js-backend|wasm-backend)|examples|machine[\\/]prove\.js|vm[\\/]executor/;

for (const entry of ['verify.js', 'verify-file.js', 'proof-file.js']) {
  test(`machine/${entry} reaches no prover code, no package and no node: imports`, () => {
    const { files, bare } = importGraph(join('machine', entry));
    assert.deepEqual(bare, [], 'no package or node: imports');
    const bad = files.filter((f) => PROVER.test(f));
    assert.deepEqual(bad, [], `the machine verifier reaches prover modules:\n${bad.join('\n')}`);
    // Sanity: the walk follows the verifier's real dependencies.
    const needs = entry === 'proof-file.js' ? ['stark/serialize.js', 'machine/air.js'] : ['stark/verifier.js', 'stark/preprocessed.js', 'machine/air.js', 'machine/program-table.js', 'pcs/verifier.js', 'merkle/verifier.js'];
    for (const f of needs) assert.ok(files.includes(join(...f.split('/'))), f);
  });
}

test('machine/prove.js does reach the prover code (the pattern above is not vacuous)', () => {
  const { files } = importGraph(join('machine', 'prove.js'));
  for (const f of ['stark/prover.js', 'machine/witness.js', 'pcs/prover.js', 'vm/executor.js']) assert.ok(files.includes(join(...f.split('/'))), f);
});
