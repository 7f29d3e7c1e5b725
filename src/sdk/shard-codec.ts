/**
 * The serialized forms of sharded proving's pieces (`shards.ts`), so that another process or machine can
 * run a phase: a shard job, its phase-one result (a commitment), the joint challenges (a link) and a
 * shard's proof. Binary, little-endian, written and read with the one codec of zkvm's formats
 * (`stark/codec.ts`); "bytes" is a u32 length and the bytes, "qm31" four canonical u32 coordinates. Every
 * message starts with the same header:
 *
 * ```
 * magic      8 bytes   "ZKVMSHRD"
 * version    u32       1
 * kind       u32       1 job, 2 commitment, 3 link, 4 shard proof
 * ```
 * then its payload:
 *
 * ```
 * job          index u32, count u32 (1 ≤ index ≤ count ≤ MAX_SHARDS), shard cycles u32,
 *              config 5 × u32 (`stark/config.ts` configWords: presets are configurations too),
 *              statement: program id 32 bytes, exit code u32, public input bytes, public output bytes,
 *              private input bytes, program bytes (the ELF file), seed 32 bytes
 * commitment   index u32, count u32, main digest 32 bytes, sizes (u32 count, then the log sizes in
 *              `shardRegistry({ index, count }).sizeKeys` order)
 * link         joint digest 32 bytes, u32 count of shared relations, then per relation (in
 *              SHARED_RELATIONS order): name bytes, z qm31, α qm31
 * shard proof  index u32, count u32, sizes (as in a commitment), STARK proof bytes (`stark/serialize.ts`,
 *              with its own header and configuration)
 * ```
 * Nothing may follow. **The seed is secret**: it is the zero-knowledge randomness of every shard of the
 * run (`machine/prover/shards.ts` `seededRandom`), so whoever learns it can strip the zero knowledge off the
 * proof and learn about the private input. A job also carries the private input itself: send jobs only
 * to machines trusted with both. Commitments, links and shard proofs reveal nothing beyond the proof.
 *
 * Decoding is strict and bounded like the proof file (`machine/proof-file.ts`): every length is checked
 * against its limit and the bytes left before anything is allocated, each message against
 * {@link MAX_SHARD_MESSAGE_BYTES}; positions, shard cycles, configuration, statement, sizes and relation
 * names are validated, a job's ELF is parsed and must be the program its statement names. Every failure is
 * a {@link ShardJobError} with a code and a message naming the field, never another exception.
 * @module
 */
import { fromHex } from '../hash/bytes.js';
import { checkShardCycles, checkSizes, machineStatement, MAX_IO_BYTES, MAX_SHARDS, PROGRAM_ID_BYTES, SHARED_RELATIONS, shardRegistry } from '../machine/index.js';
import type { MachineSizes, MachineStatement, ShardSizes } from '../machine/index.js';
import { ByteReader, ByteWriter } from '../stark/codec.js';
import type { CodecFailure } from '../stark/codec.js';
import { configWords, starkConfig } from '../stark/config.js';
import type { StarkConfig } from '../stark/config.js';
import type { ProofLink } from '../stark/link.js';
import type { StarkProof } from '../stark/proof.js';
import { deserializeProof, MAX_PROOF_BYTES, serializeProof } from '../stark/serialize.js';
import { parseElf } from '../vm/elf.js';
import type { ElfImage } from '../vm/elf.js';
import { programIdHex } from '../vm/program-id.js';
import { ShardJobError } from './errors.js';

/** The 8 magic bytes "ZKVMSHRD". */
export const SHARD_MESSAGE_MAGIC = Object.freeze([0x5a, 0x4b, 0x56, 0x4d, 0x53, 0x48, 0x52, 0x44]);
/** Version of the shard message format. */
export const SHARD_MESSAGE_VERSION = 1;
/** Largest program (ELF file) or private input a job carries. */
export const MAX_JOB_FIELD_BYTES = 2 ** 28;
/** Largest shard message accepted: a job with the largest program, private input and public I/O. */
export const MAX_SHARD_MESSAGE_BYTES = 2 * MAX_JOB_FIELD_BYTES + 2 * MAX_IO_BYTES + 4096;

