/**
 * The layering rule of the repository, checked on the source: each folder of src/ imports only folders of a
 * lower layer (or itself), the browser-safe core imports no `node:` module, and nothing in the core imports a
 * package (zero runtime dependencies).
 *
 * And the prover/verifier boundary, by one rule about folders rather than lists of file names: prover-only
 * code lives in folders named `prover/` (`air/prover/`, `stark/prover/`, … and `machine/prover/`); what a
 * verifier entry point reaches holds no file under a `prover/` folder, no executor, no WebAssembly, no
 * package and no `node:` module; and in the layers that have been split, every file outside `prover/` is
 * verifier code (some verifier reaches it), so a new prover file cannot hide next to the verifier's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const src = join(root, 'src');

/** Layer of each folder of src/: a folder may import folders of a strictly lower layer. */
const LAYER: Record<string, number> = {
  errors: -1,
  wasm: 0,
  field: 1,
  hash: 1,
  circle: 2,
  poly: 3,
  merkle: 4,
  channel: 4,
  fri: 5,
  pcs: 6,
  air: 7,
  stark: 8,
  examples: 9,
  vm: 10,
  machine: 11,
  sdk: 12,
  // Guest builds (Node only, spawns compilers) sit beside sdk: neither imports the other, and cli uses both.
  toolchain: 12,
  // Distributed proving (BullMQ, Redis, threads) drives the SDK's shard jobs; the CLI uses it.
  distributed: 13,
  cli: 14,
  web: 13,
};
/** Folders up to this layer must run in browsers and carry no dependencies. */
const CORE_MAX = 9;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

test('every folder of src/ has a layer', () => {
  for (const d of readdirSync(src)) {
    if (!statSync(join(src, d)).isDirectory()) continue;
    assert.ok(d in LAYER, `src/${d} is not in the layer table of test/layers.test.ts`);
  }
});

