/**
 * The proof file: one self-describing binary object holding everything a verifier needs besides the
 * program — the AIR it was made for, the STARK configuration, the execution-component sizes, the statement
 * and the STARK proof — or, for a run proven in shards (`docs/continuations.md`), every shard's sizes and
 * STARK proof. One envelope: the file's header is the only header (each STARK proof's body follows under
 * the file's configuration), and one codec (`stark/codec.ts`) writes and reads all of it. Two layouts,
 * told apart by the version: 2 for a single proof, 3 for a sharded one. Little-endian; "bytes" is a u32
 * length followed by that many bytes.
 *
 * A single proof (version 2, {@link PROOF_FILE_VERSION}):
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
 *
 * A sharded proof (version 3, {@link SHARDED_PROOF_FILE_VERSION}):
 *
 * ```
 * magic          8 bytes   "ZKVMPROF"
 * version        u32       3
 * air name       bytes     the shard AIRs' stem (`families/registry.ts` SHARD_AIR_NAME, e.g. "zkvm/rv32im-shard/v1")
 * config         5 × u32   as above
 * statement                as above
 * shard count    u32       1 … MAX_SHARDS (`relations.ts`)
 * per shard k = 1 … count, in run order:
 *   sizes        u32 count, then count × u32: log sizes in `shardRegistry({ index: k, count }).sizeKeys` order
 *   stark proof  bytes     the body of `stark/serialize.ts`, as above
 * ```
 * The version tells the layouts apart so that a zkvm that reads only version 2 refuses a sharded file as
 * made by a newer version, which is true. The joint challenges and the shards' main digests are not in
 * the file: the verifier recomputes them (`verify-shards.ts`), so nothing in it must be trusted.
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
 * configuration, sizes, statement; for a sharded file the statement, the shard count and each shard's
 * sizes and proof length), then the STARK proofs' bodies ({@link decodeEnvelopeProof},
 * {@link decodeEnvelopeShard}) — and every
 * length is checked against its limit and the bytes left before anything is allocated. Files above
 * {@link MAX_PROOF_FILE_BYTES} (≈ 288 MiB) are refused on their length. The envelope costs O(public
 * input + output) and keeps the STARK proof as a view; the STARK proof costs what `stark/serialize.ts`
 * states (at most about one copy of its bytes plus 100 MiB, under 5 s, for 256 MiB), and when the
 * verifier passes its expected shape (`verifyProofFile` does), a body longer than the layout allows is
 * refused before it is read and every count must match. Measured in `test/machine/hostile-file.test.ts`:
 * a 256 MiB file or a 96 MiB file of empty items is rejected in about 1 ms and no measurable memory.
 * A sharded file is bounded the same way as a whole: its shard count is checked against the bytes left
 * (every shard takes at least 8 bytes) before any shard is read, each shard's sizes against its registry
 * and each proof's length against {@link MAX_PROOF_BYTES} and the bytes left, and the file against
 * {@link MAX_PROOF_FILE_BYTES}; the envelope keeps the bodies as views.
 * Browser-safe.
 * @module
 */
import { fromHex } from '../hash/bytes.js';
import { configsEqual, configWords, starkConfig } from '../stark/config.js';
import type { StarkConfig } from '../stark/config.js';
import { ByteReader, ByteWriter } from '../stark/codec.js';
import type { CodecFailure } from '../stark/codec.js';
import type { StarkProof } from '../stark/proof.js';
import { MAX_PROOF_BYTES, readProofBody, writeProofBody } from '../stark/serialize.js';
import type { ProofShape } from '../stark/shape.js';
import { checkSizes, MACHINE_AIR_NAME, SIZE_KEYS } from './air.js';
import type { MachineSizes, ShardSizes } from './air.js';
import { MachineError } from './errors.js';
import { SHARD_AIR_NAME, shardRegistry } from './families/registry.js';
import type { MachineRegistry } from './families/registry.js';
import { ProofFileError } from './proof-errors.js';
import { MAX_SHARDS } from './relations.js';
import { machineStatement, MAX_IO_BYTES, PROGRAM_ID_BYTES } from './statement.js';
import type { MachineStatement, MachineStatementFields } from './statement.js';
import type { ShardProof } from './verify-shards.js';

