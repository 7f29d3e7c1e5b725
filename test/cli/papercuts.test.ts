// CLI and package papercuts a new user runs into (issue 15):
//  - `zkvm run … | head` stops quietly with a broken pipe's status (141, as a native process killed by
//    SIGPIPE), no "internal error" and no stack trace;
//  - the hint after `zkvm new` names a command that works here: `zkvm` when one is on the PATH, else `npx zkvm`;
//  - `enableKernelThreads` is exported by the package (`zkvm/sdk`), not only by a file path it does not export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invocation } from '../../src/cli/commands/new.js';
import { DATA_BASE, program } from '../util/asm.js';
import { imageToElf } from '../util/elf-writer.js';
import { BIN, tempDir, zkvm } from './helpers.js';

test('zkvm run | head: exit 141 and nothing on stderr when the reader goes away', () => {
  const dir = tempDir('epipe');
  try {
    // 256 writes of 4 KiB to fd 1: far more than a pipe holds after `head` has gone.
    const elf = join(dir, 'chatty.elf');
    writeFileSync(elf, imageToElf(program(`
      li s1, 256
    again:
      li a0, 1
      li a1, ${DATA_BASE}
      li a2, 4096
      li a7, 64
      ecall
      addi s1, s1, -1
      bnez s1, again
      li a0, 0
      li a7, 93
      ecall
    `)));
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" run "${elf}" 2>"${join(dir, 'err')}" | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"; cat "${join(dir, 'err')}"`], { encoding: 'utf8', timeout: 30_000 });
    const [status, ...stderr] = r.stdout.split('\n');
    assert.equal(status, '141', r.stdout + r.stderr);
    assert.equal(stderr.join('\n').trim(), '', 'nothing on stderr');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the hint after zkvm new names zkvm when it is on the PATH, npx zkvm otherwise', () => {
  const bin = mkdtempSync(join(tmpdir(), 'zkvm-path-'));
  try {
    writeFileSync(join(bin, 'zkvm'), '#!/bin/sh\n', { mode: 0o755 });
    assert.equal(invocation({ PATH: `/nonexistent:${bin}` }), 'zkvm');
    assert.equal(invocation({ PATH: '/nonexistent' }), 'npx zkvm');
    assert.equal(invocation({}), 'npx zkvm');
    const cwd = mkdtempSync(join(tmpdir(), 'zkvm-new-'));
    try {
      const r = zkvm(['new', 'demo'], { cwd, env: { ...process.env, PATH: `/usr/bin:/bin` } });
      assert.equal(r.status, 0, r.stderr.toString());
      assert.match(r.stderr.toString(), /next: npx zkvm build demo && npx zkvm run demo\/demo\.elf/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

test('enableKernelThreads comes from the package export zkvm/sdk', async () => {
  const specifier = 'zkvm/sdk'; // resolved through package.json "exports", as another project would
  const sdk = (await import(specifier)) as { enableKernelThreads?: unknown; disableKernelThreads?: unknown };
  assert.equal(typeof sdk.enableKernelThreads, 'function');
  assert.equal(typeof sdk.disableKernelThreads, 'function');
});

test('--json ends every outcome with one JSON object, usage errors and bad files included', () => {
  const dir = tempDir('json');
  try {
    const cases: [string[], string, RegExp][] = [
      [['prove', join(dir, 'missing.elf'), '-o', join(dir, 'p.proof'), '--json'], 'proved', /^UNREADABLE$/],
      [['prove', join(dir, 'missing.elf'), '--json'], 'proved', /USAGE/],
      [['verify', join(dir, 'p.proof'), '--json'], 'verified', /USAGE/],
      [['verify', join(dir, 'p.proof'), '--program', join(dir, 'missing.elf'), '--json'], 'verified', /./],
      [['profile', join(dir, 'missing.elf'), '--json'], 'ok', /./],
    ];
    for (const [args, key, code] of cases) {
      const r = zkvm(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      const lines = r.stdout.toString().trim().split('\n');
      assert.equal(lines.length, 1, `${args.join(' ')}: one line on stdout, got ${r.stdout}`);
      const j = JSON.parse(lines[0]!) as Record<string, unknown>;
      assert.equal(j[key], false, `${args.join(' ')}: ${lines[0]}`);
      assert.match(String(j.code), code);
      assert.equal(typeof j.error, 'string');
      assert.ok(r.stderr.toString().startsWith('zkvm: '), 'the line on stderr stays');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