test('imports go only to lower layers; the core is browser-safe with no dependencies', () => {
  const problems: string[] = [];
  for (const file of files(src)) {
    const rel = relative(src, file);
    const top = rel.split('/')[0]!;
    if (!(top in LAYER)) continue; // top-level files (index.ts) may import anything
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) {
        const target = relative(src, resolve(dirname(file), spec)).split('/')[0]!;
        if (target === top) continue;
        if (!(target in LAYER)) problems.push(`${rel} imports ${spec}, outside the layered folders`);
        else if (LAYER[target]! >= LAYER[top]!) problems.push(`${rel} (layer ${LAYER[top]}) imports ${spec} (layer ${LAYER[target]})`);
      } else if (LAYER[top]! <= CORE_MAX) {
        problems.push(`${rel} is in the browser-safe core but imports '${spec}'`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

// ---- The prover/verifier boundary -------------------------------------------------------------------------

/**
 * Entry points of the verifiers (paths under src/). Their import closures are what a verifier ships: the
 * STARK verifier and the pieces it is built from, the proof codecs, the machine proof-file verifier, and the
 * browser bundle.
 */
const VERIFIERS = [
  'merkle/verifier.ts',
  'fri/verifier.ts',
  'pcs/verifier.ts',
  'stark/verifier.ts',
  'stark/serialize.ts',
  'stark/preprocessed.ts',
  'machine/verify.ts',
  'machine/verify-file.ts',
  'machine/verify-shards.ts',
  'machine/proof-file.ts',
  'web/verifier.ts',
];
/**
 * Folders split into verifier code and a `prover/` subfolder: every file of theirs outside `prover/` other
 * than the barrel (`index.ts`, which re-exports both sides) is reached by some verifier. In `machine` the
 * family files hold both a component's constraints and its row filling (plain array writes, no prover
 * import), so the verifier reaches them; the witness builder, prover entry and lookup evaluator are in
 * `machine/prover/`.
 */
const SPLIT = ['channel', 'poly', 'merkle', 'fri', 'pcs', 'air', 'stark', 'machine'];
/**
 * Prover-only files outside a `prover/` folder: the traced executor, which only the prover runs (a verifier
 * never executes the program; `vm/` also serves the interpreter of `zkvm run`, so it is not split).
 */
const PROVER_FILES = new Set(['vm/executor.ts']);

/** Whether `rel` (a path under src/) is prover-only code: under a `prover/` folder, or listed above. */
function proverOnly(rel: string): boolean {
  return rel.split('/').slice(0, -1).includes('prover') || PROVER_FILES.has(rel);
}

/** Block and line comments dropped: TSDoc examples hold import lines, and prose may name WebAssembly. */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/**
 * Whether `rel` is, or instantiates, a WebAssembly module: the shared runtime (`src/wasm/`), an embedded
 * kernel (`*.wat.gen.ts`), or code that names the `WebAssembly` global.
 */
function webAssembly(rel: string): boolean {
  return rel.startsWith('wasm/') || rel.endsWith('.wat.gen.ts') || /\bWebAssembly\b/.test(code(join(src, rel)));
}

/** Relative imports, dynamic imports and worker URLs (`new URL('./w.js', import.meta.url)`): what a bundle carries. */
const DEPENDENCY = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g;

/** Every file of src/ reachable from `entry` (paths under src/, sorted), and the non-relative specifiers seen. */
function closure(entry: string): { files: string[]; bare: string[] } {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const rel = stack.pop()!;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const file = join(src, rel);
    for (const m of code(file).matchAll(DEPENDENCY)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      if (!spec.startsWith('.')) {
        bare.add(spec);
        continue;
      }
      const target = relative(src, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
      assert.ok(statSync(join(src, target), { throwIfNoEntry: false })?.isFile(), `${rel} imports ${spec}, which is not a file of src/`);
      stack.push(target);
    }
  }
  return { files: [...seen].sort(), bare: [...bare].sort() };
}

for (const entry of VERIFIERS) {
  test(`${entry} reaches no prover code, no WebAssembly, no package and no node: module`, () => {
    const { files, bare } = closure(entry);
    assert.deepEqual(bare, [], 'no package or node: imports');
    assert.deepEqual(files.filter(proverOnly), [], `${entry} reaches prover-only code`);
    assert.deepEqual(files.filter(webAssembly), [], `${entry} carries WebAssembly`);
  });
}

test('in the split layers, every file outside prover/ is verifier code', () => {
  const reached = new Set(VERIFIERS.flatMap((e) => closure(e).files));
  const stray: string[] = [];
  for (const dir of SPLIT) {
    for (const file of files(join(src, dir))) {
      const rel = relative(src, file);
      if (!proverOnly(rel) && rel !== `${dir}/index.ts` && !reached.has(rel)) stray.push(rel);
    }
  }
  assert.deepEqual(stray, [], 'files no verifier reaches belong in a prover/ folder');
});

test('the boundary checks are not vacuous: the prover side reaches what the verifiers may not', () => {
  // The package root exports the provers: its closure holds prover/ code of every split layer, the
  // executor, and the WebAssembly kernels, so each predicate above does fire on the real tree.
  const { files: all } = closure('index.ts');
  for (const dir of SPLIT) assert.ok(all.some((f) => f.startsWith(`${dir}/prover/`)), `index.ts reaches ${dir}/prover/`);
  assert.ok(all.includes('vm/executor.ts'));
  for (const f of ['hash/wasm/blake2s.wat.gen.ts', 'wasm/runtime.ts', 'poly/prover/wasm-backend.ts']) assert.ok(all.includes(f) && webAssembly(f), f);
  // And the verifiers reach the modules they are made of (the walk follows re-exports and type imports).
  const web = closure('web/verifier.ts').files;
  for (const f of ['stark/verifier.ts', 'pcs/verifier.ts', 'fri/verifier.ts', 'merkle/verifier.ts', 'hash/blake2s.ts', 'machine/verify-file.ts', 'vm/program-id.ts']) assert.ok(web.includes(f), f);
  // The predicates themselves.
  assert.ok(proverOnly('machine/prover/witness.ts') && proverOnly('air/prover/codegen.ts') && !proverOnly('air/verifier.ts') && !proverOnly('stark/prover.ts'));
  assert.ok(!webAssembly('hash/blake2s.ts') && !webAssembly('poly/fft.ts'), 'prose about WebAssembly is not WebAssembly');
});