/** The kinds of shard messages, as their header names them. */
const KINDS = Object.freeze({ job: 1, commitment: 2, link: 3, 'shard proof': 4 });
type Kind = keyof typeof KINDS;

/**
 * One shard's job, as another process needs it: the program, the inputs, the configuration, the shard
 * size, the shard's position, the statement of the run and the seed. The seed is secret (see the module note).
 */
export interface ShardJobSpec {
  /** The ELF file's bytes. */
  readonly program: Uint8Array;
  /** The image parsed from {@link program} (decoding parses it once; a job built in process may carry it). */
  readonly image: ElfImage;
  /** The statement of the whole run; its public input is the run's. */
  readonly statement: MachineStatement;
  /** The private input (fd 0): secret, as the seed. */
  readonly privateInput: Uint8Array;
  readonly config: StarkConfig;
  readonly shardCycles: number;
  /** 1-based position of the shard, and the shard count. */
  readonly index: number;
  readonly count: number;
  /** 32 secret bytes: the zero-knowledge randomness of the run's proofs. */
  readonly seed: Uint8Array;
}

/** Phase one's result for one shard: its main digest and sizes. */
export interface ShardCommitment {
  readonly index: number;
  readonly count: number;
  /** The channel digest after the shard's main commitment (32 bytes). */
  readonly digest: Uint8Array;
  readonly sizes: ShardSizes;
}

/** Phase two's result for one shard: its sizes and its linked STARK proof. */
export interface ShardProofResult {
  readonly index: number;
  readonly count: number;
  readonly sizes: ShardSizes;
  readonly proof: StarkProof;
}

const LONGEST_RELATION_NAME = 64;

function failure(): CodecFailure {
  return (kind, message) => {
    throw new ShardJobError(kind === 'truncated' ? 'TRUNCATED' : kind === 'trailing' ? 'TRAILING_BYTES' : 'MALFORMED', message);
  };
}

