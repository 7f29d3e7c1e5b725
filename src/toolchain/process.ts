/**
 * Running the tools of a build: one child process at a time ({@link runProcess}) or a batch with a bounded
 * number in flight ({@link runPool}). Nothing here throws for a tool that fails; callers turn results into
 * `ToolchainError`s with the codes of their build.
 * @module
 */
import { spawn } from 'node:child_process';

/** How long a version or capability probe may take before it counts as "does not run". */
export const PROBE_TIMEOUT_MS = 60_000;

/** The outcome of one child process. */
export interface ProcessResult {
  /** Exit status; null when the process did not start or was killed by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Why the process could not be started (e.g. ENOENT), when it could not. */
  readonly error?: Error;
  /** The process ran past `timeoutMs` and was killed. */
  readonly timedOut: boolean;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  readonly cwd?: string;
  /** The child's environment; default the caller's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the process (SIGKILL) after this long; default no limit. */
  readonly timeoutMs?: number;
  /** Receives standard error as it arrives (cargo's progress lines). */
  readonly onStderr?: (chunk: string) => void;
}

/**
 * Runs `cmd` with `args` (no shell, so no quoting issues) to completion, capturing its output as UTF-8.
 * Never throws: a spawn failure comes back in `error`, a timeout in `timedOut`.
 */
export function runProcess(cmd: string, args: readonly string[], opts: RunProcessOptions = {}): Promise<ProcessResult> {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    // 'error' and 'close' can both fire for one child; the first one wins.
    const finish = (code: number | null, error?: Error): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      done(Object.freeze({ code, stdout, stderr, timedOut, ...(error === undefined ? {} : { error }) }));
    };
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (opts.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, opts.timeoutMs);
    }
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      opts.onStderr?.(s);
    });
    child.on('error', (error) => finish(null, error));
    child.on('close', (code) => finish(code));
  });
}

/** What a failed process said, for an error message: the spawn error, or its standard error. */
export function failureDetail(r: ProcessResult): string {
  return r.error !== undefined ? r.error.message : r.stderr.trimEnd();
}

/** Runs `tasks` with at most `limit` in flight; the results are in input order. */
export async function runPool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}
