/**
 * The proof file: one self-describing binary object holding everything a verifier needs besides the
 * program — the AIR it was made for, the STARK configuration, the execution-component sizes, the statement
 * and the STARK proof. One envelope: the file's header is the only header (the STARK proof's body follows
 * the statement, under the file's configuration), and one codec (`stark/codec.ts`) writes and reads all
 * of it. Version 2, little-endian; "bytes" is a u32 length followed by that many bytes.
 *
 * ```
 * magic          8 bytes   "ZKVMPROF"
 * version        u32       2
 * air name       bytes     UTF-8, at most 64 bytes (e.g. "zkvm/rv32im-machine/v6")
 * config         5 × u32   powBits, logBlowupFactor, logLastLayerDegreeBound, nQueries, flags (bit 0: zero knowledge)
 * sizes          u32 count, then count × u32: log sizes in `SIZE_KEYS` order
 * statement (`statement.ts`):
 *   program id   32 bytes  (`vm/program-id.ts`)
 *   exit code    u32       (two's complement)
 *   public input  bytes    (fd 3)
 *   public output bytes    (fd 1)
 * stark proof    the rest  the body of `stark/serialize.ts` (commitments onward; no magic, version or configuration of its own)
 * ```
 * Nothing may follow. The private input (fd 0) is never part of the file. Version 1 files (which wrapped
 * a whole serialized STARK proof, with a second header, behind a length) are `UNSUPPORTED_VERSION`.
 *
 * {@link decodeProofFile} is strict: wrong magic or version, another AIR, truncation, trailing bytes, a
 * length beyond the bytes left, sizes outside the machine's bounds, an invalid configuration or a malformed
 * STARK proof all raise {@link ProofFileError} with a reason code and a message naming the field. A file
 * of another format version, or for another version of this machine's AIR (`zkvm/rv32im-machine/vN`), is
 * `UNSUPPORTED_VERSION`, and the message says whether it was made by an older or a newer zkvm.
 *
 * **Bounds.** A file is read in order — envelope ({@link readProofFileEnvelope}: magic, version, AIR,
 * configuration, sizes, statement), then the STARK proof's body ({@link decodeEnvelopeProof}) — and every
 * length is checked against its limit and the bytes left before anything is allocated. Files above
 * {@link MAX_PROOF_FILE_BYTES} (≈ 288 MiB) are refused on their length. The envelope costs O(public
 * input + output) and keeps the STARK proof as a view; the STARK proof costs what `stark/serialize.ts`
 * states (at most about one copy of its bytes plus 100 MiB, under 5 s, for 256 MiB), and when the
 * verifier passes its expected shape (`verifyProofFile` does), a body longer than the layout allows is
 * refused before it is read and every count must match. Measured in `test/machine/hostile-file.test.ts`:
 * a 256 MiB file or a 96 MiB file of empty items is rejected in about 1 ms and no measurable memory.
 * Browser-safe.
 * @module
 */
import { fromHex } from '../hash/bytes.js';
import { configWords, starkConfig } from '../stark/config.js';
import type { StarkConfig } from '../stark/config.js';
import { ByteReader, ByteWriter } from '../stark/codec.js';
import type { CodecFailure } from '../stark/codec.js';
import type { StarkProof } from '../stark/proof.js';
import { MAX_PROOF_BYTES, readProofBody, writeProofBody } from '../stark/serialize.js';
import type { ProofShape } from '../stark/shape.js';
import { checkSizes, MACHINE_AIR_NAME, SIZE_KEYS } from './air.js';
import type { MachineSizes } from './air.js';
import { MachineError } from './errors.js';
import { ProofFileError } from './proof-errors.js';
import { machineStatement, MAX_IO_BYTES, PROGRAM_ID_BYTES } from './statement.js';
import type { MachineStatement, MachineStatementFields } from './statement.js';

export { ProofFileError, type ProofFileErrorCode } from './proof-errors.js';