export { ProofFileError, type ProofFileErrorCode } from './proof-errors.js';

/** The 8 magic bytes "ZKVMPROF". */
export const PROOF_FILE_MAGIC = Object.freeze([0x5a, 0x4b, 0x56, 0x4d, 0x50, 0x52, 0x4f, 0x46]);
/** Version of the single-proof layout written by {@link encodeProofFile}. */
export const PROOF_FILE_VERSION = 2;
/** Version of the sharded layout written by {@link encodeProofFile} for sharded contents. */
export const SHARDED_PROOF_FILE_VERSION = 3;
/** Longest AIR name accepted. */
export const MAX_AIR_NAME_BYTES = 64;
/**
 * Largest proof file accepted, of either kind: the STARK proof bound plus the largest public input and
 * output. A sharded file shares it among its shards (about 1 MiB each at the default configuration and
 * shard size, so a few hundred shards; longer runs need larger shards).
 */
export const MAX_PROOF_FILE_BYTES = MAX_PROOF_BYTES + 2 * MAX_IO_BYTES + 4096;

/** The decoded contents of a single-proof file (version 2). */
export interface ProofFile {
  /** Which layout: one STARK proof of the whole run. */
  readonly kind: 'single';
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

/** The decoded contents of a sharded proof file (version 3): the statement and every shard's proof. */
export interface ShardedProofFile {
  /** Which layout: one linked STARK proof per shard (`verify-shards.ts`). */
  readonly kind: 'sharded';
  /** Format version ({@link SHARDED_PROOF_FILE_VERSION}). */
  readonly version: number;
  /** The stem of the shard AIRs' names (`families/registry.ts` SHARD_AIR_NAME). */
  readonly airName: string;
  /** The STARK configuration of every shard's proof. */
  readonly config: StarkConfig;
  /** The statement proven (of the whole run). */
  readonly statement: MachineStatement;
  /** The shards' sizes and STARK proofs, in run order. */
  readonly shards: readonly ShardProof[];
}

/** A decoded proof file of either kind (tell them apart by `kind`). */
export type AnyProofFile = ProofFile | ShardedProofFile;

/** What {@link encodeProofFile} needs for a single proof (the AIR name defaults to {@link MACHINE_AIR_NAME}). */
export interface ProofFileContents {
  readonly airName?: string;
  readonly sizes: MachineSizes;
  /** The statement (checked by `statement.ts` `machineStatement`). */
  readonly statement: MachineStatementFields;
  /** The STARK proof; the file's configuration is the proof's. */
  readonly proof: StarkProof;
}

/** What {@link encodeProofFile} needs for a sharded proof (the AIR name defaults to SHARD_AIR_NAME). */
export interface ShardedProofFileContents {
  readonly airName?: string;
  /** The statement of the whole run (checked by `statement.ts` `machineStatement`). */
  readonly statement: MachineStatementFields;
  /** 1 … MAX_SHARDS shards in run order; all proofs share one configuration, the file's. */
  readonly shards: readonly ShardProof[];
}

/** Fails unless the UTF-8 AIR name has 1 … MAX_AIR_NAME_BYTES bytes; returns them. */
function airNameBytes(name: string): Uint8Array {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length === 0 || bytes.length > MAX_AIR_NAME_BYTES) throw new ProofFileError('MALFORMED', `the AIR name must have 1 to ${MAX_AIR_NAME_BYTES} bytes`);
  return bytes;
}

/** Runs `f`, turning a MachineError (bad sizes or statement) into ProofFileError `MALFORMED`. */
function malformedOn<T>(f: () => T, prefix = ''): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MachineError) throw new ProofFileError('MALFORMED', `${prefix}${e.message}`, { cause: e });
    throw e;
  }
}

/** Writes magic, version, AIR name, configuration and statement: the part both layouts share. */
function writeHead(w: ByteWriter, version: number, name: Uint8Array, config: StarkConfig): void {
  w.raw(Uint8Array.from(PROOF_FILE_MAGIC));
  w.u32(version);
  w.bytes(name);
  for (const x of configWords(config)) w.u32(x);
}

