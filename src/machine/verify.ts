/**
 * Verifying runs of a program: {@link verifyExecution} rebuilds the machine AIR from the program and the
 * claimed component sizes, commits the program's preprocessed columns itself and checks the STARK proof
 * against the statement (program id, public input and output, exit code). Imports no prover code (a test
 * walks its import graph), so it runs in browsers.
 * @module
 */
import type { Air, Statement } from '../air/verifier.js';
import type { StarkConfig } from '../stark/config.js';
import { StarkError, VerificationError } from '../stark/errors.js';
import { preprocessedRoot } from '../stark/preprocessed.js';
import type { StarkProof } from '../stark/proof.js';
import { verify } from '../stark/verifier.js';
import type { ElfImage } from '../vm/elf.js';
import { VmError } from '../vm/errors.js';
import { checkSizes, machineAir, machineProgram, machineStatement } from './air.js';
import type { ExecutionClaim, MachineSizes } from './air.js';
import { MachineError } from './errors.js';

/** A proof of a run: the STARK proof and the execution-component sizes it was made for. */
export interface MachineProof {
  readonly sizes: MachineSizes;
  readonly proof: StarkProof;
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
  let air: Air;
  let root: Uint8Array;
  try {
    if (!proof || typeof proof !== 'object') throw new MachineError('INVALID_INPUT', 'proof must be an object');
    checkSizes(proof.sizes);
    air = machineAir(machineProgram(image), proof.sizes);
    statement = machineStatement(image, claim);
    // The verifier commits the program's preprocessed columns itself (note §4 "program identity": later
    // this becomes a root derived once per program and carried in its id).
    root = preprocessedRoot(air, config);
  } catch (e) {
    if (e instanceof MachineError || e instanceof StarkError || e instanceof VmError) throw new VerificationError('INVALID_INPUT', e.message, { cause: e });
    throw e;
  }
  verify(air, statement, proof.proof, config, { preprocessedRoot: root, ...(options.minSecurityBits === undefined ? {} : { minSecurityBits: options.minSecurityBits }) });
}
