import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as web from '../../src/web/verifier.js';

// Compiled sources: this test runs from dist/test/web, the entry sits at dist/src/web/verifier.js.
const distSrc = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** Every module reachable from `entry` through static and dynamic relative imports, plus the other specifiers seen. */
function importGraph(entry: string): { files: string[]; bare: string[] } {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    // Block comments go first: TSDoc examples contain import lines.
    const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of code.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) stack.push(join(dirname(f), spec));
      else bare.add(spec);
    }
  }
  return { files: [...seen].map((f) => relative(distSrc, f)).sort(), bare: [...bare] };
}

// Same prover-side modules as test/stark/verifier-imports.test.ts.
const PROVER = /prover|codegen|composition\.js|interaction\.js|checker|witness|domain-tables|quotients-prover|merkle[\\/]layers|poly[\\/](ops|js-backend|wasm-backend)|examples/;

test('web/verifier.js reaches no node: module, no package and no prover code', () => {
  const { files, bare } = importGraph(join(distSrc, 'web', 'verifier.js'));
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
