/**
 * Kernel threads on Node: starts `worker_threads` that serve WebAssembly kernel calls over shared memory and
 * installs them as the process's kernel pool (`src/wasm/threads.ts`).
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KernelPool, getKernelPool, setKernelPool } from '../wasm/threads.js';
import { canShareMemory } from '../wasm/runtime.js';

const workers: Worker[] = [];

/**
 * Starts `threads − 1` workers (default: one per available core, minus this thread) and installs the pool.
 * Idempotent; a no-op where shared memory is unavailable or only one core is. Workers do not keep the
 * process alive.
 * @returns the number of threads kernels now run on
 */
export function enableKernelThreads(threads = availableParallelism()): number {
  const existing = getKernelPool();
  if (existing) return existing.threads;
  if (threads <= 1 || !canShareMemory()) return 1;
  for (let i = 1; i < threads; i++) {
    // execArgv: [] keeps this process's flags (say --input-type, or a test runner's) away from the workers.
    const w = new Worker(new URL('./kernel-worker.js', import.meta.url), { execArgv: [] });
    w.unref();
    // A worker that dies takes no more work: kernels fall back to this thread (nothing is lost, since a
    // worker only receives work once it has reported ready, and a run in progress throws on failure).
    w.on('error', () => setKernelPool(undefined));
    workers.push(w);
  }
  setKernelPool(new KernelPool(workers));
  return threads;
}

/** Uninstalls the pool and stops its workers. */
export async function disableKernelThreads(): Promise<void> {
  setKernelPool(undefined);
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
}
