import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importGraph } from '../util/import-graph.js';

for (const entry of [join('pcs', 'verifier.js'), join('fri', 'verifier.js')]) {
  test(`${entry} pulls in no prover code, no WebAssembly and no Node built-ins`, () => {
    const { files, bare } = importGraph(entry);
    assert.deepEqual(bare, [], 'no package or node: imports');
    // Package index files re-export prover code (fri, pcs, merkle, poly, channel's grinding); only the
    // field and circle indexes are pure.
    const allowedIndexes = new Set([join('field', 'index.js'), join('circle', 'index.js')]);
    for (const f of files) {
      assert.ok(!/prover|layers|wasm|backend|ops\.js|pow\.js/.test(f), `${entry} reaches ${f}`);
      assert.ok(!/(^|[/\\])index\.js$/.test(f) || allowedIndexes.has(f), `${entry} reaches ${f}`);
    }
    assert.ok(files.includes(join('merkle', 'verifier.js')));
  });
}
