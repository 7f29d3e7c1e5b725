/**
 * The module graph of compiled sources, for tests that keep verifier code free of prover code, of Node
 * built-ins and of packages.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled `src/` (tests run from `dist/test/...`). */
export const DIST_SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

/**
 * Every module reachable from `entry` (a path under {@link DIST_SRC}) through static and dynamic relative
 * imports, as paths relative to `DIST_SRC`, sorted; plus the non-relative specifiers seen. Block comments are
 * dropped first, since TSDoc examples contain import lines.
 */
export function importGraph(entry: string): { files: string[]; bare: string[] } {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const stack = [join(DIST_SRC, entry)];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of code.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) stack.push(join(dirname(f), spec));
      else bare.add(spec);
    }
  }
  return { files: [...seen].map((f) => relative(DIST_SRC, f)).sort(), bare: [...bare] };
}
