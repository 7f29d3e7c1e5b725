/**
 * The typed error of proving (importing only the error base class, so the command line can classify it without loading the prover).
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';

/** Why a run could not be proven. */
export type ProveErrorCode =
  /** The program cannot be arithmetized (its code reaches 2^31 − 8, where pc + 4 leaves the field). */
  | 'UNSUPPORTED'
  /** The guest faulted (illegal instruction, misaligned or out-of-bounds access, bad system call, …). */
  | 'GUEST_FAULT'
  /** The run hit the cycle limit before exiting. */
  | 'CYCLE_LIMIT'
  /** The run is too long for the machine's timestamp bound. */
  | 'TOO_LARGE'
  /** The run's trace does not fit the configuration (e.g. components too small for zero knowledge). */
  | 'CONFIG'
  /** Bad arguments (configuration, inputs). */
  | 'INVALID_INPUT'
  /** A failure that is a bug in zkvm (the witness it built does not satisfy its own AIR). */
  | 'INTERNAL';

/** A run that could not be proven. `cause` holds the underlying error (`VmError`, `MachineError`, `StarkError`). */
export class ProveError extends ZkvmError<ProveErrorCode> {
  override readonly name = 'ProveError';
}

/** Why a serialized shard job, commitment, link or shard proof (`shard-codec.ts`) was refused. */
export type ShardJobErrorCode =
  /** Not a zkvm shard message (magic bytes). */
  | 'BAD_MAGIC'
  /** Another version of the shard message format (the message says whether older or newer). */
  | 'UNSUPPORTED_VERSION'
  /** Another kind of shard message than the one asked for (e.g. a link where a job was expected). */
  | 'WRONG_KIND'
  /** The bytes end inside a field. */
  | 'TRUNCATED'
  /** Bytes follow the message. */
  | 'TRAILING_BYTES'
  /** A field is out of range or inconsistent with another (sizes, positions, program id, configuration, a malformed STARK proof). */
  | 'MALFORMED'
  /** The message is larger than the format allows. */
  | 'TOO_LARGE'
  /** Messages that do not belong together (another shard count, a shard missing or out of order). */
  | 'INCONSISTENT';

/** A shard message that cannot be decoded, or pieces of a sharded proof that do not fit together. */
export class ShardJobError extends ZkvmError<ShardJobErrorCode> {
  override readonly name = 'ShardJobError';
}
