/**
 * Errors of the machine layer (arithmetization of RV32IM executions).
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';

/** Reason codes of {@link MachineError}. */
export type MachineErrorCode =
  /** The program cannot be arithmetized (for example code above 2^31 − 8, where pc + 4 leaves M31). */
  | 'INVALID_PROGRAM'
  /** The executor's trace disagrees with the replay of the program (an executor or builder bug). */
  | 'TRACE_MISMATCH'
  /** The run is too long for the timestamp bound (see `docs/machine.md`, timestamps). */
  | 'TOO_LARGE'
  /** Malformed arguments (sizes, claims). */
  | 'INVALID_INPUT'
  /** The prover made a proof that does not verify (a bug in witness generation or the AIR): nothing is returned. */
  | 'INTERNAL';

/** A typed error of the machine layer. */
export class MachineError extends ZkvmError<MachineErrorCode> {
  override readonly name = 'MachineError';
}
