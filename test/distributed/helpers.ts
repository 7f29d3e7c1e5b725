/**
 * Helpers of the distributed-proving tests: a real Redis (the one `.ci/run` starts, named by
 * `ZKVM_REDIS_URL`, or a private `redis-server` started here), worker processes (`zkvm worker`) whose log
 * lines the tests watch, a small multi-shard guest written as an ELF file, and waiting with a deadline.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Queue } from 'bullmq';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DATA_BASE, program } from '../util/asm.js';
import { imageToElf } from '../util/elf-writer.js';

const ROOT = resolve(new URL('../../..', import.meta.url).pathname);
/** The CLI entry point. */
export const BIN = join(ROOT, 'bin', 'zkvm.js');

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

/** A redis-server of the test's own, with the append-only file on; `stop` and `start` restart it on the same port and data. */
export interface OwnRedis {
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  dispose(): Promise<void>;
}

function ping(port: number): boolean {
  // Any answer (PONG, or NOAUTH from a server that wants a password) means it is up.
  const r = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8', timeout: 2000 });
  return /PONG|NOAUTH/.test(r.stdout ?? '');
}

/** Starts a private redis-server on a free loopback port (`redis-server` must be installed: `.ci/run` installs it). */
export async function ownRedis(extra: readonly string[] = []): Promise<OwnRedis> {
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  assert.ok(which.status === 0, 'redis-server is not installed (apt-get install redis-server; .ci/run installs it)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'zkvm-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'yes', ...extra], { stdio: 'ignore' });
    await until(() => ping(port), 10_000, 'redis-server to answer');
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, dispose: async () => (await stop('SIGKILL'), rmSync(dir, { recursive: true, force: true })) };
}

/** The shared Redis of the run (`ZKVM_REDIS_URL`, set by `.ci/run`), or a private one. */
export async function testRedis(): Promise<{ url: string; dispose(): Promise<void> }> {
  const url = process.env.ZKVM_REDIS_URL;
  if (url) return { url, dispose: async () => {} };
  return ownRedis();
}

/** A queue name of this test alone, so tests sharing a Redis never take each other's jobs. */
export function testQueue(what: string): string {
  return `zkvm-test-${what}-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
}

/** Removes a test queue and all its jobs from Redis. */
export async function dropQueue(url: string, queue: string): Promise<void> {
  const q = new Queue(queue, { connection: { url } });
  try {
    await q.obliterate({ force: true });
  } finally {
    await q.close();
  }
}

/** Polls `cond` every 50 ms until it holds; fails after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One event of a worker's JSON log. */
export interface WorkerLogEvent {
  readonly type: string;
  readonly job?: string;
  readonly phase?: string;
  readonly index?: number;
  readonly ms?: number;
}

/** A `zkvm worker` process and its log. */
export interface WorkerProc {
  readonly child: ChildProcess;
  readonly pid: number;
  /** stderr lines so far. */
  readonly lines: string[];
  /** Its JSON log events so far (`zkvm worker --json`). */
  events(): WorkerLogEvent[];
  /** Jobs this worker finished (ids), from its log. */
  done(): string[];
  /** Sends SIGKILL and waits for the exit. */
  kill(): Promise<void>;
}

/** Starts `zkvm worker` on `queue` with a short lock (a dead worker's job is free after about 2 × `lockMs`). */
export async function startWorkerProc(url: string, queue: string, extra: readonly string[] = [], lockMs = 2000): Promise<WorkerProc> {
  const child = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--queue', queue, '--lock-ms', String(lockMs), '--json', ...extra], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  let rest = '';
  child.stderr!.on('data', (b: Buffer) => {
    const parts = (rest + b.toString()).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
  });
  await until(() => lines.some((l) => l.includes('"type":"ready"')) || child.exitCode !== null, 20_000, 'the worker to be ready');
  assert.equal(child.exitCode, null, `the worker exited: ${lines.join('\n')}`);
  const events = () => lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as WorkerLogEvent);
  return {
    child,
    pid: child.pid!,
    lines,
    events,
    done: () => events().filter((e) => e.type === 'done').map((e) => e.job!),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Watches `w` and kills it (SIGKILL) as soon as it starts its first shard proof; `killed()` tells which job
 * and when (`performance.now()`), `stop()` ends the watch.
 */
export function killAtFirstProof(w: WorkerProc): { killed(): { job: string; at: number } | undefined; stop(): void } {
  let hit: { job: string; at: number } | undefined;
  const watch = setInterval(() => {
    if (hit) return;
    const start = w.events().find((e) => e.type === 'start' && e.phase === 'prove');
    if (!start) return;
    hit = { job: start.job!, at: performance.now() };
    w.child.kill('SIGKILL');
  }, 10);
  return { killed: () => hit, stop: () => clearInterval(watch) };
}

/** Stops workers gracefully (SIGTERM) and waits for them. */
export async function stopWorkers(ws: readonly WorkerProc[]): Promise<void> {
  await Promise.all(
    ws.map(async (w) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) return;
      const exited = new Promise((r) => w.child.once('exit', r));
      w.child.kill('SIGTERM');
      const t = setTimeout(() => w.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }),
  );
}

/** Cycles per shard in these tests: the smallest shard. */
export const SHARD_CYCLES = 1024;

/**
 * A guest of about 2.6k cycles (three shards of 1024): reads 4 private bytes into a word, adds 3 to it
 * 500 times, writes the word (fd 1) and exits 5. Its public output depends on the private input.
 */
export function writeGuest(dir: string): string {
  const image = program(`
    li a0, 0
    li a1, ${DATA_BASE}
    li a2, 4
    li a7, 63
    ecall
    li t0, 0
    li t1, 500
    li s0, ${DATA_BASE}
  loop:
    lw t2, 0(s0)
    addi t2, t2, 3
    sw t2, 0(s0)
    addi t0, t0, 1
    blt t0, t1, loop
    li a0, 1
    li a1, ${DATA_BASE}
    li a2, 4
    li a7, 64
    ecall
    li a0, 5
    li a7, 93
    ecall
  `);
  const path = join(dir, 'guest.elf');
  writeFileSync(path, imageToElf(image));
  return path;
}
