import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// The compiled sources sit at dist/src; this test runs from dist/test/pcs.
const distSrc = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** Every module reachable from `entry` through static relative imports, plus the bare specifiers seen. */
function importGraph(entry: string): { files: string[]; bare: string[] } {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) stack.push(join(dirname(f), spec));
      else bare.add(spec);
    }
  }
  return { files: [...seen].map((f) => relative(distSrc, f)), bare: [...bare] };
}

for (const entry of [join('pcs', 'verifier.js'), join('fri', 'verifier.js')]) {
  test(`${entry} pulls in no prover code, no WebAssembly and no Node built-ins`, () => {
    const { files, bare } = importGraph(join(distSrc, entry));
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
