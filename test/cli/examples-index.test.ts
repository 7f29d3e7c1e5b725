// examples/README.md, the index of the prebuilt examples, cannot drift from the folder: every ELF in
// examples/ has a row; each row's source exists, its input files exist with the sizes it states, and its
// cycle count is what the executor measures on those inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execute, loadProgramFile } from '../../src/sdk/index.js';

const ROOT = resolve(new URL('../../..', import.meta.url).pathname);
const EXAMPLES = join(ROOT, 'examples');

test('examples/README.md lists every example with its source, inputs and cycles', () => {
  const text = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^\| `([a-z0-9_-]+\.elf)` \|(.*)\|$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!.split('|').map((c) => c.trim()));
  }
  const elfs = readdirSync(EXAMPLES).filter((f) => f.endsWith('.elf')).sort();
  assert.deepEqual([...rows.keys()].sort(), elfs, 'one row per ELF');
  for (const [elf, [source, inputs, , cycles]] of rows) {
    assert.ok(existsSync(join(ROOT, source!.replace(/`/g, ''))), `${elf}: source ${source}`);
    const files = [...inputs!.matchAll(/(public|private) `([^`]+)` \(([\d,]+) bytes/g)];
    if (inputs !== 'none') assert.ok(files.length > 0, `${elf}: inputs "${inputs}"`);
    const opts: { publicInput?: Uint8Array; privateInput?: Uint8Array } = {};
    for (const [, kind, file, size] of files) {
      const path = join(EXAMPLES, file!);
      assert.equal(statSync(path).size, Number(size!.replace(/,/g, '')), `${elf}: size of ${file}`);
      opts[kind === 'public' ? 'publicInput' : 'privateInput'] = new Uint8Array(readFileSync(path));
    }
    const r = execute(loadProgramFile(join(EXAMPLES, elf)), opts);
    assert.equal(r.cycles, Number(cycles!.replace(/,/g, '')), `${elf}: cycles`);
  }
});
