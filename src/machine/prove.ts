/**
 * Proving and verifying runs of a program: {@link proveExecution} executes the program (traced), builds
 * the witness and proves it; {@link verifyExecution} rebuilds the machine AIR from the program and the
 * claimed component sizes and checks the proof against the statement (program id, exit code).
 * @module
 */
import type { Air, Statement } from '../air/verifier.js';
import type { Witness } from '../air/witness.js';
import { preprocessedRoot, prove, verify, VerificationError } from '../stark/index.js';
import type { ProveOptions, StarkConfig, StarkProof } from '../stark/index.js';
import type { ElfImage } from '../vm/elf.js';
import { execute } from '../vm/executor.js';
import type { ExecuteOptions } from '../vm/executor.js';
import { checkSizes, machineAir, machineProgram, machineStatement } from './air.js';
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
  /**
   * STARK prover options. `check` defaults to false here: {@link proveChecked} verifies the finished proof
   * instead (the row-by-row witness check costs over ten times more); set it to also check first (its
   * error names the failing constraint and row).
   */
  readonly prove?: ProveOptions;
}

/**
 * Proves `witness` and verifies the proof before returning it, so that a witness-builder bug surfaces as
 * an error rather than as a proof that no verifier accepts. The verification is as strong as the
 * witness check for this purpose at any configuration: an unbalanced logUp sum fails deterministically,
 * and a violated constraint leaves a composition that is not a polynomial, which the out-of-domain check
 * catches except with probability about degree / |QM31| (whatever the query count).
 * @throws MachineError `INTERNAL` if the proof does not verify; StarkError from the prover
 */
export function proveChecked(air: Air, witness: Witness, statement: Statement, config: StarkConfig, options: ProveOptions = {}): StarkProof {
  const proof = prove(air, witness, statement, config, { ...options, check: options.check ?? false });
  try {
    // minSecurityBits 0: the caller chose the configuration; this checks the witness, not the parameters.
    verify(air, statement, proof, config, { preprocessedRoot: preprocessedRoot(air, config, options.backend), minSecurityBits: 0 });
  } catch (e) {
    if (e instanceof VerificationError) throw new MachineError('INTERNAL', `the proof just made does not verify (${e.code}: ${e.message}); the witness does not satisfy the machine AIR`, { cause: e });
    throw e;
  }
  return proof;
}

/**
 * Runs `image` (traced) and proves the run (the proof is verified before it is returned, see {@link proveChecked}).
 * @throws VmError for a faulting guest; MachineError `UNSUPPORTED` for instructions without a component,
 *   `INTERNAL` if the proof does not verify
 */
export function proveExecution(image: ElfImage, config: StarkConfig, options: ProveExecutionOptions = {}): { claim: ExecutionClaim; proof: MachineProof } {
  const result = execute(image, { ...options.execute, mode: 'traced' });
  const t = traceFromExecution(image, result, { publicInput: options.execute?.publicInput, privateInput: options.execute?.privateInput });
  const claim: ExecutionClaim = Object.freeze({
    exitCode: result.exitCode,
    publicInput: Uint8Array.from(options.execute?.publicInput ?? []),
    publicOutput: Uint8Array.from(result.publicOutput),
  });
  const proof = proveChecked(t.air, toWitness(t), machineStatement(image, claim), config, options.prove);
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
    air = machineAir(machineProgram(image), proof.sizes);
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
