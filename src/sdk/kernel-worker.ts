/**
 * Entry script of a Node kernel worker (see `src/wasm/threads.ts`).
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { serveKernels } from '../wasm/threads.js';

if (parentPort) {
  const port = parentPort;
  serveKernels((handler) => port.on('message', handler));
}
