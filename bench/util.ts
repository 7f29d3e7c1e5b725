/**
 * What every benchmark shares: timing with a warm-up and medians, a description of the machine, and
 * writing the latest results as a Markdown table to bench/results/.
 */
import { fork, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (benchmarks run compiled, from dist/bench/). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** [median, best] milliseconds of `runs` timed calls of `fn` after one untimed warm-up call. */
export function timeRuns(fn: () => void, runs: number): [number, number] {
  fn();
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return [median(ts), Math.min(...ts)];
}

/** One line naming the CPU, cores, memory, OS and Node version, plus the load average when it started. */
export function machineLine(): string {
  const cpu = cpus();
  return (
    `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `${platform()} ${release()}, Node ${process.version}; 1-minute load average ${loadavg()[0]!.toFixed(2)}`
  );
}

/** A Markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/**
 * Prints and writes `bench/results/NAME.md`: a title, the machine and date, free-form notes, the table.
 * @returns the path written
 */
export function writeResults(name: string, title: string, notes: readonly string[], table: string): string {
  const text = [`# ${title}`, '', `Machine: ${machineLine()}  `, `Date: ${new Date().toISOString().slice(0, 10)}  `, ...notes.map((n) => `${n}  `), '', table, ''].join('\n');
  const target = join(REPO_ROOT, 'bench', 'results', `${name}.md`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`\n${text}\nwrote ${target}`);
  return target;
}

/**
 * Lines saying when and on what a result was taken beyond {@link machineLine}: `uptime` (the load while
 * the run starts: other work on the machine skews timings) and the commit measured, marked when the work
 * tree differs from it.
 */
export function provenanceNotes(): string[] {
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const commit = run('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no']);
  return [
    `Load at start (\`uptime\`): ${run('uptime', []) ?? 'unavailable'}`,
    `Commit: ${commit ?? 'unknown'}${dirty ? ' (work tree modified)' : ''}`,
  ];
}

/**
 * Runs this script again as a child process with `args` and resolves with the one message it sends, so
 * that every measurement has its own process (its peak memory is its own, no JIT or heap state carries
 * over). Rejects if the child exits without a message or with a non-zero status.
 */
export function forkCase<T>(script: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    let answer: T | undefined;
    const child = fork(script, [...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m) => (answer = m as T));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && answer !== undefined) resolve(answer);
      else reject(new Error(`${args.join(' ')}: the child exited with ${code ?? signal}${answer === undefined ? ' and no result' : ''}`));
    });
  });
}