function writeStatement(w: ByteWriter, statement: MachineStatement): void {
  w.raw(fromHex(statement.programId));
  w.u32(statement.exitCode);
  w.bytes(statement.publicInput);
  w.bytes(statement.publicOutput);
}

/**
 * Encodes a proof file: version 2 for a single proof, version 3 for sharded contents (those with `shards`).
 * @throws ProofFileError `MALFORMED` for contents that would not decode (bad sizes, program id, lengths, a
 *   shard count out of range, shards under different configurations), `TOO_LARGE` for a file above
 *   {@link MAX_PROOF_FILE_BYTES}
 */
export function encodeProofFile(contents: ProofFileContents | ShardedProofFileContents): Uint8Array {
  if (contents !== null && typeof contents === 'object' && 'shards' in contents) return encodeSharded(contents);
  const { sizes, proof } = contents;
  const name = airNameBytes(contents.airName ?? MACHINE_AIR_NAME);
  malformedOn(() => checkSizes(sizes));
  const statement = malformedOn(() => machineStatement(contents.statement));
  const w = new ByteWriter();
  writeHead(w, PROOF_FILE_VERSION, name, proof.config);
  w.u32(SIZE_KEYS.length);
  for (const k of SIZE_KEYS) w.u32(sizes[k]);
  writeStatement(w, statement);
  // The STARK proof's body follows: its configuration is the one above, so the file has one header.
  writeProofBody(w, proof);
  return w.finish();
}

function encodeSharded(contents: ShardedProofFileContents): Uint8Array {
  const name = airNameBytes(contents.airName ?? SHARD_AIR_NAME);
  const statement = malformedOn(() => machineStatement(contents.statement));
  const shards = contents.shards;
  if (!Array.isArray(shards) || shards.length < 1 || shards.length > MAX_SHARDS) throw new ProofFileError('MALFORMED', `a sharded proof file holds 1 to ${MAX_SHARDS} shards`);
  const count = shards.length;
  const config = shards[0]!.proof.config;
  const w = new ByteWriter();
  writeHead(w, SHARDED_PROOF_FILE_VERSION, name, config);
  writeStatement(w, statement);
  w.u32(count);
  for (const [i, shard] of shards.entries()) {
    const keys = shardKeys({ index: i + 1, count });
    const sizes = shard.sizes;
    malformedOn(() => checkSizes(sizes as unknown as MachineSizes, keys), `shard ${i + 1}: `);
    if (!configsEqual(shard.proof.config, config)) throw new ProofFileError('MALFORMED', `shard ${i + 1} was proven under another configuration than shard 1`);
    w.u32(keys.sizeKeys.length);
    for (const k of keys.sizeKeys) w.u32(sizes[k]!);
    const body = new ByteWriter();
    writeProofBody(body, shard.proof);
    w.bytes(body.finish());
  }
  const bytes = w.finish();
  if (bytes.length > MAX_PROOF_FILE_BYTES) throw new ProofFileError('TOO_LARGE', `the sharded proof file would have ${bytes.length} bytes, above ${MAX_PROOF_FILE_BYTES}: prove with larger shards`);
  return bytes;
}

