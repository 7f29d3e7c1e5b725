/**
 * The proof file: one self-describing binary object holding everything a verifier needs besides the
 * program — the AIR it was made for, the STARK configuration, the execution-component sizes, the statement
 * and the STARK proof. Version 1, little-endian; "bytes" is a u32 length followed by that many bytes.
 *
 * ```
 * magic          8 bytes   "ZKVMPROF"
 * version        u32       1
 * air name       bytes     UTF-8, at most 64 bytes (e.g. "zkvm/rv32im-machine/v6")
 * config         5 × u32   powBits, logBlowupFactor, logLastLayerDegreeBound, nQueries, flags (bit 0: zero knowledge)
 * sizes          u32 count, then count × u32: log sizes in `SIZE_KEYS` order
 * statement:
 *   program id   32 bytes  (`vm/program-id.ts`)
 *   exit code    u32       (two's complement)
 *   public input  bytes    (fd 3)
 *   public output bytes    (fd 1)
 * stark proof    bytes     (`stark/serialize.ts`; its own header repeats the configuration, which must agree)
 * ```
 * Nothing may follow. The private input (fd 0) is never part of the file.
 *
 * {@link decodeProofFile} is strict: wrong magic or version, another AIR, truncation, trailing bytes, a
 * length beyond the bytes left, sizes outside the machine's bounds, an invalid configuration or a malformed
 * STARK proof all raise {@link ProofFileError} with a reason code and a message naming the field. A file
 * of another format version, or for another version of this machine's AIR (`zkvm/rv32im-machine/vN`), is
 * `UNSUPPORTED_VERSION`, and the message says whether it was made by an older or a newer zkvm.
 *
 * **Bounds.** A file is read in order — envelope ({@link readProofFileEnvelope}: magic, version, AIR,
 * configuration, sizes, statement), then the STARK proof ({@link decodeEnvelopeProof}) — and every length
 * is checked against its limit and the bytes left before anything is allocated. Files above
 * {@link MAX_PROOF_FILE_BYTES} (≈ 288 MiB) are refused on their length. The envelope costs O(public
 * input + output) and keeps the STARK proof as a view; the STARK proof costs what `stark/serialize.ts`
 * states (at most about one copy of its bytes plus 100 MiB, under 5 s, for 256 MiB), and when the
 * verifier passes its expected shape (`verifyProofFile` does), a proof longer than the layout allows is
 * refused before it is read and every count must match. Measured in `test/machine/hostile-file.test.ts`:
 * a 256 MiB file or a 96 MiB file of empty items is rejected in about 1 ms and no measurable memory.
 * Browser-safe.
 * @module
 */
import { fromHex } from '../hash/bytes.js';
import { configWords, starkConfig } from '../stark/config.js';
import type { StarkConfig } from '../stark/config.js';
import { VerificationError } from '../stark/errors.js';
import type { StarkProof } from '../stark/proof.js';
import { deserializeProof, MAX_PROOF_BYTES, serializeProof } from '../stark/serialize.js';
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
export const PROOF_FILE_VERSION = 1;
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

class Writer {
  readonly #parts: Uint8Array[] = [];
  #len = 0;
  raw(b: Uint8Array): void {
    this.#parts.push(b);
    this.#len += b.length;
  }
  u32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.raw(b);
  }
  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.raw(b);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.#len);
    let o = 0;
    for (const p of this.#parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
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
  const w = new Writer();
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
  w.bytes(serializeProof(proof));
  return w.finish();
}

