import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importGraph } from '../util/import-graph.js';

// Prover-side modules: compiled kernels, trace and interaction generation, witness handling, the
// polynomial backends, Merkle tree building, the PCS/FRI provers and quotient computation. (poly/fft.js
// and poly/twiddles.js are reached through poly/line.js, which the FRI verifier uses for line
// polynomials; they are plain functions, not prover state, and are allowed.)
const PROVER = /prover|codegen|composition\.js|interaction\.js|checker|witness|domain-tables|quotients-prover|merkle[\\/]layers|poly[\\/](ops|js-backend|wasm-backend)|examples/;

for (const entry of ['verifier.js', 'serialize.js', 'preprocessed.js']) {
  test(`stark/${entry} reaches no prover code and no package or node: imports`, () => {
    const { files, bare } = importGraph(join('stark', entry));
    assert.deepEqual(bare, [], 'no package or node: imports');
    const bad = files.filter((f) => PROVER.test(f));
    assert.deepEqual(bad, [], `the verifier reaches prover modules:\n${bad.join('\n')}`);
    if (entry === 'verifier.js') {
      // Sanity: the walk really follows the verifier's dependencies.
      for (const f of ['air/ood.js', 'pcs/verifier.js', 'fri/verifier.js', 'merkle/verifier.js']) assert.ok(files.includes(join(...f.split('/'))), f);
    }
  });
}

test('the prover module graph does contain the prover code (the pattern above is not vacuous)', () => {
  const { files } = importGraph(join('stark', 'prover.js'));
  for (const f of ['air/codegen.js', 'air/interaction.js', 'pcs/prover.js', 'fri/prover.js']) assert.ok(files.includes(join(...f.split('/'))), f);
  assert.ok(files.some((f) => PROVER.test(f)));
});
