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
import { checkSizes, machineAir, machineMinLogSize, machineProgram, machineStatement } from './air.js';
import type { ExecutionClaim, MachineSizes } from './air.js';
import { MachineError } from './errors.js';
import { toWitness, traceFromExecution } from './witness.js';

/** A proof of a run: the STARK proof and the execution-component sizes it was made for. */
export interface MachineProof {
  readonly sizes: MachineSizes;
  readonly proof: StarkProof;
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
  const t = traceFromExecution(image, result, machineProgram(image, machineMinLogSize(config)), { publicInput: options.execute?.publicInput, privateInput: options.execute?.privateInput });
  const claim: ExecutionClaim = Object.freeze({
    exitCode: result.exitCode,
    publicInput: Uint8Array.from(options.execute?.publicInput ?? []),
    publicOutput: Uint8Array.from(result.publicOutput),
  });
  const proof = prove(t.air, toWitness(t), machineStatement(image, claim), config, options.prove);
  return { claim, proof: Object.freeze({ sizes: t.sizes, proof }) };
}

/** Options of {@link verifyExecution}. */
export interface VerifyExecutionOptions {
  /** Minimum conjectured security in bits (passed to the STARK verifier). */
  readonly minSecurityBits?: number;
}

/**
 * Verifies that `image`, run to its exit on `claim.publicInput`, wrote `claim.publicOutput` and exited
 * with `claim.exitCode`.
 * @throws VerificationError on any failure (`INVALID_INPUT` for malformed sizes or claim)
 */
export function verifyExecution(image: ElfImage, claim: ExecutionClaim, proof: MachineProof, config: StarkConfig, options: VerifyExecutionOptions = {}): void {
  let statement: Statement;
  let air;
  try {
    if (!proof || typeof proof !== 'object') throw new MachineError('INVALID_INPUT', 'proof must be an object');
    checkSizes(proof.sizes);
    air = machineAir(machineProgram(image, machineMinLogSize(config)), proof.sizes);
    statement = machineStatement(image, claim);
  } catch (e) {
    if (e instanceof MachineError) throw new VerificationError('INVALID_INPUT', e.message, { cause: e });
    throw e;
  }
  // The verifier commits the program's preprocessed columns itself (note §4 "program identity": later
  // this becomes a root derived once per program and carried in its id).
  const root = preprocessedRoot(air, config);
  verify(air, statement, proof.proof, config, { preprocessedRoot: root, ...(options.minSecurityBits === undefined ? {} : { minSecurityBits: options.minSecurityBits }) });
}