/** Runs `f`, turning any error but a ShardJobError into `MALFORMED` prefixed with `what`. */
function malformedOn<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ShardJobError) throw e;
    throw new ShardJobError('MALFORMED', `${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function header(kind: Kind): ByteWriter {
  const w = new ByteWriter();
  w.raw(Uint8Array.from(SHARD_MESSAGE_MAGIC));
  w.u32(SHARD_MESSAGE_VERSION);
  w.u32(KINDS[kind]);
  return w;
}

function finish(w: ByteWriter): Uint8Array {
  const bytes = w.finish();
  if (bytes.length > MAX_SHARD_MESSAGE_BYTES) throw new ShardJobError('TOO_LARGE', `the message would have ${bytes.length} bytes, above ${MAX_SHARD_MESSAGE_BYTES}`);
  return bytes;
}

/** Opens a message of `kind`: checks size, magic, version and kind; returns the reader at the payload. */
function open(bytes: Uint8Array, kind: Kind): ByteReader {
  if (!(bytes instanceof Uint8Array)) throw new ShardJobError('MALFORMED', `a ${kind} must be a Uint8Array`);
  if (bytes.length > MAX_SHARD_MESSAGE_BYTES) throw new ShardJobError('TOO_LARGE', `a ${kind} of ${bytes.length} bytes exceeds ${MAX_SHARD_MESSAGE_BYTES}`);
  if (bytes.length === 0) throw new ShardJobError('TRUNCATED', `empty ${kind}`);
  if (!SHARD_MESSAGE_MAGIC.every((b, i) => i >= bytes.length || bytes[i] === b)) throw new ShardJobError('BAD_MAGIC', `not a zkvm shard message (bad magic bytes); expected a ${kind}`);
  const r = new ByteReader(bytes, failure());
  r.view(8, 'magic');
  const version = r.u32('version');
  if (version !== SHARD_MESSAGE_VERSION) {
    throw new ShardJobError('UNSUPPORTED_VERSION', `shard message version ${version} was made by ${version < SHARD_MESSAGE_VERSION ? 'an older' : 'a newer'} version of zkvm; this one reads version ${SHARD_MESSAGE_VERSION}`);
  }
  const k = r.u32('kind');
  if (k !== KINDS[kind]) {
    const name = (Object.keys(KINDS) as Kind[]).find((n) => KINDS[n] === k);
    throw new ShardJobError('WRONG_KIND', `expected a ${kind}, got ${name === undefined ? `an unknown kind ${k}` : `a ${name}`}`);
  }
  return r;
}

function end(r: ByteReader, kind: Kind): void {
  if (r.left !== 0) r.fail('trailing', `${r.left} bytes follow the ${kind}`);
}

/** A u32 length of at most `max` that the bytes left can hold. */
function length(r: ByteReader, what: string, max: number): number {
  const n = r.u32(`${what} length`);
  if (n > max) r.fail('malformed', `${what}: length ${n} exceeds the limit of ${max} bytes`);
  if (n > r.left) r.fail('truncated', `truncated: ${what} has length ${n}, ${r.left} bytes left`);
  return n;
}

/** A shard position: 1 ≤ index ≤ count ≤ MAX_SHARDS. */
function readPosition(r: ByteReader): { index: number; count: number } {
  const index = r.u32('shard index');
  const count = r.u32('shard count');
  if (count < 1 || count > MAX_SHARDS || index < 1 || index > count) r.fail('malformed', `shard ${index} of ${count}: a shard is 1 ≤ index ≤ count ≤ ${MAX_SHARDS}`);
  return { index, count };
}

function readConfig(r: ByteReader): StarkConfig {
  const [powBits, logBlowupFactor, logLastLayerDegreeBound, nQueries, flags] = [0, 1, 2, 3, 4].map(() => r.u32('configuration')) as [number, number, number, number, number];
  if (flags > 1) r.fail('malformed', `unknown configuration flags ${flags}`);
  return malformedOn('invalid configuration', () => starkConfig({ pcs: { powBits, fri: { logBlowupFactor, logLastLayerDegreeBound, nQueries } }, zeroKnowledge: flags === 1 }));
}

function writeSizes(w: ByteWriter, sizes: ShardSizes, position: { index: number; count: number }): void {
  const registry = malformedOn('shard position', () => shardRegistry(position));
  malformedOn(`shard ${position.index} sizes`, () => checkSizes(sizes as unknown as MachineSizes, registry));
  w.u32(registry.sizeKeys.length);
  for (const k of registry.sizeKeys) w.u32(sizes[k]!);
}

/** A shard's sizes: exactly its registry's keys, in order, within the machine's bounds. */
function readSizes(r: ByteReader, position: { index: number; count: number }): ShardSizes {
  const registry = malformedOn('shard position', () => shardRegistry(position));
  const keys = registry.sizeKeys;
  const n = r.u32('size count');
  if (n !== keys.length) r.fail('malformed', `${n} component sizes; shard ${position.index} of ${position.count} has ${keys.length}`);
  r.need(4 * n, 'sizes');
  const sizes = Object.freeze(Object.fromEntries(keys.map((k) => [k, r.u32(`size of ${k}`)]))) as ShardSizes;
  malformedOn(`shard ${position.index} sizes`, () => checkSizes(sizes as unknown as MachineSizes, registry));
  return sizes;
}

function position(index: number, count: number): { index: number; count: number } {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS || !Number.isInteger(index) || index < 1 || index > count) {
    throw new ShardJobError('MALFORMED', `shard ${String(index)} of ${String(count)}: a shard is 1 ≤ index ≤ count ≤ ${MAX_SHARDS}`);
  }
  return { index, count };
}

/** Fails unless `b` has exactly `n` bytes. */
function fixed(b: Uint8Array, n: number, what: string): Uint8Array {
  if (!(b instanceof Uint8Array) || b.length !== n) throw new ShardJobError('MALFORMED', `${what} must be ${n} bytes`);
  return b;
}

/**
 * Encodes a shard job (see the module note; the seed and the private input are in it: keep it secret).
 * @throws ShardJobError `MALFORMED` for a job that would not decode, `TOO_LARGE`
 */
export function encodeShardJob(job: ShardJobSpec): Uint8Array {
  const at = position(job.index, job.count);
  const shardCycles = malformedOn('shard cycles', () => checkShardCycles(job.shardCycles));
  const statement = malformedOn('statement', () => machineStatement(job.statement));
  for (const [what, b] of [['program', job.program], ['private input', job.privateInput]] as const) {
    if (!(b instanceof Uint8Array) || b.length > MAX_JOB_FIELD_BYTES) throw new ShardJobError('MALFORMED', `the ${what} must be bytes, at most ${MAX_JOB_FIELD_BYTES}`);
  }
  const w = header('job');
  w.u32(at.index);
  w.u32(at.count);
  w.u32(shardCycles);
  for (const x of configWords(malformedOn('configuration', () => starkConfig(job.config)))) w.u32(x);
  w.raw(fromHex(statement.programId));
  w.u32(statement.exitCode);
  w.bytes(statement.publicInput);
  w.bytes(statement.publicOutput);
  w.bytes(job.privateInput);
  w.bytes(job.program);
  w.raw(fixed(job.seed, 32, 'the seed'));
  return finish(w);
}

/**
 * Decodes a shard job and checks it: position, shard cycles, configuration, statement, the ELF (parsed;
 * its program id must be the statement's). @throws ShardJobError
 */
export function decodeShardJob(bytes: Uint8Array): ShardJobSpec {
  return malformedOn('unreadable job', () => {
    const r = open(bytes, 'job');
    const { index, count } = readPosition(r);
    const cycles = r.u32('shard cycles');
    const shardCycles = malformedOn('shard cycles', () => checkShardCycles(cycles));
    const config = readConfig(r);
    const programId = r.raw(PROGRAM_ID_BYTES, 'program id');
    const exitCode = r.u32('exit code') | 0;
    const publicInput = r.raw(length(r, 'public input', MAX_IO_BYTES), 'public input');
    const publicOutput = r.raw(length(r, 'public output', MAX_IO_BYTES), 'public output');
    const statement = malformedOn('statement', () => machineStatement({ programId, exitCode, publicInput, publicOutput }));
    const privateInput = r.raw(length(r, 'private input', MAX_JOB_FIELD_BYTES), 'private input');
    const program = r.raw(length(r, 'program', MAX_JOB_FIELD_BYTES), 'program');
    const seed = r.raw(32, 'seed');
    end(r, 'job');
    const image = malformedOn('the program is not a valid ELF', () => parseElf(program));
    const id = programIdHex(image);
    if (id !== statement.programId) throw new ShardJobError('MALFORMED', `the job's statement is about program ${statement.programId}, its ELF is program ${id}`);
    return Object.freeze({ program, image, statement, privateInput, config, shardCycles, index, count, seed });
  });
}

