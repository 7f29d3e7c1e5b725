/**
 * STARK benchmark: the wide-Fibonacci AIR (100 columns) at 2^16 and 2^18 rows (2^20 with
 * `STARK_BENCH_LARGE=1`), under the test configuration (log blowup 1, 3 queries, 5 PoW bits) and the
 * default ≥ 100-bit configuration, with and without zero knowledge. Run after `npm run build`:
 *   node dist/bench/stark.bench.js [--quick]
 * Each case runs in its own child process so that its peak memory is its own: prove (median of runs after
 * a warm-up), verify (median), proof size (serialized), peak RSS (the kernel's `maxRSS` of that process,
 * and the largest `rss` sampled between prover phases). The per-phase breakdown of the prover is printed
 * and written below the table (medians).
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { wideFibonacciAir, wideFibonacciWitness } from '../src/examples/wide-fibonacci.js';
import {
  DEFAULT_STARK_CONFIG,
  DEFAULT_STARK_CONFIG_NO_ZK,
  prove,
  serializeProof,
  starkSecurityBits,
  proofLayout,
  TEST_STARK_CONFIG,
  verify,
} from '../src/stark/index.js';
import type { StarkConfig } from '../src/stark/index.js';
import { enableKernelThreads } from '../src/sdk/threads.js';
import { markdownTable, median, writeResults } from './util.js';

const COLUMNS = 100;
const CONFIGS: Record<string, StarkConfig> = {
  test: TEST_STARK_CONFIG,
  default: DEFAULT_STARK_CONFIG_NO_ZK,
  'default+zk': DEFAULT_STARK_CONFIG,
};

interface CaseResult {
  threads: number;
  log: number;
  config: string;
  bits: number;
  proveMs: number[];
  verifyMs: number[];
  bytes: number;
  maxRssMiB: number;
  sampledRssMiB: number;
  phases: Record<string, number[]>;
}

/** PoW bits, blowup and queries of a configuration, as the results table's notes print them. */
function describeConfig(c: StarkConfig): string {
  return `${c.pcs.powBits} PoW bits, log blowup ${c.pcs.fri.logBlowupFactor}, ${c.pcs.fri.nQueries} queries`;
}

/** Runs one case in this process (the child side). */
async function runCase(log: number, configName: string, runs: number, threads: number): Promise<CaseResult> {
  const config = CONFIGS[configName]!;
  if (threads > 1) {
    enableKernelThreads(threads);
    await new Promise((r) => setTimeout(r, 300)); // workers take work once they have started
  }
  const air = wideFibonacciAir(log, COLUMNS);
  const bits = starkSecurityBits(config, proofLayout(air, config).maxCommitLogSize);
  let sampled = process.memoryUsage().rss;
  const phases: Record<string, number[]> = {};
  const proveMs: number[] = [];
  const verifyMs: number[] = [];
  let bytes = 0;
  for (let r = 0; r <= runs; r++) {
    const witness = wideFibonacciWitness(log, COLUMNS, r);
    const local: [string, number][] = [];
    const t0 = performance.now();
    const proof = prove(air, witness, {}, config, {
      onPhase: (p, ms) => {
        local.push([p, ms]);
        sampled = Math.max(sampled, process.memoryUsage().rss);
      },
    });
    const t1 = performance.now();
    verify(air, {}, proof, config, { minSecurityBits: 0 });
    const t2 = performance.now();
    bytes = serializeProof(proof).length;
    if (r === 0) continue; // warm-up: kernel compilation, JIT tiers, twiddles
    proveMs.push(t1 - t0);
    verifyMs.push(t2 - t1);
    for (const [p, ms] of local) (phases[p] ??= []).push(ms);
  }
  return {
    threads,
    log,
    config: configName,
    bits,
    proveMs,
    verifyMs,
    bytes,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    sampledRssMiB: sampled / 2 ** 20,
    phases,
  };
}

function runChild(log: number, config: string, runs: number, threads: number): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--case', String(log), config, String(runs), String(threads)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m) => resolve(m as CaseResult));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`case 2^${log} ${config} exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--case');
  if (at >= 0) {
    const [log, config, runs, threads] = process.argv.slice(at + 1);
    process.send!(await runCase(Number(log), config!, Number(runs), Number(threads)));
    return;
  }
  const quick = process.argv.includes('--quick');
  const logs = quick ? [16] : [16, 18, ...(process.env.STARK_BENCH_LARGE ? [20] : [])];
  const rows: string[][] = [];
  const profile: string[] = [];
  const threads = Number(process.env.STARK_BENCH_THREADS ?? availableParallelism());
  // Every case on all threads, and the test configuration also on one thread (the comparison with Stwo).
  const cases = logs.flatMap((log) => Object.keys(CONFIGS).flatMap((config) => [
    ...(config === 'test' && threads > 1 ? [{ log, config, threads: 1 }] : []),
    { log, config, threads },
  ]));
  for (const { log, config, threads: t } of cases) {
    {
      const runs = quick ? 1 : log <= 16 ? 3 : log <= 18 ? 2 : 1;
      const r = await runChild(log, config, runs, t);
      const row = [
        `2^${log}`,
        config,
        String(t),
        String(r.bits),
        (median(r.proveMs) / 1000).toFixed(2),
        median(r.verifyMs).toFixed(1),
        (r.bytes / 1024).toFixed(1),
        r.maxRssMiB.toFixed(0),
        r.sampledRssMiB.toFixed(0),
      ];
      rows.push(row);
      console.log(row.join(' | '));
      const total = median(r.proveMs);
      const parts = Object.entries(r.phases).map(([p, ms]) => `${p} ${median(ms).toFixed(0)} ms (${((100 * median(ms)) / total).toFixed(0)}%)`);
      const line = `- 2^${log}, ${config}, ${t} thread${t > 1 ? 's' : ''}: ${parts.join(', ')}`;
      profile.push(line);
      console.log(line);
    }
  }
  writeResults(
    'stark',
    'STARK benchmark: wide Fibonacci, 100 columns',
    [
      `Command: \`node dist/bench/stark.bench.js\`${quick ? ' --quick' : ''}${process.env.STARK_BENCH_LARGE ? ' (STARK_BENCH_LARGE=1)' : ''}. Threads: kernel threads (FFT batches, linear combinations, Merkle layers) besides the main thread; each case in a fresh process.`,
      `Configs: test = ${describeConfig(TEST_STARK_CONFIG)} (Stwo’s default); default = ${describeConfig(DEFAULT_STARK_CONFIG_NO_ZK)};`,
      '+zk = with zero knowledge. Prove and verify are medians after a warm-up run; the prover checks the',
      'witness first (included). Peak RSS: the process maximum (kernel maxRSS) and the largest rss sampled between prover phases.',
      'Reference: Stwo proves this AIR at 2^18 rows with the test config in 2.0 s on this machine.',
    ],
    markdownTable(['rows', 'config', 'threads', 'bits', 'prove (s)', 'verify (ms)', 'proof (KiB)', 'peak RSS (MiB)', 'sampled RSS (MiB)'], rows) +
      '\n\nProver phases (medians):\n\n' +
      profile.join('\n'),
  );
}

await main();
