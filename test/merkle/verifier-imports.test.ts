import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importGraph } from '../util/import-graph.js';



test('verifyMerkle pulls in no prover code, no WebAssembly and no Node built-ins', () => {
  const { files, bare } = importGraph('merkle/verifier.js');
  assert.deepEqual(bare, [], 'no package or node: imports');
  for (const f of files) {
    assert.ok(!/prover|layers|wasm/.test(f), `verifier reaches ${f}`);
  }
  assert.ok(files.includes(join('hash', 'node.js')));
});
