/**
 * Continuations benchmark: runs of 2^20 … 2^25 cycles proven in shards of 2^18 … 2^21 cycles
 * (`proveSharded`, default configuration: 100 bits, zero knowledge), against one proof of a run as long
 * as one shard (`proveExecution`), each measurement in its own child process so that its peak memory is
 * its own. Run after `npm run build`:
 *   node dist/bench/shards.js [--runs 20-25] [--shards 18-21] [--no-single] [--no-zk] [--out shards]
 * `--runs` and `--shards` take a log2 range (`20-22`) or list (`20,23`); shards longer than the run are
 * left out (the run would be one shard). The full matrix takes hours on 2 cores.
 *
 * Workload: `shard-workload.ts` (a loop over a 16 KiB table: loads, stores, multiply, shifts, compares).
 * Columns: cycles, shards; prove wall time and rate; the two phases' share; peak RSS; proof size and verify
 * time, in total and per million cycles; the single-proof rate at the shard's size and the ratio.
 * @module
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MAX_PROVE_CYCLES } from '../src/machine/index.js';
import { DEFAULT_PROVE_CONFIG, DEFAULT_PROVE_CONFIG_NO_ZK } from '../src/sdk/index.js';
import { forkCase, markdownTable, provenanceNotes, writeResults } from './util.js';
import { measureSharded, measureSingle, warmUp } from './shard-measure.js';
import type { ShardedMeasurement, SingleMeasurement } from './shard-measure.js';
import { memoryLoop } from './shard-workload.js';

const SCRIPT = fileURLToPath(import.meta.url);

/** One child's job. */
type Case = { readonly kind: 'sharded'; readonly runLog: number; readonly shardLog: number } | { readonly kind: 'single'; readonly log: number };

/** Parses `a-b` or `a,b,c` (log2 sizes) within [lo, hi]. */
function logList(name: string, fallback: string, lo: number, hi: number): number[] {
  const at = process.argv.indexOf(name);
  const text = at < 0 ? fallback : (process.argv[at + 1] ?? '');
  const range = /^(\d+)-(\d+)$/.exec(text);
  const out = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : text.split(',').map(Number);
  if (out.length === 0 || out.some((v) => !Number.isInteger(v) || v < lo || v > hi)) throw new Error(`${name} expects log2 sizes in [${lo}, ${hi}] as a-b or a,b,c, not "${text}"`);
  return out;
}

function stringOption(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : (process.argv[at + 1] ?? fallback);
}

async function child(c: Case, noZk: boolean): Promise<ShardedMeasurement | SingleMeasurement> {
  const config = noZk ? DEFAULT_PROVE_CONFIG_NO_ZK : DEFAULT_PROVE_CONFIG;
  await warmUp(config);
  if (c.kind === 'single') return measureSingle(memoryLoop(2 ** c.log).image, config);
  return measureSharded(memoryLoop(2 ** c.runLog).image, config, 2 ** c.shardLog);
}

const n = (x: number) => x.toLocaleString('en-US');
const mib = (x: number) => `${n(Math.round(x))} MiB`;

async function main(): Promise<void> {
  const noZk = process.argv.includes('--no-zk');
  const at = process.argv.indexOf('--case');
  if (at >= 0) {
    process.send!(await child(JSON.parse(process.argv[at + 1]!) as Case, noZk));
    return;
  }
  const runs = logList('--runs', '20-25', 10, 31);
  const shards = logList('--shards', '18-21', 10, 22);
  const single = !process.argv.includes('--no-single');
  const out = stringOption('--out', 'shards');
  const passOn = noZk ? ['--no-zk'] : [];
  const provenance = provenanceNotes();

  const singles = new Map<number, SingleMeasurement>();
  if (single) {
    for (const log of shards.filter((s) => 2 ** s <= MAX_PROVE_CYCLES && runs.some((r) => r >= s))) {
      const s = await forkCase<SingleMeasurement>(SCRIPT, [...passOn, '--case', JSON.stringify({ kind: 'single', log })]);
      singles.set(log, s);
      console.log(`single proof 2^${log}: ${n(s.cycles)} cycles, ${(s.proveMs / 1000).toFixed(1)} s, ${mib(s.maxRssMiB)}`);
    }
  }
  const rows: string[][] = [];
  for (const runLog of runs) {
    for (const shardLog of shards.filter((s) => s <= runLog)) {
      const m = await forkCase<ShardedMeasurement>(SCRIPT, [...passOn, '--case', JSON.stringify({ kind: 'sharded', runLog, shardLog })]);
      const rate = m.cycles / m.proveMs; // kHz
      const perM = 1e6 / m.cycles;
      const s = singles.get(shardLog);
      const sRate = s ? s.cycles / s.proveMs : undefined;
      const row = [
        `2^${runLog}`,
        `2^${shardLog}`,
        n(m.cycles),
        String(m.shards),
        (m.proveMs / 1000).toFixed(1),
        rate.toFixed(1),
        `${(m.commitMs / 1000).toFixed(1)} / ${(m.proveShardsMs / 1000).toFixed(1)}`,
        mib(m.maxRssMiB),
        `${n(Math.round(m.proofBytes / 1024))} (${n(Math.round((m.proofBytes * perM) / 1024))})`,
        `${m.verifyColdMs.toFixed(0)} / ${m.verifyWarmMs.toFixed(0)} (${(m.verifyWarmMs * perM).toFixed(0)})`,
        sRate === undefined ? '—' : `${sRate.toFixed(1)} (${mib(s!.maxRssMiB)})`,
        sRate === undefined ? '—' : (rate / sRate).toFixed(2),
      ];
      rows.push(row);
      console.log(row.join(' | '));
    }
  }
  writeResults(
    out,
    'Continuations benchmark: runs proven in shards',
    [
      `Command: \`${['node dist/bench/shards.js', ...process.argv.slice(2)].join(' ')}\` — each measurement in a fresh process with kernel threads on ${availableParallelism()} cores, after a small warm-up proof.`,
      ...provenance,
      `Configuration: the default preset (20 PoW bits, log blowup 1, 80 queries; 100 bits), ${noZk ? 'without' : 'with'} zero knowledge.`,
      'Workload: `bench/shard-workload.ts`, a loop over a 16 KiB table (word loads and stores, byte stores, multiply, shifts, compares), sized to at most the run length.',
      'Prove: `proveSharded` wall time (planning run, commit phase, prove phase, its own final verification); rate = cycles / prove time; commit / prove = the two phases summed over the shards.',
      'Peak RSS: the child process\'s kernel maxRSS. Proof: KiB of the shards\' serialized STARK proofs (per million cycles in brackets). Verify: `verifySharded` cold / warm ms (warm per million cycles in brackets).',
      'Single: `proveExecution` of the same workload at the shard\'s length, rate in kHz (its peak RSS); ratio = sharded rate / single rate (target ≥ 0.9).',
    ],
    markdownTable(['run', 'shard', 'cycles', 'shards', 'prove (s)', 'rate (kHz)', 'commit / prove (s)', 'peak RSS', 'proof KiB (per M)', 'verify ms cold / warm (per M)', 'single rate kHz (RSS)', 'ratio'], rows),
  );
}

await main();