/** The registry of shard `index` of `count` (for its size keys); a bad position is `MALFORMED`. */
function shardKeys(position: { index: number; count: number }): MachineRegistry {
  return malformedOn(() => shardRegistry(position));
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

/** A single-proof file with everything but the STARK proof decoded ({@link readProofFileEnvelope}). */
export interface ProofFileEnvelope extends Omit<ProofFile, 'proof'> {
  /** The STARK proof's body (`stark/serialize.ts` `readProofBody`), still encoded: a view into the file's bytes, not copied. */
  readonly proofBody: Uint8Array;
}

/** One shard of a sharded envelope: its checked sizes and its STARK proof's body, still encoded (a view). */
export interface ShardEnvelope {
  readonly sizes: ShardSizes;
  readonly proofBody: Uint8Array;
}

/** A sharded proof file with everything but the STARK proofs decoded ({@link readProofFileEnvelope}). */
export interface ShardedProofFileEnvelope extends Omit<ShardedProofFile, 'shards'> {
  readonly shards: readonly ShardEnvelope[];
}

/** An envelope of either kind. */
export type AnyProofFileEnvelope = ProofFileEnvelope | ShardedProofFileEnvelope;

/** Options of {@link decodeProofFile}. */
export interface DecodeProofFileOptions {
  /** The shape the verifier expects of a single file's STARK proof (see `stark/serialize.ts` `deserializeProof`). */
  readonly shape?: ProofShape;
  /** The shapes the verifier expects of a sharded file's proofs, one per shard (a count that differs is `MALFORMED`). */
  readonly shardShapes?: readonly ProofShape[];
}

/** The AIR names of this machine's versions: `zkvm/rv32im-machine/v<N>`. */
const AIR_FAMILY = /^zkvm\/rv32im-machine\/v(\d{1,9})$/;
/** The stems of the shard AIRs' versions: `zkvm/rv32im-shard/v<N>`. */
const SHARD_AIR_FAMILY = /^zkvm\/rv32im-shard\/v(\d{1,9})$/;

/** The version number of an AIR name of `family`, or undefined for another AIR. */
function airVersion(name: string, family = AIR_FAMILY): number | undefined {
  const m = family.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** "made by an older / a newer version of zkvm" for a version other than `current`. */
function madeBy(version: number, current: number): string {
  return version < current
    ? 'made by an older version of zkvm: prove the run again with this version'
    : 'made by a newer version of zkvm: verify it with that version or later';
}

/**
 * Decodes and checks everything of a proof file but the STARK proofs themselves (see the module note), in
 * order: magic, format version, AIR, configuration, sizes, statement, the STARK proof's length; for a
 * sharded file the statement, the shard count and each shard's sizes and proof length. Cheap: O(public
 * input and output, and the shard count), nothing sized by the proofs' claims.
 * @throws ProofFileError (`UNSUPPORTED_VERSION` for a file of another zkvm version, saying whether older or newer)
 */
export function readProofFileEnvelope(bytes: Uint8Array): AnyProofFileEnvelope {
  try {
    return readEnvelope(bytes);
  } catch (e) {
    if (e instanceof ProofFileError) throw e;
    throw new ProofFileError('MALFORMED', `unreadable proof file: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** Reads one STARK proof body under `config` (against `shape` when given); errors name it by `what`. */
function decodeBody(body: Uint8Array, config: StarkConfig, shape: ProofShape | undefined, what: string): StarkProof {
  try {
    return readProofBody(new ByteReader(body, fileFailure(`${what}: `)), config, shape);
  } catch (e) {
    if (e instanceof ProofFileError) throw e;
    throw new ProofFileError('MALFORMED', `unreadable ${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/**
 * Decodes the STARK proof's body of a single-proof envelope under the envelope's configuration (against
 * `shape` when given). Errors name the STARK proof and carry the file's codes (`TRUNCATED`,
 * `TRAILING_BYTES`, `MALFORMED`).
 * @throws ProofFileError
 */
export function decodeEnvelopeProof(envelope: ProofFileEnvelope, options: DecodeProofFileOptions = {}): ProofFile {
  const proof = decodeBody(envelope.proofBody, envelope.config, options.shape, 'STARK proof');
  const { version, airName, config, sizes, statement } = envelope;
  return Object.freeze({ kind: 'single' as const, version, airName, config, sizes, statement, proof });
}

/**
 * Decodes shard `index` (1-based) of a sharded envelope: its STARK proof's body under the envelope's
 * configuration, against `shape` when given (errors name the shard).
 * @throws ProofFileError
 */
export function decodeEnvelopeShard(envelope: ShardedProofFileEnvelope, index: number, shape?: ProofShape): ShardProof {
  const shard = envelope.shards[index - 1];
  if (shard === undefined) throw new ProofFileError('MALFORMED', `no shard ${index} in a file of ${envelope.shards.length}`);
  const proof = decodeBody(shard.proofBody, envelope.config, shape, `shard ${index} of ${envelope.shards.length}: STARK proof`);
  return Object.freeze({ sizes: shard.sizes, proof });
}

/**
 * Decodes and checks a proof file of either kind (see the module note). Says nothing about the proof's
 * validity: that is `verifyProofFile`'s job.
 * @throws ProofFileError for anything that is not a well-formed proof file of this machine; never another exception
 */
export function decodeProofFile(bytes: Uint8Array, options: DecodeProofFileOptions = {}): AnyProofFile {
  const envelope = readProofFileEnvelope(bytes);
  if (envelope.kind === 'single') return decodeEnvelopeProof(envelope, options);
  const shapes = options.shardShapes;
  if (shapes !== undefined && shapes.length !== envelope.shards.length) throw new ProofFileError('MALFORMED', `the file has ${envelope.shards.length} shards; ${shapes.length} were expected`);
  const shards = envelope.shards.map((_, i) => decodeEnvelopeShard(envelope, i + 1, shapes?.[i]));
  const { version, airName, config, statement } = envelope;
  return Object.freeze({ kind: 'sharded' as const, version, airName, config, statement, shards: Object.freeze(shards) });
}

function readEnvelope(bytes: Uint8Array): AnyProofFileEnvelope {
  if (!(bytes instanceof Uint8Array)) throw new ProofFileError('MALFORMED', 'a proof file must be a Uint8Array');
  if (bytes.length === 0) throw new ProofFileError('TRUNCATED', 'empty proof file');
  if (bytes.length > MAX_PROOF_FILE_BYTES) throw new ProofFileError('TOO_LARGE', `proof file of ${bytes.length} bytes exceeds ${MAX_PROOF_FILE_BYTES}`);
  const r = new ByteReader(bytes, fileFailure());
  const magic = r.buf.subarray(0, Math.min(8, bytes.length));
  if (!PROOF_FILE_MAGIC.every((b, i) => i >= magic.length || magic[i] === b)) throw new ProofFileError('BAD_MAGIC', 'not a zkvm proof file (bad magic bytes)');
  r.view(8, 'magic');
  const version = r.u32('version');
  if (version !== PROOF_FILE_VERSION && version !== SHARDED_PROOF_FILE_VERSION) {
    const newest = SHARDED_PROOF_FILE_VERSION;
    throw new ProofFileError('UNSUPPORTED_VERSION', `proof file version ${version}, ${madeBy(version, version < PROOF_FILE_VERSION ? PROOF_FILE_VERSION : newest)} (this one reads versions ${PROOF_FILE_VERSION} and ${newest})`);
  }
  const sharded = version === SHARDED_PROOF_FILE_VERSION;
  const airName = readAirName(r, sharded ? SHARD_AIR_NAME : MACHINE_AIR_NAME, sharded ? SHARD_AIR_FAMILY : AIR_FAMILY);
  const config = readConfig(r);
  if (sharded) {
    const statement = readStatement(r);
    const shards = readShards(r);
    return Object.freeze({ kind: 'sharded' as const, version, airName, config, statement, shards });
  }
  const nSizes = r.u32('size count');
  if (nSizes !== SIZE_KEYS.length) throw new ProofFileError('MALFORMED', `${nSizes} component sizes; the machine has ${SIZE_KEYS.length}`);
  const sizes = Object.freeze(Object.fromEntries(SIZE_KEYS.map((k) => [k, r.u32(`size of ${k}`)]))) as unknown as MachineSizes;
  malformedOn(() => checkSizes(sizes));
  const statement = readStatement(r);
  // The rest is the STARK proof's body. It stays a view: decodeEnvelopeProof decodes (and copies) it item
  // by item, against the verifier's shape; here only its length is bounded.
  if (r.left > MAX_PROOF_BYTES) throw new ProofFileError('TOO_LARGE', `the STARK proof has ${r.left} bytes, above ${MAX_PROOF_BYTES}`);
  const proofBody = r.view(r.left, 'STARK proof');
  return Object.freeze({ kind: 'single' as const, version, airName, config, sizes, statement, proofBody });
}

/** The AIR name, which must be `expected`; another version of the same AIR family is `UNSUPPORTED_VERSION`. */
function readAirName(r: ByteReader, expected: string, family: RegExp): string {
  let airName: string;
  try {
    airName = new TextDecoder('utf-8', { fatal: true }).decode(r.raw(length(r, 'AIR name', MAX_AIR_NAME_BYTES), 'AIR name'));
  } catch (e) {
    if (e instanceof ProofFileError) throw e;
    throw new ProofFileError('MALFORMED', 'the AIR name is not UTF-8', { cause: e });
  }
  if (airName !== expected) {
    const theirs = airVersion(airName, family);
    const ours = airVersion(expected, family);
    if (theirs !== undefined && ours !== undefined && theirs !== ours) {
      throw new ProofFileError('UNSUPPORTED_VERSION', `the proof is for AIR '${airName}', ${madeBy(theirs, ours)} (this one verifies '${expected}')`);
    }
    throw new ProofFileError('UNSUPPORTED_AIR', `the proof is for AIR '${airName}'; this zkvm verifies '${expected}' in a ${family === AIR_FAMILY ? 'single' : 'sharded'} proof file`);
  }
  return airName;
}

/** The configuration, validated before anything that depends on it. */
function readConfig(r: ByteReader): StarkConfig {
  const [powBits, logBlowupFactor, logLastLayerDegreeBound, nQueries, flags] = [0, 1, 2, 3, 4].map(() => r.u32('configuration')) as [number, number, number, number, number];
  if (flags > 1) throw new ProofFileError('MALFORMED', `unknown configuration flags ${flags}`);
  try {
    return starkConfig({ pcs: { powBits, fri: { logBlowupFactor, logLastLayerDegreeBound, nQueries } }, zeroKnowledge: flags === 1 });
  } catch (e) {
    throw new ProofFileError('MALFORMED', `invalid configuration: ${(e as Error).message}`, { cause: e });
  }
}

function readStatement(r: ByteReader): MachineStatement {
  const programId = r.raw(PROGRAM_ID_BYTES, 'program id');
  const exitCode = r.u32('exit code') | 0;
  const publicInput = r.raw(length(r, 'public input', MAX_IO_BYTES), 'public input');
  const publicOutput = r.raw(length(r, 'public output', MAX_IO_BYTES), 'public output');
  return machineStatement({ programId, exitCode, publicInput, publicOutput });
}

/**
 * The shard count and each shard's sizes and proof body (a view). The count is bounded by MAX_SHARDS and
 * by the bytes left (a shard takes at least its size count and its proof length, 8 bytes) before any
 * shard is read; each shard's sizes must be exactly its registry's keys, within the machine's bounds.
 */
function readShards(r: ByteReader): ShardEnvelope[] {
  const at = r.pos;
  const count = r.u32('shard count');
  if (count < 1 || count > MAX_SHARDS) r.fail('malformed', `shard count ${count} at offset ${at}: a sharded proof file holds 1 to ${MAX_SHARDS} shards`);
  if (8 * count > r.left) r.fail('truncated', `truncated: ${count} shards need at least ${8 * count} bytes, ${r.left} left`);
  const shards: ShardEnvelope[] = [];
  // Middle shards share their size keys: one registry serves all of them (the last one has its own).
  let middle: MachineRegistry | undefined;
  for (let index = 1; index <= count; index++) {
    const what = `shard ${index} of ${count}`;
    const registry = index < count && middle !== undefined ? middle : shardKeys({ index, count });
    if (index < count) middle = registry;
    const keys = registry.sizeKeys;
    const n = r.u32(`${what}: size count`);
    if (n !== keys.length) r.fail('malformed', `${what}: ${n} component sizes; the shard has ${keys.length}`);
    r.need(4 * n, `${what}: sizes`);
    const sizes = Object.freeze(Object.fromEntries(keys.map((k) => [k, r.u32(`${what}: size of ${k}`)]))) as ShardSizes;
    malformedOn(() => checkSizes(sizes as unknown as MachineSizes, registry), `${what}: `);
    const proofBody = r.view(length(r, `${what}: STARK proof`, MAX_PROOF_BYTES), `${what}: STARK proof`);
    shards.push(Object.freeze({ sizes, proofBody }));
  }
  if (r.left !== 0) r.fail('trailing', `${r.left} bytes follow the last shard`);
  return Object.freeze(shards) as ShardEnvelope[];
}

/** Whether `bytes` start like a proof file (the magic bytes), for tools that must not overwrite other files. */
export function looksLikeProofFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PROOF_FILE_MAGIC.every((b, i) => bytes[i] === b);
}
