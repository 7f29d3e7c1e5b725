/**
 * How the CLI turns failures into messages and exit codes.
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';
import { ElfError, VmError } from '../vm/errors.js';
import { ProofFileError, ProofRejectedError } from '../machine/proof-errors.js';
import { ProveError, ShardJobError } from '../sdk/errors.js';
import { DistributedError } from '../distributed/errors.js';
import { InputFileError } from '../sdk/files.js';
import { ToolchainError } from '../toolchain/errors.js';
import { eprintln } from './output.js';

/**
 * Exit code of `zkvm verify` for a rejected proof: malformed, about another program or statement than the
 * one expected, too weak, or invalid. (For `zkvm run` the guest owns every code, 1 included.)
 */
export const EXIT_REJECTED = 1;
/** Exit code for bad usage or bad input files (unreadable file, malformed ELF, bad option value). */
export const EXIT_USAGE = 2;
/**
 * Exit code of `zkvm prove` for a run that executes but cannot be proven: an instruction or system call
 * the prover does not support yet, a run beyond the machine's size bound, or a trace that does not fit the
 * configuration. (A guest fault or the cycle limit is {@link EXIT_VM_ERROR}, as for `zkvm run`.)
 */
export const EXIT_UNPROVABLE = 3;
/**
 * Exit code when the guest faults or hits a limit. Guests own the codes they exit with, so no code is
 * reserved for certain; 134 (as a process killed by SIGABRT) is one no well-behaved guest uses.
 */
export const EXIT_VM_ERROR = 134;

/** Why the command line was refused: bad usage. */
export type UsageErrorCode = 'USAGE';

/** A user error detected by the CLI itself (bad option value, existing output file...). */
export class UsageError extends ZkvmError<UsageErrorCode> {
  override readonly name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
  }
}

/** Prints `e` as one clear line and returns the exit code for it. Unexpected errors keep their stack. */
export function reportError(e: unknown): number {
  if (e instanceof VmError) {
    eprintln(`zkvm: execution error (${e.code}) after ${e.cycles} cycles: ${e.message}`);
    return EXIT_VM_ERROR;
  }
  if (e instanceof ProofRejectedError) {
    eprintln(`zkvm: proof rejected: ${e.message}`);
    return EXIT_REJECTED;
  }
  if (e instanceof ProofFileError) {
    eprintln(`zkvm: proof rejected: malformed proof file (${e.code}): ${e.message}`);
    return EXIT_REJECTED;
  }
  if (e instanceof ProveError) {
    const vm = e.code === 'GUEST_FAULT' || e.code === 'CYCLE_LIMIT';
    const hint = e.code === 'CONFIG' && /zero knowledge/.test(e.message) ? ' (--no-zk proves without zero knowledge)' : '';
    eprintln(`zkvm: cannot prove (${e.code}): ${e.message}${hint}`);
    return vm ? EXIT_VM_ERROR : e.code === 'INTERNAL' ? 70 : EXIT_UNPROVABLE;
  }
  if (e instanceof DistributedError) {
    eprintln(e.code === 'UNREACHABLE' ? `zkvm: ${e.message}` : `zkvm: distributed proving failed (${e.code}): ${e.message}`);
    return e.code === 'NOT_FOUND' || e.code === 'UNREACHABLE' ? EXIT_USAGE : 1;
  }
  if (e instanceof ShardJobError) {
    eprintln(`zkvm: ${e.message}`);
    return EXIT_USAGE;
  }
  if (e instanceof ElfError) {
    eprintln(`zkvm: invalid program: ${e.message}`);
    return EXIT_USAGE;
  }
  if (e instanceof ToolchainError) {
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
