import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled sources: this test runs from dist/test/stark, the verifier sits at dist/src/stark/verifier.js.
const distSrc = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/** Every module reachable from `entry` through static and dynamic relative imports, plus the bare specifiers seen. */
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
  return { files: [...seen].map((f) => relative(distSrc, f)).sort(), bare: [...bare] };
}

// Prover-side modules: compiled kernels, trace and interaction generation, witness handling, the
// polynomial backends, Merkle tree building, the PCS/FRI provers and quotient computation. (poly/fft.js
// and poly/twiddles.js are reached through poly/line.js, which the FRI verifier uses for line
// polynomials; they are plain functions, not prover state, and are allowed.)
const PROVER = /prover|codegen|composition\.js|interaction\.js|checker|witness|domain-tables|quotients-prover|merkle[\\/]layers|poly[\\/](ops|js-backend|wasm-backend)|examples/;

for (const entry of ['verifier.js', 'serialize.js']) {
  test(`stark/${entry} reaches no prover code and no package or node: imports`, () => {
    const { files, bare } = importGraph(join(distSrc, 'stark', entry));
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
  const { files } = importGraph(join(distSrc, 'stark', 'prover.js'));
  for (const f of ['air/codegen.js', 'air/interaction.js', 'pcs/prover.js', 'fri/prover.js']) assert.ok(files.includes(join(...f.split('/'))), f);
  assert.ok(files.some((f) => PROVER.test(f)));
});
