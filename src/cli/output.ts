/**
 * Terminal output helpers for the CLI.
 * @module
 */
import { writeSync } from 'node:fs';

/**
 * Writes all of `bytes` to a file descriptor synchronously, so a guest's stdout and stderr keep their order
 * and nothing is lost if the process exits right after. Retries when a non-blocking pipe is full.
 */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // back off 1 ms, then retry
    }
  }
}

/** Writes a line of text to stderr. */
export function eprintln(text: string): void {
  writeAllSync(2, new TextEncoder().encode(text + '\n'));
}
