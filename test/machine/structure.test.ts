/**
 * The shape of `src/machine` the families design promises: no function over 120 lines (each family's
 * constraints and row filling are separate, small functions), every registered component has a family
 * unit with both constraints and (for instruction families) row filling, and `docs/machine.md` carries the
 * component table the registry derives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { familyTable, RV32IM } from '../../src/machine/index.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const MAX_LINES = 120;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test(`no function in src/machine is longer than ${MAX_LINES} lines`, () => {
  const long: string[] = [];
  for (const f of files(join(ROOT, 'src/machine'))) {
    const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const a = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const b = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (b - a + 1 > MAX_LINES) long.push(`${f.slice(ROOT.length)}:${a + 1} (${b - a + 1} lines)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  assert.deepEqual(long, []);
});

test('the registry: unique components, every opcode family fills rows, sizes keyed once', () => {
  const names = RV32IM.families.map((f) => f.name);
  assert.equal(new Set(names).size, names.length);
  for (const f of RV32IM.families) {
    if (f.ops.length > 0) assert.ok(f.fill, `${f.name} proves opcodes but fills no rows`);
    assert.ok(f.sizeKey !== undefined || f.fixedLogSize, `${f.name} has no size`);
  }
  assert.equal(new Set(RV32IM.sizeKeys).size, RV32IM.sizeKeys.length);
});

test('docs/machine.md carries the component table derived from the registry', () => {
  const doc = readFileSync(join(ROOT, 'docs/machine.md'), 'utf8');
  assert.ok(doc.includes(familyTable()), 'regenerate the table with familyTable() (src/machine/families/registry.ts)');
});
