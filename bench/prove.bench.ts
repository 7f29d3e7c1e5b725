/**
 * Machine proving benchmark: proves whole RV32IM runs with the SDK (`prove`, default configuration) and
 * verifies them (`verify`), one workload per child process so that its peak memory is its own. Run after
 * `npm run build`:
 *   node dist/bench/prove.bench.js [--min-log 16] [--max-log 21] [--no-zk]
 *
 * Workloads:
 * - `fibonacci`: iterative Fibonacci mod 2^32 in registers, sized to 2^16 cycles;
 * - `sha256`: examples/sha256.elf hashing a 2 KiB public input (the standard zkVM benchmark);
 * - `loop`: a CPU-bound mixing loop (add, xor, shifts, or, sltu, branch) sized to 2^k cycles for each k in
 *   [min-log, max-log].
 *
 * Configuration: `DEFAULT_PROVE_CONFIG` (100 bits, zero knowledge); `--no-zk` proves every case with the
 * same parameters without zero knowledge.
 * Columns: cycles; prove time (execution, trace and STARK proof) and rate; peak RSS of the child process
 * (kernel maxRSS) per cycle; proof file size; verify time cold (a fresh verifier: includes committing the
 * program's preprocessed columns) and warm.
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PROVE_CONFIG, DEFAULT_PROVE_CONFIG_NO_ZK, loadProgramFile, prove, ProveError, verify } from '../src/sdk/index.js';
import type { ElfImage, StarkConfig } from '../src/sdk/index.js';
import { enableKernelThreads } from '../src/sdk/threads.js';
import { program } from '../test/util/asm.js';
import { markdownTable, REPO_ROOT, writeResults } from './util.js';

/** One workload: a program and its public input. */
interface Workload {
  readonly name: string;
  readonly image: () => ElfImage;
  readonly publicInput?: () => Uint8Array;
}

/** What a child reports. */
interface CaseResult {
  readonly name: string;
  readonly status: 'proved' | 'unprovable';
  readonly reason?: string;
  readonly zk?: boolean;
  
  readonly cycles?: number;
  readonly proveMs?: number;
  readonly maxRssMiB?: number;
  readonly proofBytes?: number;
  readonly verifyColdMs?: number;
  readonly verifyWarmMs?: number;
  readonly securityBits?: number;
}

/** Iterative Fibonacci for `n` iterations: 5 instructions per iteration, 8 around them. */
function fibonacci(cycles: number): ElfImage {
  const n = Math.max(1, Math.floor((cycles - 8) / 5));
  return program(`
    li t0, 0
    li t1, 1
    li t3, ${n}
  loop:
    add t2, t0, t1
    mv t0, t1
    mv t1, t2
    addi t3, t3, -1
    bnez t3, loop
    mv a0, t0
    li a7, 93
    ecall`);
}

/** A CPU-bound mixing loop: 9 instructions per iteration (add/sub, bitwise, shift, compare, branch families). */
function mixingLoop(cycles: number): ElfImage {
  const n = Math.max(1, Math.floor((cycles - 10) / 9));
  return program(`
    li s0, ${n}
    li t0, 0x12345678
    li t1, 0x9e3779b9
  loop:
    add t0, t0, t1
    xor t1, t1, t0
    slli t2, t0, 7
    srli t3, t1, 3
    or t0, t2, t3
    sltu t4, t0, t1
    add t1, t1, t4
    addi s0, s0, -1
    bnez s0, loop
    mv a0, t0
    li a7, 93
    ecall`);
}

