/**
 * `zkvm prove PROGRAM.elf -o PROOF`: runs a guest and writes a proof file of the run (program id, exit
 * code, public input and output; never the private input), then prints a summary — cycles, shards, prove
 * time, proof size, security — as text or, with `--json`, as one JSON object on stdout. Progress goes to
 * stderr, and only when stderr is a terminal.
 *
 * Sharding is transparent (`sdk/prove.ts`): a run of at most `--shard-cycles` cycles gets a single
 * proof, a longer one a sharded proof. With `--json`, a sharded run first prints one JSON line per shard
 * and phase, `{"event":"shard","phase":"commit"|"prove","index","count","cycles","ms"}`, as it goes; the
 * summary is always the last line.
 * @module
 */
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { printOutcome } from '../output.js';
import { basename, dirname, join } from 'node:path';
import { looksLikeProofFile, MAX_SHARD_CYCLES, MIN_SHARD_CYCLES, prove, ProveError, readInputFile, loadProgramFile } from '../../sdk/index.js';
import type { ProveResult } from '../../sdk/index.js';
import { presetOf, securityJson, securityText } from '../security.js';
import { enableKernelThreads } from '../../sdk/threads.js';
import { parseCount, UsageError } from '../errors.js';
import { ProveProgressBar } from '../progress.js';

/** Options of `zkvm prove`. */
export interface ProveCommandOptions {
  output: string;
  privateInput?: string;
  publicInput?: string;
  maxCycles?: string;
  force?: boolean;
  json?: boolean;
  /** Configuration preset name (`--config`, default `default`). */
  config?: string;
  /** commander's negation of `--no-zk` (an alias of `--config default-no-zk`). */
  zk?: boolean;
  /** Hidden: an alias of `--config test` (tests only). */
  testConfig?: boolean;
  /** Cycles per shard (`--shard-cycles`): a power of two in [2^10, 2^22]. */
  shardCycles?: string;
}

/** Parses `--shard-cycles`: a power of two in [MIN_SHARD_CYCLES, MAX_SHARD_CYCLES]. @throws UsageError */
export function parseShardCycles(value: string): number {
  const n = parseCount(value, '--shard-cycles');
  if (n < MIN_SHARD_CYCLES || n > MAX_SHARD_CYCLES || (n & (n - 1)) !== 0) throw new UsageError(`--shard-cycles expects a power of two from 1024 (2^10) to 4194304 (2^22), got '${value}'`);
  return n;
}

/**
 * Refuses to replace a file that is not a proof file unless `--force` was given: the output path may be a
 * typo for one of the user's own files (an ELF, an input). Checked before proving, so nothing is wasted.
 */
export function checkOutput(out: string, force: boolean | undefined): void {
  const dir = dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`cannot write ${out}: ${dir} is not a directory`);
  if (!existsSync(out)) return;
  if (statSync(out).isDirectory()) throw new UsageError(`output ${out} is a directory`);
  if (force) return;
  const head = new Uint8Array(8);
  const fd = openSync(out, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  if (!looksLikeProofFile(head.subarray(0, n))) throw new UsageError(`output ${out} exists and is not a proof file; pass --force to replace it`);
}