/** The 8 magic bytes "ZKVMPROF". */
export const PROOF_FILE_MAGIC = Object.freeze([0x5a, 0x4b, 0x56, 0x4d, 0x50, 0x52, 0x4f, 0x46]);
/** Version of the format written by {@link encodeProofFile}. */
export const PROOF_FILE_VERSION = 2;
/** Longest AIR name accepted. */
export const MAX_AIR_NAME_BYTES = 64;
/** Largest proof file accepted: the STARK proof bound plus the largest public input and output. */
export const MAX_PROOF_FILE_BYTES = MAX_PROOF_BYTES + 2 * MAX_IO_BYTES + 4096;

/** The decoded contents of a proof file. */
export interface ProofFile {
  /** Format version. */
  readonly version: number;
  /** The AIR the proof is for ({@link MACHINE_AIR_NAME}). */
  readonly airName: string;
  /** The STARK configuration the proof was made with. */
  readonly config: StarkConfig;
  /** Log sizes of the execution components. */
  readonly sizes: MachineSizes;
  /** The statement proven. */
  readonly statement: MachineStatement;
  /** The STARK proof. */
  readonly proof: StarkProof;
}

/** What {@link encodeProofFile} needs (the AIR name defaults to {@link MACHINE_AIR_NAME}). */
export interface ProofFileContents {
  readonly airName?: string;
  readonly sizes: MachineSizes;
  /** The statement (checked by `statement.ts` `machineStatement`). */
  readonly statement: MachineStatementFields;
  /** The STARK proof; the file's configuration is the proof's. */
  readonly proof: StarkProof;
}

/**
 * Encodes a proof file.
 * @throws ProofFileError `MALFORMED` for contents that would not decode (bad sizes, program id, lengths)
 */
export function encodeProofFile(contents: ProofFileContents): Uint8Array {
  const { sizes, proof } = contents;
  const name = new TextEncoder().encode(contents.airName ?? MACHINE_AIR_NAME);
  if (name.length === 0 || name.length > MAX_AIR_NAME_BYTES) throw new ProofFileError('MALFORMED', `the AIR name must have 1 to ${MAX_AIR_NAME_BYTES} bytes`);
  try {
    checkSizes(sizes);
  } catch (e) {
    throw new ProofFileError('MALFORMED', (e as Error).message, { cause: e });
  }
  let statement: MachineStatement;
  try {
    statement = machineStatement(contents.statement);
  } catch (e) {
    throw new ProofFileError('MALFORMED', (e as Error).message, { cause: e });
  }
  const w = new ByteWriter();
  w.raw(Uint8Array.from(PROOF_FILE_MAGIC));
  w.u32(PROOF_FILE_VERSION);
  w.bytes(name);
  for (const x of configWords(proof.config)) w.u32(x);
  w.u32(SIZE_KEYS.length);
  for (const k of SIZE_KEYS) w.u32(sizes[k]);
  w.raw(fromHex(statement.programId));
  w.u32(statement.exitCode);
  w.bytes(statement.publicInput);
  w.bytes(statement.publicOutput);
  // The STARK proof's body follows: its configuration is the one above, so the file has one header.
  writeProofBody(w, proof);
  return w.finish();
}

/** The file's failures as ProofFileErrors (the codec's kinds are the file's codes); `prefix` names the part. */
function fileFailure(prefix = ''): CodecFailure {
  return (kind, message) => {
    throw new ProofFileError(kind === 'truncated' ? 'TRUNCATED' : kind === 'trailing' ? 'TRAILING_BYTES' : 'MALFORMED', `${prefix}${message}`);
  };
}

/** A u32 length of at most `max` that the bytes left can hold (checked before anything is read). */
function length(r: ByteReader, what: string, max: number): number {
  const n = r.u32(`${what} length`);
  if (n > max) r.fail('malformed', `${what}: length ${n} exceeds the limit of ${max} bytes`);
  if (n > r.left) r.fail('truncated', `truncated proof file: ${what} has length ${n}, ${r.left} bytes left`);
  return n;
}

