/**
 * How the CLI turns failures into messages and exit codes.
 * @module
 */
import { ElfError, VmError } from '../vm/errors.js';
import { InputFileError } from '../sdk/index.js';
import { ToolchainError, RustToolchainError } from '../sdk/toolchain.js';
import { eprintln } from './output.js';

/** Exit code for bad usage or bad input files (unreadable file, malformed ELF, bad option value). */
export const EXIT_USAGE = 2;
/**
 * Exit code when the guest faults or hits a limit. Guests own the codes they exit with, so no code is
 * reserved for certain; 134 (as a process killed by SIGABRT) is one no well-behaved guest uses.
 */
export const EXIT_VM_ERROR = 134;

/** A user error detected by the CLI itself (bad option value, existing output file...). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Prints `e` as one clear line and returns the exit code for it. Unexpected errors keep their stack. */
export function reportError(e: unknown): number {
  if (e instanceof VmError) {
    eprintln(`zkvm: execution error (${e.code}) after ${e.cycles} cycles: ${e.message}`);
    return EXIT_VM_ERROR;
  }
  if (e instanceof ElfError) {
    eprintln(`zkvm: invalid program: ${e.message}`);
    return EXIT_USAGE;
  }
  if (e instanceof ToolchainError || e instanceof RustToolchainError) {
    eprintln(`zkvm: build failed: ${e.message}`);
    if (e.stderr && !e.message.includes(e.stderr.trim())) eprintln(e.stderr.trimEnd());
    return 1;
  }
  if (e instanceof InputFileError || e instanceof UsageError) {
    eprintln(`zkvm: ${e.message}`);
    return EXIT_USAGE;
  }
  eprintln(`zkvm: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return 70; // EX_SOFTWARE: a bug in zkvm, not in the guest or its inputs
}

/** Parses a non-negative integer option (`1000000`, `1e9`, `2^24`, `1_000_000`). */
export function parseCount(value: string, option: string): number {
  const v = value.replace(/_/g, '');
  const m = /^2\^(\d+)$/.exec(v);
  const n = m ? 2 ** Number(m[1]) : Number(v);
  if (!/^[0-9.e^+]+$/i.test(v) || !Number.isSafeInteger(n) || n < 0)
    throw new UsageError(`${option} expects a non-negative integer, got '${value}'`);
  return n;
}
