/**
 * Proving and verifying runs of a program: {@link proveExecution} executes the program (traced), builds
 * the witness and proves it; {@link verifyExecution} rebuilds the machine AIR from the program and the
 * claimed component sizes and checks the proof against the statement (program id, exit code).
 * @module
 */
import type { Statement } from '../air/verifier.js';
import { preprocessedRoot, prove, verify, VerificationError } from '../stark/index.js';
import type { ProveOptions, StarkConfig, StarkProof } from '../stark/index.js';
import type { ElfImage } from '../vm/elf.js';
import { execute } from '../vm/executor.js';
import type { ExecuteOptions } from '../vm/executor.js';
import { checkSizes, machineAir, machineStatement } from './air.js';
import type { MachineSizes } from './air.js';
import { MachineError } from './errors.js';
import { programTable } from './program-table.js';
import { toWitness, traceFromExecution } from './witness.js';

/** A proof of a run: the STARK proof and the execution-component sizes it was made for. */
export interface MachineProof {
  readonly sizes: MachineSizes;
  readonly proof: StarkProof;
}

/** What a proof claims about a run of a program. */
export interface ExecutionClaim {
  /** The exit code, as a signed or unsigned 32-bit value (compared modulo 2^32). */
  readonly exitCode: number;
}

/** Options of {@link proveExecution}. */
export interface ProveExecutionOptions {
  readonly execute?: Omit<ExecuteOptions, 'mode' | 'trace' | 'onTraceChunk'>;
  readonly prove?: ProveOptions;
}

/**
 * Runs `image` (traced) and proves the run.
 * @throws VmError for a faulting guest; MachineError `UNSUPPORTED` for instructions without a component
 */
export function proveExecution(image: ElfImage, config: StarkConfig, options: ProveExecutionOptions = {}): { claim: ExecutionClaim; proof: MachineProof } {
  const result = execute(image, { ...options.execute, mode: 'traced' });
  const t = traceFromExecution(image, result);
  const statement = machineStatement(image, t.exitCode);
  const proof = prove(t.air, toWitness(t), statement, config, options.prove);
  return { claim: Object.freeze({ exitCode: result.exitCode }), proof: Object.freeze({ sizes: t.sizes, proof }) };
}

/** Options of {@link verifyExecution}. */
export interface VerifyExecutionOptions {
  /** Minimum conjectured security in bits (passed to the STARK verifier). */
  readonly minSecurityBits?: number;
}

/**
 * Verifies that `image`, run to its exit, exits with `claim.exitCode`.
 * @throws VerificationError on any failure (`INVALID_INPUT` for malformed sizes or claim)
 */
export function verifyExecution(image: ElfImage, claim: ExecutionClaim, proof: MachineProof, config: StarkConfig, options: VerifyExecutionOptions = {}): void {
  let statement: Statement;
  let air;
  try {
    if (!claim || !Number.isInteger(claim.exitCode) || claim.exitCode < -(2 ** 31) || claim.exitCode >= 2 ** 32) {
      throw new MachineError('INVALID_INPUT', 'claim.exitCode must be a 32-bit integer');
    }
    if (!proof || typeof proof !== 'object') throw new MachineError('INVALID_INPUT', 'proof must be an object');
    checkSizes(proof.sizes);
    air = machineAir(programTable(image), proof.sizes);
    statement = machineStatement(image, claim.exitCode);
  } catch (e) {
    if (e instanceof MachineError) throw new VerificationError('INVALID_INPUT', e.message, { cause: e });
    throw e;
  }
  // The verifier commits the program's preprocessed columns itself (note §4 "program identity": later
  // this becomes a root derived once per program and carried in its id).
  const root = preprocessedRoot(air, config);
  verify(air, statement, proof.proof, config, { preprocessedRoot: root, ...(options.minSecurityBits === undefined ? {} : { minSecurityBits: options.minSecurityBits }) });
}
