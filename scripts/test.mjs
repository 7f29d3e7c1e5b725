#!/usr/bin/env node
// Runs the compiled test suite with node:test. Arguments select test files by substring
// (e.g. `node scripts/test.mjs elf decoder`); none runs everything. Expects `npm run build` first.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const walk = (dir) =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.js') ? [p] : [];
  });
const filters = process.argv.slice(2).map((f) => f.replace(/\.ts$/, ''));
const files = walk('dist/test').filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
