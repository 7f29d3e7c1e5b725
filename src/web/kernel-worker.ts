/**
 * Entry script of a browser kernel worker (a module Web Worker; see `src/wasm/threads.ts`).
 * @module
 */
import { serveKernels } from '../wasm/threads.js';

serveKernels((handler) => {
  (globalThis as unknown as { onmessage: (e: MessageEvent) => void }).onmessage = (e) => handler(e.data);
});
