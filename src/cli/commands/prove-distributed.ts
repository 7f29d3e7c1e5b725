/**
 * `zkvm prove PROGRAM.elf --redis URL -o PROOF` and `--resume ID`: the coordinator of distributed proving
 * (`src/distributed/coordinator.ts`). Workers (`zkvm worker`) on the same Redis and queue prove the shards;
 * this process plans them, shows per-shard progress on stderr, and writes the verified proof file. The
 * run's id is printed first: after a stop, `--resume ID` continues without proving finished shards again.
 * @module
 */
import { DEFAULT_QUEUE, DEFAULT_REDIS_URL, deleteDistributedRun, proveDistributed, redact as redactUrl, redisConnection, resumeDistributed } from '../../distributed/index.js';
import type { DistributedProgress, DistributedProveResult } from '../../distributed/index.js';
import { programIdHex } from '../../vm/program-id.js';
import { loadProgramFile, readInputFile } from '../../sdk/index.js';
import { parseCount, UsageError } from '../errors.js';
import { eprintln } from '../output.js';
import { presetOf } from '../security.js';
import { checkOutput, parseShardCycles, presetNameOf, printSummary, writeAtomically } from './prove.js';
import type { ProveCommandOptions } from './prove.js';
import { warnIfExposed } from './worker.js';

/** Options of `zkvm prove` for a distributed run. */
export interface DistributedProveCommandOptions extends ProveCommandOptions {
  redis?: string;
  queue?: string;
  resume?: string;
  keep?: boolean;
}

/** One progress line: what changed since the last. */
function progressLine(p: DistributedProgress): string {
  const running = p.running.map((r) => `${r.index} (${r.worker})`).join(', ');
  const workers = p.workers === undefined ? '' : `, ${p.workers} worker(s) connected`;
  return `${p.phase} ${p.done}/${p.count}${running ? ` · running: ${running}` : ''}${workers}`;
}

/** Runs the command; returns the process exit code. */
export async function proveDistributedCommand(program: string, opts: DistributedProveCommandOptions): Promise<number> {
  const redis = opts.redis ?? DEFAULT_REDIS_URL;
  try {
    redisConnection(redis);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const image = loadProgramFile(program);
  checkOutput(opts.output, opts.force);
  const preset = presetOf(presetNameOf(opts));
  warnIfExposed(redis);
  let last = '';
  const onProgress = (p: DistributedProgress) => {
    if (p.note) eprintln(`zkvm: ${p.note}`);
    const line = progressLine(p);
    if (line === last) return;
    last = line;
    if (opts.json) process.stdout.write(JSON.stringify({ event: 'distributed', run: p.run, phase: p.phase, done: p.done, count: p.count, running: p.running, refused: p.refused }) + '\n');
    else eprintln(`zkvm: ${line}`);
  };
  // The run's data stays in Redis until the proof file is written: a failed write loses nothing.
  const coordinator = { redis, queue: opts.queue ?? DEFAULT_QUEUE, onProgress, keep: true };
  let r: DistributedProveResult;
  if (opts.resume !== undefined) {
    for (const [flag, v] of [['--private-input', opts.privateInput], ['--public-input', opts.publicInput], ['--shard-cycles', opts.shardCycles], ['--max-cycles', opts.maxCycles]] as const) {
      if (v !== undefined) throw new UsageError(`${flag} cannot be given with --resume: the run keeps the inputs and sizes it was started with`);
    }
    eprintln(`zkvm: resuming proving job ${opts.resume} on ${redactUrl(redis)}`);
    r = await resumeDistributed(opts.resume, { ...coordinator, programId: programIdHex(image) });
  } else {
    r = await proveDistributed(program, {
      ...coordinator,
      config: preset.config,
      ...(opts.privateInput === undefined ? {} : { privateInput: readInputFile(opts.privateInput, 'private input') }),
      ...(opts.publicInput === undefined ? {} : { publicInput: readInputFile(opts.publicInput, 'public input') }),
      ...(opts.maxCycles === undefined ? {} : { maxCycles: parseCount(opts.maxCycles, '--max-cycles') }),
      ...(opts.shardCycles === undefined ? {} : { shardCycles: parseShardCycles(opts.shardCycles) }),
    });
  }
  writeAtomically(opts.output, r.proof);
  if (!opts.keep) await deleteDistributedRun(r.run, coordinator);
  printSummary(program, opts, r, r.preset ?? preset.name, {
    json: { run: r.run, refused: r.refused, specBytes: r.bytes.spec, resultBytes: r.bytes.results },
    lines: [`  proving job ${r.run} (${r.refused} result(s) refused)`],
  });
  return 0;
}
