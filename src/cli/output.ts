/**
 * Terminal output helpers for the CLI.
 * @module
 */
import { writeSync } from 'node:fs';

/** Exit status when stdout or stderr is a closed pipe: a native process dies of SIGPIPE, which shells report as 141. */
export const EXIT_BROKEN_PIPE = 141;

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
      // The reader went away (`zkvm run … | head`): stop quietly with a broken pipe's status, as a native
      // process killed by SIGPIPE would (128 + 13), instead of an error and a stack trace.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // back off 1 ms, then retry
    }
  }
}

/** Writes a line of text to stderr. */
export function eprintln(text: string): void {
  writeAllSync(2, new TextEncoder().encode(text + '\n'));
}

/** Makes a closed stdout or stderr end the process quietly (status 141) for the asynchronous writes too. */
export function exitOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
      throw e;
    });
  }
}

let outcomeWritten = false;

/**
 * Prints a command's outcome (its summary, or why it failed) as one JSON line on stdout, for `--json`.
 * `main` prints one for any failure no command printed, so every `--json` run ends with exactly one.
 */
export function printOutcome(outcome: object): void {
  outcomeWritten = true;
  process.stdout.write(JSON.stringify(outcome) + '\n');
}

/** Whether a command already printed its outcome. */
export function outcomePrinted(): boolean {
  return outcomeWritten;
}