/** Writes through a temporary file and a rename, so a failed write never leaves half a proof behind. */
export function writeAtomically(out: string, bytes: Uint8Array): void {
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write proof ${out}: ${(e as Error).message}`);
  }
}

/** The preset the options select: `--config NAME`, or its aliases `--no-zk` and `--test-config`. @throws UsageError */
export function presetNameOf(opts: ProveCommandOptions): string {
  const aliases = [opts.zk === false ? 'default-no-zk' : undefined, opts.testConfig ? 'test' : undefined].filter((x) => x !== undefined);
  const names = new Set([...(opts.config === undefined ? [] : [opts.config]), ...aliases]);
  if (names.size > 1) throw new UsageError(`conflicting configurations: ${[...names].join(', ')}`);
  return [...names][0] ?? 'default';
}

/** The summary's security figures of a proof. */
function resultSecurity(r: ProveResult, name: string) {
  return { report: r.security, preset: name, zeroKnowledge: r.config.zeroKnowledge };
}

/** Runs the command; returns the process exit code. */
export function proveCommand(program: string, opts: ProveCommandOptions): number {
  const image = loadProgramFile(program);
  const privateInput = opts.privateInput === undefined ? undefined : readInputFile(opts.privateInput, 'private input');
  const publicInput = opts.publicInput === undefined ? undefined : readInputFile(opts.publicInput, 'public input');
  const maxCycles = opts.maxCycles === undefined ? undefined : parseCount(opts.maxCycles, '--max-cycles');
  const shardCycles = opts.shardCycles === undefined ? undefined : parseShardCycles(opts.shardCycles);
  checkOutput(opts.output, opts.force);
  const preset = presetOf(presetNameOf(opts));
  enableKernelThreads();
  const bar = new ProveProgressBar();
  let r;
  try {
    r = prove(image, {
      config: preset.config,
      ...(privateInput === undefined ? {} : { privateInput }),
      ...(publicInput === undefined ? {} : { publicInput }),
      ...(maxCycles === undefined ? {} : { maxCycles }),
      ...(shardCycles === undefined ? {} : { shardCycles }),
      onProgress: (p) => bar.update(p),
      onShard: (e) => {
        bar.shard(e);
        if (opts.json) process.stdout.write(JSON.stringify({ event: 'shard', phase: e.phase, index: e.index, count: e.count, cycles: e.cycles, ms: Math.round(e.ms) }) + '\n');
      },
    });
  } catch (e) {
    bar.done();
    if (opts.json && e instanceof ProveError) printOutcome({ proved: false, code: e.code, error: e.message });
    throw e;
  }
  bar.done();
  writeAtomically(opts.output, r.proof);
  printSummary(program, opts, r, preset.name);
  return 0;
}

/** Prints the summary of a proof just written (text, or one JSON object with `--json`); `extra` adds fields and lines. */
export function printSummary(program: string, opts: Pick<ProveCommandOptions, 'output' | 'json'>, r: ProveResult, presetName: string, extra: { json?: Record<string, unknown>; lines?: string[] } = {}): void {
  const s = r.statement;
  const khz = r.cycles / r.proveMs; // cycles per millisecond = kHz
  if (opts.json) {
    const out = {
      proved: true,
      proof: opts.output,
      programId: s.programId,
      exitCode: s.exitCode,
      cycles: r.cycles,
      shards: r.shards,
      shardCycles: r.shardCycles,
      proveMs: Math.round(r.proveMs),
      rateKHz: Number(khz.toFixed(3)),
      proofBytes: r.proof.length,
      ...securityJson(resultSecurity(r, presetName)),
      publicInputBytes: s.publicInput.length,
      publicOutputBytes: s.publicOutput.length,
      ...extra.json,
    };
    printOutcome(out);
    return;
  }
  const n = (x: number) => x.toLocaleString('en-US');
  process.stdout.write(
    [
      `proved ${program}: exit code ${s.exitCode}, ${n(s.publicOutput.length)} bytes of public output`,
      `  cycles      ${n(r.cycles)}`,
      `  shards      ${r.kind === 'single' ? `1 (a single proof; shards of ${n(r.shardCycles)} cycles)` : `${n(r.shards)} of ${n(r.shardCycles)} cycles`}`,
      `  prove time  ${(r.proveMs / 1000).toFixed(2)} s (${khz.toFixed(2)} kHz)`,
      `  proof       ${opts.output} (${n(r.proof.length)} bytes)`,
      `  security    ${securityText(resultSecurity(r, presetName))}`,
      `  program id  ${s.programId}`,
      ...(extra.lines ?? []),
    ].join('\n') + '\n',
  );
}
