/**
 * Distributed-proving benchmark (`npm run bench:distributed`): one run proven in shards three ways, each
 * through the CLI as a user would — in process (`zkvm prove --shard-cycles`), by one worker and by two
 * (`zkvm worker` + `zkvm prove --redis`) — on a Redis of its own (loopback, a free port, a temp dir). Then
 * a worker is killed (SIGKILL) at the start of a shard proof and the time until another worker starts the
 * same job is measured, at the default lock and at `--lock-ms 2000`.
 *
 *   node dist/bench/distributed.js [--run 18] [--shard 16] [--config default]
 *
 * Columns: wall time of the prove command, rate, overhead against the in-process prover; the workers'
 * job time (commit and prove jobs summed, from their logs); the coordinator's CPU time; bytes through Redis
 * per shard (the spec each job reads, the digests each proof job reads, the results sent back).
 * On this 2-core machine two workers share the cores, so no speed-up is expected: the table shows what
 * the queue costs.
 * @module
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageToElf } from '../test/util/elf-writer.js';
import { BIN, killAtFirstProof, ownRedis, startWorkerProc, stopWorkers, until } from '../test/distributed/helpers.js';
import type { WorkerProc } from '../test/distributed/helpers.js';
import { markdownTable, provenanceNotes, writeResults } from './util.js';
import { memoryLoop } from './shard-workload.js';

function numberOption(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}
function stringOption(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : (process.argv[at + 1] ?? fallback);
}

interface ProveRun {
  readonly wallMs: number;
  readonly proveMs: number;
  readonly json: Record<string, unknown>;
}

/** Runs `zkvm ARGS --json` and returns its summary and wall time. */
function zkvmProve(args: readonly string[]): Promise<ProveRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child: ChildProcess = spawn(process.execPath, [BIN, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => {
      const wallMs = performance.now() - t0;
      if (code !== 0) return reject(new Error(`zkvm ${args.join(' ')} exited ${code}:\n${err}`));
      const last = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
      resolve({ wallMs, proveMs: Number(last.proveMs), json: last });
    });
  });
}

/** Sum of the workers' job times (ms) for one run, from their logs. */
function jobMs(workers: readonly WorkerProc[], run: string): { commit: number; prove: number; jobs: number; firstCommit: number; lastCommit: number } {
  let commit = 0;
  let prove = 0;
  let jobs = 0;
  let firstCommit = 0;
  let lastCommit = 0;
  let last = 0;
  for (const w of workers) {
    for (const e of w.events()) {
      if (e.type !== 'done' || !e.job?.startsWith(run)) continue;
      jobs++;
      if (e.phase === 'commit') {
        commit += e.ms!;
        if (e.index === 1) firstCommit = e.ms!;
        if (e.index! > last) (last = e.index!), (lastCommit = e.ms!);
      } else prove += e.ms!;
    }
  }
  return { commit, prove, jobs, firstCommit, lastCommit };
}

async function killLatency(url: string, queue: string, elf: string, proveArgs: readonly string[], lockMs: number | undefined): Promise<number> {
  const workers = await Promise.all([startWorkerProc(url, queue, [], lockMs ?? 10_000), startWorkerProc(url, queue, [], lockMs ?? 10_000)]);
  const [a, b] = workers as [WorkerProc, WorkerProc];
  const watch = killAtFirstProof(a);
  try {
    const proving = zkvmProve(['prove', elf, ...proveArgs, '--redis', url, '--queue', queue, '-o', join(tmpdir(), `zkvm-bench-kill-${process.pid}.proof`), '--force']);
    let retakenAt = 0;
    await until(() => {
      const killed = watch.killed()?.job;
      if (!killed) return false;
      const hit = b.events().some((e) => e.type === 'start' && e.job === killed);
      if (hit && retakenAt === 0) retakenAt = performance.now();
      return hit;
    }, 600_000, 'the killed job to be taken again');
    await proving;
    return retakenAt - watch.killed()!.at;
  } finally {
    watch.stop();
    await stopWorkers(workers);
  }
}