/** 2 KiB of deterministic bytes (the sha256 input). */
function input2KiB(): Uint8Array {
  const out = new Uint8Array(2048);
  let x = 0x2545f491;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function workloads(minLog: number, maxLog: number): Workload[] {
  const out: Workload[] = [
    { name: 'fibonacci (2^16 cycles)', image: () => fibonacci(2 ** 16) },
    { name: 'sha256 (2 KiB public input)', image: () => loadProgramFile(join(REPO_ROOT, 'examples', 'sha256.elf')), publicInput: input2KiB },
  ];
  for (let k = minLog; k <= maxLog; k++) out.push({ name: `loop (2^${k} cycles)`, image: () => mixingLoop(2 ** k) });
  return out;
}

/** Proves with `config`; returns the proof or the ProveError. */
function tryProve(image: ElfImage, publicInput: Uint8Array | undefined, config: StarkConfig): ReturnType<typeof prove> | ProveError {
  try {
    return prove(image, { config, ...(publicInput ? { publicInput } : {}) });
  } catch (e) {
    if (e instanceof ProveError) return e;
    throw e;
  }
}

/** The child side: one workload. */
async function runCase(w: Workload, noZk: boolean): Promise<CaseResult> {
  enableKernelThreads(availableParallelism());
  await new Promise((r) => setTimeout(r, 300)); // workers take work once they have started
  // Warm-up on a tiny run: kernel compilation, JIT tiers.
  tryProve(mixingLoop(2 ** 10), undefined, DEFAULT_PROVE_CONFIG_NO_ZK);
  const image = w.image();
  const publicInput = w.publicInput?.();
  const r = tryProve(image, publicInput, noZk ? DEFAULT_PROVE_CONFIG_NO_ZK : DEFAULT_PROVE_CONFIG);
  if (r instanceof ProveError) return { name: w.name, status: 'unprovable', reason: `${r.code}: ${r.message}` };
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  const expect = { expectExit: r.statement.exitCode, ...(publicInput ? { publicInput } : {}) };
  let t = performance.now();
  verify(image, r.proof, expect);
  const verifyColdMs = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    verify(image, r.proof, expect);
    warm.push(performance.now() - t);
  }
  return {
    name: w.name,
    status: 'proved',
    zk: r.config.zeroKnowledge,
    cycles: r.cycles,
    proveMs: r.proveMs,
    maxRssMiB,
    proofBytes: r.proof.length,
    verifyColdMs,
    verifyWarmMs: warm.sort((a, b) => a - b)[1]!,
    securityBits: r.securityBits,
  };
}

function runChild(index: number, args: string[]): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [...args, '--case', String(index)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m) => resolve(m as CaseResult));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`case ${index} exited with ${code}`));
    });
  });
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const v = Number(process.argv[at + 1]);
  if (!Number.isInteger(v) || v < 10 || v > 24) throw new Error(`${name} expects an integer in [10, 24]`);
  return v;
}

async function main(): Promise<void> {
  const minLog = option('--min-log', 16);
  const maxLog = option('--max-log', 21);
  const noZk = process.argv.includes('--no-zk');
  const list = workloads(minLog, maxLog);
  const at = process.argv.indexOf('--case');
  if (at >= 0) {
    process.send!(await runCase(list[Number(process.argv[at + 1])]!, noZk));
    return;
  }
  const passOn = process.argv.slice(2);
  const rows: string[][] = [];
  const notes: string[] = [];
  const n = (x: number) => x.toLocaleString('en-US');
  for (let i = 0; i < list.length; i++) {
    const r = await runChild(i, passOn);
    let row: string[];
    if (r.status === 'unprovable') {
      row = [r.name, '—', 'not yet provable', '—', '—', '—', '—', '—', '—'];
      notes.push(`${r.name}: not yet provable — ${r.reason}`);
    } else {
      const cfg = r.zk ? 'ZK' : 'no ZK';
      row = [
        r.name,
        n(r.cycles!),
        `${(r.proveMs! / 1000).toFixed(2)}`,
        (r.cycles! / r.proveMs!).toFixed(2),
        `${n(Math.round((r.maxRssMiB! * 2 ** 20) / r.cycles!))} (${n(Math.round(r.maxRssMiB!))} MiB)`,
        (r.proofBytes! / 1024).toFixed(1),
        `${r.verifyColdMs!.toFixed(0)} / ${r.verifyWarmMs!.toFixed(0)}`,
        String(r.securityBits),
        cfg,
      ];
    }
    rows.push(row);
    console.log(row.join(' | '));
  }
  writeResults(
    'prove',
    'Machine proving benchmark: RV32IM runs',
    [
      `Command: \`${['node dist/bench/prove.bench.js', ...passOn].join(' ')}\` — each workload in a fresh process with kernel threads on ${availableParallelism()} cores, after a small warm-up proof.`,
      'Configuration: 20 PoW bits, log blowup 1, 80 queries (100 bits); zero knowledge unless --no-zk (column "config").',
      'Prove time covers execution, trace building and the STARK proof (and the prover’s check of its own proof); rate = cycles / prove time.',
      'Peak memory: the child process\'s RSS high-water mark (kernel maxRSS), per cycle and in total. Verify: cold (fresh verifier, includes committing the program\'s preprocessed columns) / warm.',
      ...notes,
    ],
    markdownTable(['workload', 'cycles', 'prove (s)', 'rate (kHz)', 'peak bytes/cycle (RSS)', 'proof (KiB)', 'verify cold / warm (ms)', 'bits', 'config'], rows),
  );
}

await main();