/** Encodes a shard's phase-one result. @throws ShardJobError `MALFORMED` for one that would not decode */
export function encodeShardCommitment(c: ShardCommitment): Uint8Array {
  const at = position(c.index, c.count);
  const w = header('commitment');
  w.u32(at.index);
  w.u32(at.count);
  w.raw(fixed(c.digest, 32, 'the digest'));
  writeSizes(w, c.sizes, at);
  return finish(w);
}

/** Decodes a shard's phase-one result (position, digest, sizes against the shard's registry). @throws ShardJobError */
export function decodeShardCommitment(bytes: Uint8Array): ShardCommitment {
  return malformedOn('unreadable commitment', () => {
    const r = open(bytes, 'commitment');
    const at = readPosition(r);
    const digest = r.raw(32, 'digest');
    const sizes = readSizes(r, at);
    end(r, 'commitment');
    return Object.freeze({ ...at, digest, sizes });
  });
}

/** Encodes the joint challenges. @throws ShardJobError `MALFORMED` unless they are exactly the shared relations' */
export function encodeProofLink(link: ProofLink): Uint8Array {
  const w = header('link');
  w.raw(fixed(link.digest, 32, 'the link digest'));
  if (!(link.shared instanceof Map) || link.shared.size !== SHARED_RELATIONS.length) throw new ShardJobError('MALFORMED', `a link holds the elements of the ${SHARED_RELATIONS.length} shared relations`);
  w.u32(SHARED_RELATIONS.length);
  for (const rel of SHARED_RELATIONS) {
    const e = link.shared.get(rel.name);
    if (e === undefined) throw new ShardJobError('MALFORMED', `the link has no elements for relation ${rel.name}`);
    w.bytes(new TextEncoder().encode(rel.name));
    w.qm31(e.z);
    w.qm31(e.alpha);
  }
  return finish(w);
}

