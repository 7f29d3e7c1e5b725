/**
 * Shared helpers of the `zkvm` command-line tests: run the real `bin/zkvm.js` as a child process (with
 * `process.execPath`, not npx, so no npm warnings end up on stderr), run the same ELF under `qemu-riscv32`,
 * build small guests with `zkvm build`, and check the "one clear line on stderr" rule for errors.
 * @module
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APT_PACKAGES, aptInstallCommand, DEFAULT_CARGO, DEFAULT_RUSTC } from '../../src/toolchain/index.js';

/** The repository root: the first directory above this file holding bin/zkvm.js (works from test/ and dist/test/). */
function repoRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'bin', 'zkvm.js')) && existsSync(join(dir, 'guest', 'corpus'))) return dir;
    if (dirname(dir) === dir) throw new Error('bin/zkvm.js not found above ' + fileURLToPath(import.meta.url));
  }
}

/** Repository root. */
export const ROOT = repoRoot();
/** The CLI entry point under test. */
export const BIN = join(ROOT, 'bin', 'zkvm.js');
/** The guest corpus (one directory per guest, `<name>.elf` plus optional `private.bin` / `public.bin`). */
export const CORPUS = join(ROOT, 'guest', 'corpus');
/** The prebuilt examples (`<name>.elf` plus optional `<name>.private.bin` / `<name>.public.bin`). */
export const EXAMPLES = join(ROOT, 'examples');

/** What a finished process printed and how it ended. */
export interface Proc {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/** Everything about a finished process, for assertion messages. */
export function describeProc(what: string, r: Proc): string {
  const cut = (b: Buffer) => (b.length > 2000 ? b.subarray(0, 2000).toString() + '…' : b.toString());
  return `${what}: status ${r.status}, signal ${r.signal}\n--- stdout ---\n${cut(r.stdout)}\n--- stderr ---\n${cut(r.stderr)}`;
}

/** Options of {@link zkvm}. */
export interface ZkvmOptions {
  readonly cwd?: string;
  /** Milliseconds before the child is killed (default 60 s: far above any run here, so a hang fails, not stalls). */
  readonly timeout?: number;
  /** The child's environment; default this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `node bin/zkvm.js ...args` and waits for it; fails the test if it was killed (timeout) instead of exiting. */
export function zkvm(args: readonly string[], opts: ZkvmOptions = {}): Proc {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: opts.timeout ?? 60_000,
    maxBuffer: 64 << 20,
  });
  if (r.error !== undefined) throw new Error(`zkvm ${args.join(' ')}: ${r.error.message}`);
  const p: Proc = { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  if (r.status === null) assert.fail(describeProc(`zkvm ${args.join(' ')} did not exit`, p));
  return p;
}

/** Failure message when qemu-riscv32 is missing, naming the apt line that installs it. */
export const QEMU_HINT = `qemu-riscv32 not found; install it with: ${aptInstallCommand(APT_PACKAGES.qemu)}`;
/** Failure message when the C/C++ guest toolchain is missing. */
export const C_HINT = `the C/C++ guest toolchain is missing; install it with: ${aptInstallCommand(APT_PACKAGES.cpp)}`;
/** Failure message when the Rust guest toolchain (Debian's, which `zkvm build` uses) is missing. */
export const RUST_HINT = `the Rust guest toolchain (${DEFAULT_CARGO}, ${DEFAULT_RUSTC}) is missing; install it with: ${aptInstallCommand(APT_PACKAGES.rust)}`;

/** Fails (never skips) with `hint` when `cmd --version` cannot be started. */
export function requireTool(cmd: string, hint: string): void {
  const r = spawnSync(cmd, ['--version'], { stdio: 'ignore' });
  if (r.error !== undefined) throw new Error(hint);
}

/**
 * Runs `elf` under qemu-riscv32 as `qemu-riscv32 elf <private 3<public` (an empty file stands in for a missing
 * input, which is what `zkvm run` reads when the option is absent).
 */
export function qemu(elf: string, privateInput: string | undefined, publicInput: string | undefined, empty: string): Proc {
  const fds = [privateInput ?? empty, publicInput ?? empty].map((p) => openSync(p, 'r'));
  try {
    const r = spawnSync('qemu-riscv32', [elf], { stdio: [fds[0]!, 'pipe', 'pipe', fds[1]!], timeout: 60_000, maxBuffer: 64 << 20 });
    if (r.error !== undefined) throw new Error((r.error as NodeJS.ErrnoException).code === 'ENOENT' ? QEMU_HINT : r.error.message);
    return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  } finally {
    fds.forEach((fd) => closeSync(fd));
  }
}

/** The `zkvm run` arguments for a program and its optional input files. */
export function runArgs(elf: string, privateInput?: string, publicInput?: string): string[] {
  return [
    'run',
    elf,
    ...(privateInput === undefined ? [] : ['--private-input', privateInput]),
    ...(publicInput === undefined ? [] : ['--public-input', publicInput]),
  ];
}

/**
 * Asserts the CLI's error contract: exit code `code`, nothing on stdout, and exactly one line on stderr, starting
 * with `zkvm: `, matching every pattern, with no stack trace and no "internal error".
 */
export function assertOneLineError(r: Proc, code: number, patterns: readonly RegExp[], what: string): string {
  const err = r.stderr.toString();
  const ctx = describeProc(what, r);
  assert.equal(r.status, code, ctx);
  assert.equal(r.stdout.length, 0, ctx);
  assert.match(err, /^zkvm: [^\n]+\n$/, `expected exactly one line on stderr\n${ctx}`);
  assert.doesNotMatch(err, /internal error|\n\s+at |\bat (file|node):/, ctx);
  for (const p of patterns) assert.match(err, p, ctx);
  return err;
}

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `zkvm-cli-${prefix}-`));
}

/** Writes `source` to `dir/file` and builds it with `zkvm build`, asserting success; returns the ELF path. */
export function buildGuest(dir: string, file: string, source: string): string {
  const src = join(dir, file);
  mkdirSync(dirname(src), { recursive: true });
  writeFileSync(src, source);
  const r = zkvm(['build', src]);
  assert.equal(r.status, 0, `${describeProc(`zkvm build ${file}`, r)}\n(if a toolchain is missing: ${C_HINT})`);
  const elf = src.replace(/\.[^./]+$/, '.elf');
  assert.ok(existsSync(elf), `zkvm build ${file} did not write ${elf}`);
  return elf;
}

/** Whether the file at `path` starts with the ELF magic. */
export function isElf(path: string): boolean {
  const b = readFileSync(path);
  return b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

/** Every file under `dir` (relative path → contents), to check that a failed command changed nothing. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const r = rel === '' ? n : `${rel}/${n}`;
      if (statSync(p).isDirectory()) {
        out.set(r + '/', '');
        walk(p, r);
      } else out.set(r, readFileSync(p).toString('base64'));
    }
  };
  walk(dir, '');
  return out;
}
