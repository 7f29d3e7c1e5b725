/**
 * Kernel threads in browsers: module Web Workers serving WebAssembly kernel calls over shared memory.
 *
 * The page must be cross-origin isolated (COOP/COEP headers) for shared memory, and the prover should run
 * in a worker itself: a page's main thread may not block, so there the pool's work stays on that thread.
 * @module
 */
import { KernelPool, getKernelPool, setKernelPool } from '../wasm/threads.js';
import { canShareMemory } from '../wasm/runtime.js';

/**
 * Starts `threads − 1` kernel workers (default: `navigator.hardwareConcurrency`) and installs the pool.
 * Idempotent; a no-op without shared memory.
 * @returns the number of threads kernels may run on (workers join as they finish starting)
 */
export function enableWebKernelThreads(threads = globalThis.navigator?.hardwareConcurrency ?? 1): number {
  const existing = getKernelPool();
  if (existing) return existing.threads;
  if (threads <= 1 || !canShareMemory()) return 1;
  const workers = Array.from({ length: threads - 1 }, () => new Worker(new URL('./kernel-worker.js', import.meta.url), { type: 'module' }));
  setKernelPool(new KernelPool(workers));
  return threads;
}