/**
 * Decodes joint challenges: the digest and the elements of exactly the shared relations, in order, with
 * canonical coordinates. @throws ShardJobError
 */
export function decodeProofLink(bytes: Uint8Array): ProofLink {
  return malformedOn('unreadable link', () => {
    const r = open(bytes, 'link');
    const digest = r.raw(32, 'digest');
    const n = r.u32('relation count');
    if (n !== SHARED_RELATIONS.length) r.fail('malformed', `${n} relations; a link holds the ${SHARED_RELATIONS.length} shared ones`);
    const shared = new Map<string, { readonly z: readonly [number, number, number, number]; readonly alpha: readonly [number, number, number, number] }>();
    for (const rel of SHARED_RELATIONS) {
      const name = new TextDecoder('utf-8', { fatal: false }).decode(r.raw(length(r, 'relation name', LONGEST_RELATION_NAME), 'relation name'));
      if (name !== rel.name) r.fail('malformed', `relation ${JSON.stringify(name)} where the link has ${rel.name}`);
      const z = r.qm31(`${rel.name} z`);
      const alpha = r.qm31(`${rel.name} alpha`);
      shared.set(rel.name, Object.freeze({ z: [z[0], z[1], z[2], z[3]] as const, alpha: [alpha[0], alpha[1], alpha[2], alpha[3]] as const }));
    }
    end(r, 'link');
    return Object.freeze({ digest, shared });
  });
}

/** Encodes a shard's proof. @throws ShardJobError `MALFORMED` for one that would not decode, `TOO_LARGE` */
export function encodeShardProof(p: ShardProofResult): Uint8Array {
  const at = position(p.index, p.count);
  const w = header('shard proof');
  w.u32(at.index);
  w.u32(at.count);
  writeSizes(w, p.sizes, at);
  w.bytes(serializeProof(p.proof));
  return finish(w);
}

/** Decodes a shard's proof: position, sizes, and the STARK proof (bounded, `stark/serialize.ts`). @throws ShardJobError */
export function decodeShardProof(bytes: Uint8Array): ShardProofResult {
  return malformedOn('unreadable shard proof', () => {
    const r = open(bytes, 'shard proof');
    const at = readPosition(r);
    const sizes = readSizes(r, at);
    const body = r.view(length(r, 'STARK proof', MAX_PROOF_BYTES), 'STARK proof');
    end(r, 'shard proof');
    const proof = malformedOn('STARK proof', () => deserializeProof(body));
    return Object.freeze({ ...at, sizes, proof });
  });
}
