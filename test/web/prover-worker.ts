/**
 * A module Web Worker that proves inside the browser: once on its own thread, once with kernel threads
 * (more Web Workers over shared memory), and reports both proofs' equality and the threaded proof's bytes.
 */
import { wideFibonacciAir, wideFibonacciWitness } from '../../src/examples/wide-fibonacci.js';
import { prove, serializeProof, TEST_STARK_CONFIG } from '../../src/stark/index.js';
import { getKernelPool } from '../../src/wasm/threads.js';
import { enableWebKernelThreads } from '../../src/web/threads.js';
import { WORKER_FIB_COLS, WORKER_FIB_LOG } from './fixture.js';
import type { WorkerProofReport } from './fixture.js';

const scope = globalThis as unknown as { onmessage: () => void; postMessage: (m: WorkerProofReport) => void };

scope.onmessage = async () => {
  const air = wideFibonacciAir(WORKER_FIB_LOG, WORKER_FIB_COLS);
  const witness = () => wideFibonacciWitness(WORKER_FIB_LOG, WORKER_FIB_COLS);
  try {
    const alone = serializeProof(prove(air, witness(), {}, TEST_STARK_CONFIG));
    const threads = enableWebKernelThreads(2);
    const pool = getKernelPool();
    const t0 = performance.now();
    while (pool && pool.readyWorkers() < threads - 1 && performance.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
    const t1 = performance.now();
    const threaded = serializeProof(prove(air, witness(), {}, TEST_STARK_CONFIG));
    const proveMs = performance.now() - t1;
    const identical = alone.length === threaded.length && alone.every((b, i) => b === threaded[i]);
    scope.postMessage({ error: null, threads, ready: pool?.readyWorkers() ?? 0, distributed: pool?.distributed ?? 0, identical, bytes: threaded, proveMs });
  } catch (e) {
    scope.postMessage({ error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e), threads: 0, ready: 0, distributed: 0, identical: false, bytes: null, proveMs: 0 });
  }
};