async function main(): Promise<void> {
  const runLog = numberOption('--run', 18);
  const shardLog = numberOption('--shard', 16);
  const config = stringOption('--config', 'default');
  const dir = mkdtempSync(join(tmpdir(), 'zkvm-bench-dist-'));
  const workload = memoryLoop(2 ** runLog);
  const elf = join(dir, 'workload.elf');
  writeFileSync(elf, imageToElf(workload.image));
  const redis = await ownRedis();
  const configArgs = config === 'test' ? ['--test-config'] : ['--config', config];
  const proveArgs = ['--shard-cycles', String(2 ** shardLog), ...configArgs];
  const rows: string[][] = [];
  const n = (x: number) => x.toLocaleString('en-US');
  try {
    console.log(`in process: ${n(workload.cycles)} cycles in shards of 2^${shardLog}`);
    const local = await zkvmProve(['prove', elf, ...proveArgs, '-o', join(dir, 'local.proof')]);
    const shards = Number(local.json.shards);
    rows.push(['in process', String(shards), (local.wallMs / 1000).toFixed(1), (workload.cycles / local.wallMs).toFixed(1), '-', '-', '-', '-', '-']);
    for (const count of [1, 2]) {
      const queue = `bench-${count}`;
      const workers = await Promise.all(Array.from({ length: count }, () => startWorkerProc(redis.url, queue)));
      try {
        console.log(`${count} worker(s)`);
        const r = await zkvmProve(['prove', elf, ...proveArgs, '--redis', redis.url, '--queue', queue, '-o', join(dir, `w${count}.proof`)]);
        const jobs = jobMs(workers, String(r.json.run));
        const specBytes = Number(r.json.specBytes);
        const perShard = (2 * specBytes + 32 * shards + Number(r.json.resultBytes) / shards) / 1024;
        rows.push([
          `${count} worker${count > 1 ? 's' : ''}`,
          String(shards),
          (r.wallMs / 1000).toFixed(1),
          (workload.cycles / r.wallMs).toFixed(1),
          `${((r.wallMs / local.wallMs - 1) * 100).toFixed(1)} %`,
          `${(jobs.commit / 1000).toFixed(1)} / ${(jobs.prove / 1000).toFixed(1)} (${jobs.jobs} jobs)`,
          `${(jobs.firstCommit / 1000).toFixed(2)} → ${(jobs.lastCommit / 1000).toFixed(2)}`,
          `${n(Math.round(specBytes / 1024))} KiB spec, ${n(Math.round(Number(r.json.resultBytes) / shards / 1024))} KiB result`,
          `${n(Math.round(perShard))} KiB`,
        ]);
      } finally {
        await stopWorkers(workers);
      }
    }
    console.log('killing a worker (default lock, 10 s)');
    const slow = await killLatency(redis.url, 'bench-kill-10', elf, proveArgs, undefined);
    console.log('killing a worker (--lock-ms 2000)');
    const fast = await killLatency(redis.url, 'bench-kill-2', elf, proveArgs, 2000);
    const table = markdownTable(['prover', 'shards', 'wall (s)', 'rate (kHz)', 'overhead', 'worker job time commit / prove (s)', 'commit job, shard 1 → last (s)', 'spec, result per shard', 'Redis bytes per shard'], rows);
    writeResults(
      'distributed',
      'Distributed proving benchmark: in process vs one and two workers',
      [
        `Command: \`node dist/bench/distributed.js --run ${runLog} --shard ${shardLog} --config ${config}\` — every prover is the CLI in its own process; kernel threads on 2 cores in each.`,
        ...provenanceNotes(),
        `Workload: \`bench/shard-workload.ts\` at ${n(workload.cycles)} cycles, shards of 2^${shardLog}; configuration \`${config}\`.`,
        'Wall: the `zkvm prove` process from start to exit (planning, Redis, all shards, final verification); overhead = wall / in-process wall − 1.',
        'Worker job time: the commit and prove jobs summed over all workers (a worker streams the run: it builds the witnesses before its shard once per phase, `src/distributed/phase-thread.ts`).',
        'Commit job, shard 1 → last: with streams the last shard\'s job costs what the first does (without them it would rebuild every earlier witness first); the first includes the phase thread\'s warm-up.',
        'Redis bytes per shard: 2 spec reads (commit and prove job) + 32 bytes per shard of digests + the shard\'s two results (commitment and proof).',
        `Killed worker → job taken again by the other worker: ${(slow / 1000).toFixed(1)} s at the default lock (10 s), ${(fast / 1000).toFixed(1)} s at \`--lock-ms 2000\` (BullMQ: the lock must expire, then the next stalled-job check moves the job back).`,
      ],
      table,
    );
  } finally {
    await redis.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