/** A proof file with everything but the STARK proof decoded ({@link readProofFileEnvelope}). */
export interface ProofFileEnvelope extends Omit<ProofFile, 'proof'> {
  /** The STARK proof's body (`stark/serialize.ts` `readProofBody`), still encoded: a view into the file's bytes, not copied. */
  readonly proofBody: Uint8Array;
}

/** Options of {@link decodeProofFile}. */
export interface DecodeProofFileOptions {
  /** The shape the verifier expects of the STARK proof (see `stark/serialize.ts` `deserializeProof`). */
  readonly shape?: ProofShape;
}

/** The AIR names of this machine's versions: `zkvm/rv32im-machine/v<N>`. */
const AIR_FAMILY = /^zkvm\/rv32im-machine\/v(\d{1,9})$/;

/** The version number of a machine AIR name, or undefined for another AIR. */
function airVersion(name: string): number | undefined {
  const m = AIR_FAMILY.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** "made by an older / a newer version of zkvm" for a version other than `current`. */
function madeBy(version: number, current: number): string {
  return version < current
    ? 'made by an older version of zkvm: prove the run again with this version'
    : 'made by a newer version of zkvm: verify it with that version or later';
}

/**
 * Decodes and checks everything of a proof file but the STARK proof itself (see the module note), in
 * order: magic, format version, AIR, configuration, sizes, statement, the STARK proof's length. Cheap:
 * O(public input and output), nothing sized by the proof's claims.
 * @throws ProofFileError (`UNSUPPORTED_VERSION` for a file of another zkvm version, saying whether older or newer)
 */
export function readProofFileEnvelope(bytes: Uint8Array): ProofFileEnvelope {
  try {
    return readEnvelope(bytes);
  } catch (e) {
    if (e instanceof ProofFileError) throw e;
    throw new ProofFileError('MALFORMED', `unreadable proof file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/**
 * Decodes the STARK proof's body of an envelope under the envelope's configuration (against `shape` when
 * given). Errors name the STARK proof and carry the file's codes (`TRUNCATED`, `TRAILING_BYTES`, `MALFORMED`).
 * @throws ProofFileError
 */
export function decodeEnvelopeProof(envelope: ProofFileEnvelope, options: DecodeProofFileOptions = {}): ProofFile {
  let proof: StarkProof;
  try {
    proof = readProofBody(new ByteReader(envelope.proofBody, fileFailure('STARK proof: ')), envelope.config, options.shape);
  } catch (e) {
    if (e instanceof ProofFileError) throw e;
    throw new ProofFileError('MALFORMED', `unreadable STARK proof: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const { version, airName, config, sizes, statement } = envelope;
  return Object.freeze({ version, airName, config, sizes, statement, proof });
}

/**
 * Decodes and checks a proof file (see the module note). Says nothing about the proof's validity: that is
 * `verifyExecution`'s job.
 * @throws ProofFileError for anything that is not a well-formed version-2 proof file of this machine; never another exception
 */
export function decodeProofFile(bytes: Uint8Array, options: DecodeProofFileOptions = {}): ProofFile {
  return decodeEnvelopeProof(readProofFileEnvelope(bytes), options);
}

function readEnvelope(bytes: Uint8Array): ProofFileEnvelope {
  if (!(bytes instanceof Uint8Array)) throw new ProofFileError('MALFORMED', 'a proof file must be a Uint8Array');
  if (bytes.length === 0) throw new ProofFileError('TRUNCATED', 'empty proof file');
  if (bytes.length > MAX_PROOF_FILE_BYTES) throw new ProofFileError('TOO_LARGE', `proof file of ${bytes.length} bytes exceeds ${MAX_PROOF_FILE_BYTES}`);
  const r = new ByteReader(bytes, fileFailure());
  const magic = r.buf.subarray(0, Math.min(8, bytes.length));
  if (!PROOF_FILE_MAGIC.every((b, i) => i >= magic.length || magic[i] === b)) throw new ProofFileError('BAD_MAGIC', 'not a zkvm proof file (bad magic bytes)');
  r.view(8, 'magic');
  const version = r.u32('version');
  if (version !== PROOF_FILE_VERSION) {
    throw new ProofFileError('UNSUPPORTED_VERSION', `proof file version ${version}, ${madeBy(version, PROOF_FILE_VERSION)} (this one reads version ${PROOF_FILE_VERSION})`);
  }
  let airName: string;
  try {
    airName = new TextDecoder('utf-8', { fatal: true }).decode(r.raw(length(r, 'AIR name', MAX_AIR_NAME_BYTES), 'AIR name'));
  } catch (e) {
    if (e instanceof ProofFileError) throw e;
    throw new ProofFileError('MALFORMED', 'the AIR name is not UTF-8', { cause: e });
  }
  if (airName !== MACHINE_AIR_NAME) {
    const theirs = airVersion(airName);
    const ours = airVersion(MACHINE_AIR_NAME);
    if (theirs !== undefined && ours !== undefined && theirs !== ours) {
      throw new ProofFileError('UNSUPPORTED_VERSION', `the proof is for AIR '${airName}', ${madeBy(theirs, ours)} (this one verifies '${MACHINE_AIR_NAME}')`);
    }
    throw new ProofFileError('UNSUPPORTED_AIR', `the proof is for AIR '${airName}'; this zkvm verifies '${MACHINE_AIR_NAME}'`);
  }
  // Configuration, then sizes: both are validated before anything that depends on them.
  const [powBits, logBlowupFactor, logLastLayerDegreeBound, nQueries, flags] = [0, 1, 2, 3, 4].map(() => r.u32('configuration')) as [number, number, number, number, number];
  if (flags > 1) throw new ProofFileError('MALFORMED', `unknown configuration flags ${flags}`);
  let config: StarkConfig;
  try {
    config = starkConfig({ pcs: { powBits, fri: { logBlowupFactor, logLastLayerDegreeBound, nQueries } }, zeroKnowledge: flags === 1 });
  } catch (e) {
    throw new ProofFileError('MALFORMED', `invalid configuration: ${(e as Error).message}`, { cause: e });
  }
  const nSizes = r.u32('size count');
  if (nSizes !== SIZE_KEYS.length) throw new ProofFileError('MALFORMED', `${nSizes} component sizes; the machine has ${SIZE_KEYS.length}`);
  const sizes = Object.freeze(Object.fromEntries(SIZE_KEYS.map((k) => [k, r.u32(`size of ${k}`)]))) as unknown as MachineSizes;
  try {
    checkSizes(sizes);
  } catch (e) {
    if (e instanceof MachineError) throw new ProofFileError('MALFORMED', e.message, { cause: e });
    throw e;
  }
  const programId = r.raw(PROGRAM_ID_BYTES, 'program id');
  const exitCode = r.u32('exit code') | 0;
  const publicInput = r.raw(length(r, 'public input', MAX_IO_BYTES), 'public input');
  const publicOutput = r.raw(length(r, 'public output', MAX_IO_BYTES), 'public output');
  // The rest is the STARK proof's body. It stays a view: decodeEnvelopeProof decodes (and copies) it item
  // by item, against the verifier's shape; here only its length is bounded.
  if (r.left > MAX_PROOF_BYTES) throw new ProofFileError('TOO_LARGE', `the STARK proof has ${r.left} bytes, above ${MAX_PROOF_BYTES}`);
  const proofBody = r.view(r.left, 'STARK proof');
  return Object.freeze({
    version,
    airName,
    config,
    sizes,
    statement: machineStatement({ programId, exitCode, publicInput, publicOutput }),
    proofBody,
  });
}

/** Whether `bytes` start like a proof file (the magic bytes), for tools that must not overwrite other files. */
export function looksLikeProofFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PROOF_FILE_MAGIC.every((b, i) => bytes[i] === b);
}