class Reader {
  #pos = 0;
  readonly #view: DataView;
  constructor(readonly buf: Uint8Array) {
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  get left(): number {
    return this.buf.length - this.#pos;
  }
  need(n: number, what: string): void {
    if (n > this.left) throw new ProofFileError('TRUNCATED', `truncated proof file: ${what} needs ${n} bytes at offset ${this.#pos}, ${this.left} left`);
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.#view.getUint32(this.#pos, true);
    this.#pos += 4;
    return v;
  }
  skip(n: number, what: string): void {
    this.need(n, what);
    this.#pos += n;
  }
  /** The next `n` bytes, copied (what the decoded file keeps must not alias the caller's buffer). */
  raw(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.slice(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }
  /** The next `n` bytes as a view (for what is decoded further and not kept). */
  view(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }
  /** A u32 length of at most `max` that the bytes left can hold (checked before anything is read). */
  length(what: string, max: number): number {
    const n = this.u32(`${what} length`);
    if (n > max) throw new ProofFileError('MALFORMED', `${what}: length ${n} exceeds the limit of ${max} bytes`);
    if (n > this.left) throw new ProofFileError('TRUNCATED', `truncated proof file: ${what} has length ${n}, ${this.left} bytes left`);
    return n;
  }
  /** A length-prefixed byte string of at most `max` bytes (checked before reading it), copied. */
  bytes(what: string, max: number): Uint8Array {
    return this.raw(this.length(what, max), what);
  }
}

/** A proof file with everything but the STARK proof decoded ({@link readProofFileEnvelope}). */
export interface ProofFileEnvelope extends Omit<ProofFile, 'proof'> {
  /** The STARK proof's bytes, still encoded (a view into the file's bytes; not copied). */
  readonly proofBytes: Uint8Array;
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
 * Decodes the STARK proof of an envelope (against `shape` when given) and checks that it states the
 * file's configuration.
 * @throws ProofFileError `MALFORMED` (or `UNSUPPORTED_VERSION` for another STARK proof format version)
 */
export function decodeEnvelopeProof(envelope: ProofFileEnvelope, options: DecodeProofFileOptions = {}): ProofFile {
  let proof: StarkProof;
  try {
    proof = deserializeProof(envelope.proofBytes, options.shape ? { shape: options.shape } : {});
  } catch (e) {
    if (e instanceof VerificationError) throw new ProofFileError(e.code === 'UNSUPPORTED_VERSION' ? 'UNSUPPORTED_VERSION' : 'MALFORMED', `STARK proof: ${e.message}`, { cause: e });
    throw new ProofFileError('MALFORMED', `unreadable STARK proof: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (configWords(proof.config).some((v, i) => v !== configWords(envelope.config)[i])) {
    throw new ProofFileError('MALFORMED', 'the STARK proof was made with another configuration than the file states');
  }
  const { version, airName, config, sizes, statement } = envelope;
  return Object.freeze({ version, airName, config, sizes, statement, proof });
}

/**
 * Decodes and checks a proof file (see the module note). Says nothing about the proof's validity: that is
 * `verifyExecution`'s job.
 * @throws ProofFileError for anything that is not a well-formed version-1 proof file of this machine; never another exception
 */
export function decodeProofFile(bytes: Uint8Array, options: DecodeProofFileOptions = {}): ProofFile {
  return decodeEnvelopeProof(readProofFileEnvelope(bytes), options);
}

function readEnvelope(bytes: Uint8Array): ProofFileEnvelope {
  if (!(bytes instanceof Uint8Array)) throw new ProofFileError('MALFORMED', 'a proof file must be a Uint8Array');
  if (bytes.length === 0) throw new ProofFileError('TRUNCATED', 'empty proof file');
  if (bytes.length > MAX_PROOF_FILE_BYTES) throw new ProofFileError('TOO_LARGE', `proof file of ${bytes.length} bytes exceeds ${MAX_PROOF_FILE_BYTES}`);
  const r = new Reader(bytes);
  const magic = r.buf.subarray(0, Math.min(8, bytes.length));
  if (!PROOF_FILE_MAGIC.every((b, i) => i >= magic.length || magic[i] === b)) throw new ProofFileError('BAD_MAGIC', 'not a zkvm proof file (bad magic bytes)');
  r.skip(8, 'magic');
  const version = r.u32('version');
  if (version !== PROOF_FILE_VERSION) {
    throw new ProofFileError('UNSUPPORTED_VERSION', `proof file version ${version}, ${madeBy(version, PROOF_FILE_VERSION)} (this one reads version ${PROOF_FILE_VERSION})`);
  }
  let airName: string;
  try {
    airName = new TextDecoder('utf-8', { fatal: true }).decode(r.bytes('AIR name', MAX_AIR_NAME_BYTES));
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
  const publicInput = r.bytes('public input', MAX_IO_BYTES);
  const publicOutput = r.bytes('public output', MAX_IO_BYTES);
  // The STARK proof stays a view: it is decoded (and copied item by item) by decodeEnvelopeProof.
  const proofBytes = r.view(r.length('STARK proof', MAX_PROOF_BYTES), 'STARK proof');
  if (r.left !== 0) throw new ProofFileError('TRAILING_BYTES', `${r.left} bytes follow the proof`);
  return Object.freeze({
    version,
    airName,
    config,
    sizes,
    statement: machineStatement({ programId, exitCode, publicInput, publicOutput }),
    proofBytes,
  });
}

/** Whether `bytes` start like a proof file (the magic bytes), for tools that must not overwrite other files. */
export function looksLikeProofFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PROOF_FILE_MAGIC.every((b, i) => bytes[i] === b);
}
