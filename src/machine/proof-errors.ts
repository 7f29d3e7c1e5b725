/**
 * The typed errors of proof files and of their verification, in a module of their own (importing only the error base class), so
 * that code which only classifies errors — the command line's reporter — need not load the verifier.
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';

/** Why a proof file could not be read. */
export type ProofFileErrorCode =
  /** Not a proof file (magic bytes). */
  | 'BAD_MAGIC'
  /** Made by an older or a newer version of zkvm: another file format, AIR or STARK proof format version (the message says which). */
  | 'UNSUPPORTED_VERSION'
  /** Made for another AIR (another version of the machine arithmetization). */
  | 'UNSUPPORTED_AIR'
  /** The file ends inside a field. */
  | 'TRUNCATED'
  /** Bytes follow the proof. */
  | 'TRAILING_BYTES'
  /** A field is out of range (a length, a size, the configuration) or the STARK proof is malformed. */
  | 'MALFORMED'
  /** The file is larger than the format allows (`MAX_PROOF_FILE_BYTES` in `proof-file.ts`). */
  | 'TOO_LARGE';

/** A proof file that cannot be decoded (or a proof that cannot be encoded). */
export class ProofFileError extends ZkvmError<ProofFileErrorCode> {
  override readonly name = 'ProofFileError';
}

/** Why a proof was not accepted. */
export type ProofRejectedCode =
  /** The bytes are not a well-formed proof file (the cause is a `ProofFileError`). */
  | 'MALFORMED_PROOF'
  /** The file was made by an older or a newer version of zkvm (file format or AIR version; the message says which). */
  | 'UNSUPPORTED_VERSION'
  /** The proof is about another program. */
  | 'PROGRAM_MISMATCH'
  /** The proof is for another public input than the one given. */
  | 'PUBLIC_INPUT_MISMATCH'
  /** The proven public output is not the expected one. */
  | 'OUTPUT_MISMATCH'
  /** The proven exit code is not the expected one. */
  | 'EXIT_MISMATCH'
  /** The proof's configuration is not the named preset the caller accepts (`stark/presets.ts`), or the name is unknown. */
  | 'CONFIG_NOT_ACCEPTED'
  /** The proof's configuration gives fewer bits of security than required. */
  | 'INSUFFICIENT_SECURITY'
  /** The STARK verifier rejected the proof (the cause is a `VerificationError` with its own code). */
  | 'INVALID_PROOF';

/** A proof that was not accepted, with what did not match. */
export class ProofRejectedError extends ZkvmError<ProofRejectedCode> {
  override readonly name = 'ProofRejectedError';
}
