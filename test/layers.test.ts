/**
 * The layering rule of the repository, checked on the source: each folder of src/ imports only folders of a
 * lower layer (or itself), the browser-safe core imports no `node:` module, and nothing in the core imports a
 * package (zero runtime dependencies).
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
  cli: 13,
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
