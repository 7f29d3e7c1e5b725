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
import { markdownTable, median, writeResults } from './util.js';

const COLUMNS = 100;
const CONFIGS: Record<string, StarkConfig> = {
  test: TEST_STARK_CONFIG,
  default: DEFAULT_STARK_CONFIG_NO_ZK,
  'default+zk': DEFAULT_STARK_CONFIG,
};

interface CaseResult {
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

/** Runs one case in this process (the child side). */
function runCase(log: number, configName: string, runs: number): CaseResult {
  const config = CONFIGS[configName]!;
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

function runChild(log: number, config: string, runs: number): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--case', String(log), config, String(runs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
    const [log, config, runs] = process.argv.slice(at + 1);
    process.send!(runCase(Number(log), config!, Number(runs)));
    return;
  }
  const quick = process.argv.includes('--quick');
  const logs = quick ? [16] : [16, 18, ...(process.env.STARK_BENCH_LARGE ? [20] : [])];
  const rows: string[][] = [];
  const profile: string[] = [];
  for (const log of logs) {
    for (const config of Object.keys(CONFIGS)) {
      const runs = quick ? 1 : log <= 16 ? 3 : log <= 18 ? 2 : 1;
      const r = await runChild(log, config, runs);
      const row = [
        `2^${log}`,
        config,
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
      const line = `- 2^${log}, ${config}: ${parts.join(', ')}`;
      profile.push(line);
      console.log(line);
    }
  }
  writeResults(
    'stark',
    'STARK benchmark: wide Fibonacci, 100 columns',
    [
      `Command: \`node dist/bench/stark.bench.js\`${quick ? ' --quick' : ''}${process.env.STARK_BENCH_LARGE ? ' (STARK_BENCH_LARGE=1)' : ''}. One thread for the prover's own code; each case in a fresh process.`,
      'Configs: test = 5 PoW bits, log blowup 1, 3 queries (Stwo’s default, ~8 bits); default = 20 PoW bits, log blowup 2, 40 queries',
      '(100 conjectured bits); +zk = with zero knowledge. Prove and verify are medians after a warm-up run; the prover checks the',
      'witness first (included). Peak RSS: the process maximum (kernel maxRSS) and the largest rss sampled between prover phases.',
      'Reference: Stwo proves this AIR at 2^18 rows with the test config in 2.0 s on this machine.',
    ],
    markdownTable(['rows', 'config', 'bits', 'prove (s)', 'verify (ms)', 'proof (KiB)', 'peak RSS (MiB)', 'sampled RSS (MiB)'], rows) +
      '\n\nProver phases (medians):\n\n' +
      profile.join('\n'),
  );
}

await main();
