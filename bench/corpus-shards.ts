/**
 * The corpus guests too long for one proof, proven in shards: each guest of `guest/corpus` whose run is
 * longer than MAX_PROVE_CYCLES (or those named) is proven with `proveSharded`, in its own child process,
 * and the proof is verified against the claim `execute` gives (exactly what `zkvm run` prints: exit code
 * and public output on the guest's committed inputs). Run after `npm run build`:
 *   node dist/bench/corpus-shards.js [--guests hashmap,sieve | --all] [--shard-log 19] [--config default|test] [--out corpus-shards]
 * `--config test` is the configuration of the CI corpus test (`test/machine/corpus-prove.test.ts`): use
 * it to judge whether a guest proves in CI time.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SHARD_CYCLES, MAX_PROVE_CYCLES } from '../src/machine/index.js';
import { DEFAULT_PROVE_CONFIG, execute, loadProgramFile, TEST_STARK_CONFIG } from '../src/sdk/index.js';
import { forkCase, markdownTable, provenanceNotes, REPO_ROOT, writeResults } from './util.js';
import { measureSharded, warmUp } from './shard-measure.js';
import type { ShardedMeasurement } from './shard-measure.js';

const SCRIPT = fileURLToPath(import.meta.url);
const CORPUS = join(REPO_ROOT, 'guest', 'corpus');
/** The corpus test's bound on a guest's run (`test/corpus.test.ts`). */
const MAX_CYCLES = 100_000_000;

/** A guest's program and committed inputs, as `zkvm run` and the corpus tests take them. */
function guest(name: string) {
  const dir = join(CORPUS, name);
  const read = (f: string) => (existsSync(join(dir, f)) ? new Uint8Array(readFileSync(join(dir, f))) : new Uint8Array(0));
  return { image: loadProgramFile(join(dir, `${name}.elf`)), inputs: { publicInput: read('public.bin'), privateInput: read('private.bin') } };
}

/** One child's result: the measurement and whether the proven output is `execute`'s, byte for byte. */
type GuestResult = { readonly name: string; readonly m: ShardedMeasurement; readonly outputBytes: number; readonly sameOutput: boolean } | { readonly name: string; readonly error: string };

async function child(name: string, shardCycles: number, test: boolean): Promise<GuestResult> {
  const config = test ? TEST_STARK_CONFIG : DEFAULT_PROVE_CONFIG;
  await warmUp(config);
  const { image, inputs } = guest(name);
  const ref = execute(image, { ...inputs, mode: 'fast', maxCycles: MAX_CYCLES });
  // Verified against execute's claim, not the prover's statement: the proof is about what `zkvm run` printed.
  const claim = { exitCode: ref.exitCode, publicInput: inputs.publicInput, publicOutput: ref.publicOutput };
  let m: ShardedMeasurement;
  try {
    m = measureSharded(image, config, shardCycles, inputs, claim, test ? 0 : undefined);
  } catch (e) {
    // Reported, not thrown: one failing guest should not hide the others' results.
    const err = e as Error & { code?: string };
    return { name, error: `${err.code ?? err.name}: ${err.message}` };
  }
  const sameOutput = m.exitCode === ref.exitCode && m.cycles === ref.cycles && Buffer.from(m.publicOutput).equals(Buffer.from(ref.publicOutput));
  return { name, m, outputBytes: ref.publicOutput.length, sameOutput };
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

function shardLog(): number {
  const text = option('--shard-log');
  const v = text === undefined ? Math.log2(DEFAULT_SHARD_CYCLES) : Number(text);
  if (!Number.isInteger(v) || v < 10 || v > 22) throw new Error(`--shard-log expects an integer in [10, 22], not ${text}`);
  return v;
}

/** The guests to prove: those named, all, or (default) every guest longer than one proof covers. */
function selectGuests(): string[] {
  const all = readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(CORPUS, d.name, `${d.name}.elf`)))
    .map((d) => d.name)
    .sort();
  const named = option('--guests');
  if (named !== undefined) {
    const list = named.split(',');
    const unknown = list.filter((g) => !all.includes(g));
    if (unknown.length > 0) throw new Error(`no such corpus guest: ${unknown.join(', ')}`);
    return list;
  }
  if (process.argv.includes('--all')) return all;
  return all.filter((name) => {
    const { image, inputs } = guest(name);
    return execute(image, { ...inputs, mode: 'fast', maxCycles: MAX_CYCLES }).cycles > MAX_PROVE_CYCLES;
  });
}

const n = (x: number) => x.toLocaleString('en-US');

async function main(): Promise<void> {
  const log = shardLog();
  const configName = option('--config') ?? 'default';
  if (configName !== 'default' && configName !== 'test') throw new Error(`--config expects default or test, not ${configName}`);
  const test = configName === 'test';
  const at = process.argv.indexOf('--case');
  if (at >= 0) {
    process.send!(await child(process.argv[at + 1]!, 2 ** log, test));
    return;
  }
  const provenance = provenanceNotes();
  const rows: string[][] = [];
  let failures = 0;
  for (const name of selectGuests()) {
    const r = await forkCase<GuestResult>(SCRIPT, ['--shard-log', String(log), '--config', configName, '--case', name]);
    if ('error' in r) {
      failures++;
      rows.push([name, ...Array<string>(7).fill('—'), `FAILED: ${r.error}`]);
      console.log(`${name}: FAILED: ${r.error}`);
      continue;
    }
    const m = r.m;
    if (!r.sameOutput) failures++;
    const row = [
      name,
      n(m.cycles),
      String(m.shards),
      (m.proveMs / 1000).toFixed(1),
      (m.cycles / m.proveMs).toFixed(1),
      `${n(Math.round(m.maxRssMiB))} MiB`,
      n(Math.round(m.proofBytes / 1024)),
      `${m.verifyColdMs.toFixed(0)} / ${m.verifyWarmMs.toFixed(0)}`,
      `${r.sameOutput ? 'yes' : 'NO'} (${n(r.outputBytes)} B)`,
    ];
    rows.push(row);
    console.log(row.join(' | '));
  }
  writeResults(
    option('--out') ?? 'corpus-shards',
    'Corpus guests proven in shards',
    [
      `Command: \`${['node dist/bench/corpus-shards.js', ...process.argv.slice(2)].join(' ')}\` — each guest in a fresh process with kernel threads on ${availableParallelism()} cores, after a small warm-up proof.`,
      ...provenance,
      `Configuration: ${test ? 'the test configuration (that of the CI corpus test; no zero knowledge, few queries)' : 'the default preset (100 bits, zero knowledge)'}; shards of 2^${log} cycles.`,
      'Each guest runs on its committed inputs (public.bin, private.bin); the proof is verified against the exit code and public output `execute` gives (what `zkvm run` prints), and "same output" also compares the prover\'s statement and cycle count with that run.',
      'Prove: `proveSharded` wall time (planning run, both phases, its own final verification); rate in kHz. Peak RSS: the child\'s kernel maxRSS. Proof: KiB of the serialized shard proofs. Verify: cold / warm ms.',
    ],
    markdownTable(['guest', 'cycles', 'shards', 'prove (s)', 'rate (kHz)', 'peak RSS', 'proof (KiB)', 'verify cold / warm (ms)', 'same output'], rows),
  );
  if (failures > 0) throw new Error(`${failures} guest(s) failed to prove, to verify, or proved an output other than execute's`);
}

await main();
