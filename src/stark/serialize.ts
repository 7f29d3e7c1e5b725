/**
 * The binary proof format, version 1. Little-endian throughout; "u32[]" is a u32 count followed by that
 * many u32 words, "bytes" a u32 byte count followed by the bytes, "qm31" four u32 coordinates.
 *
 * ```
 * magic        8 bytes  "ZKVMSTRK"
 * version      u32      1
 * config       5 × u32  powBits, logBlowupFactor, logLastLayerDegreeBound, nQueries, flags (bit 0: zero knowledge)
 * commitments  u32 count (3), then 32 bytes each (roots of trees 1, 2, 3)
 * claimedSums  u32 count, then qm31 each
 * pcs proof:
 *   sampledValues   u32 trees (4); per tree u32 columns; per column u32 points, then qm31 each
 *   decommitments   u32 trees (4); per tree: hashWitness (bytes, a multiple of 32), columnWitness (u32[])
 *   queriedValues   u32 trees (4); per tree u32[]
 *   powNonce        u32 low, u32 high (≤ 2^53 − 1)
 *   friProof        firstLayer, u32 count of inner layers, the layers, lastLayerPoly (u32[])
 *     layer         friWitness (u32[]), hashWitness (bytes), columnWitness (u32[]), commitment (32 bytes)
 * ```
 * Everything after the header is the *body* ({@link writeProofBody}, {@link readProofBody}): a container
 * that states the configuration itself embeds only the body (the machine proof file,
 * `machine/proof-file.ts`), so a file has one header. Both are written and read with `codec.ts`.
 *
 * Nothing may follow. A format version other than 1 is `UNSUPPORTED_VERSION`, saying whether the proof
 * was made by an older or a newer zkvm.
 *
 * **Bounds.** The reader never trusts a count: each is checked, before anything is allocated for it,
 * against the bytes left (every item takes at least 4 bytes, so n empty items cost ≥ 4n bytes of input)
 * and against a limit. The counts the protocol fixes (3 commitments, 4 trees) must be exact; the ones
 * that become JavaScript objects are capped ({@link MAX_PROOF_QM31_VALUES}, {@link MAX_PROOF_COLUMNS},
 * {@link MAX_FRI_INNER_LAYERS}); the bulk — Merkle and FRI witnesses, queried values — is read into typed
 * arrays, one copy of its bytes. Given the verifier's expected `shape` (`shape.ts`), the length is first
 * compared with `shape.maxBytes` and every count must match the layout exactly. Measured
 * (`test/stark/hostile.test.ts`): decoding takes O(input) time, under 5 s, and under 400 MiB beyond the
 * input for the largest input, {@link MAX_PROOF_BYTES} (the objects built are at most about 1.1× the
 * input's size plus 100 MiB; a shaped read holds only what the layout allows); any malformed input is a
 * {@link VerificationError}, never another exception. QM31 coordinates must be canonical. Semantic
 * checks (values, the configuration against the accepted one) are the verifier's.
 * @module
 */
import type { FriLayerProof, FriProof } from '../fri/proof.js';
import type { MerkleDecommitment } from '../merkle/types.js';
import type { PcsProof } from '../pcs/proof.js';
import type { StarkConfig } from './config.js';
import type { QM31 } from '../field/index.js';
import { ByteReader, ByteWriter } from './codec.js';
import type { CodecFailure } from './codec.js';
import { configWords, starkConfig } from './config.js';
import { VerificationError } from './errors.js';
import type { StarkProof } from './proof.js';
import { PROOF_COMMITMENTS, PROOF_TREES } from './shape.js';
import type { FriLayerBounds, OpeningBounds, ProofShape } from './shape.js';

/** The 8 magic bytes "ZKVMSTRK". */
export const PROOF_MAGIC = Object.freeze([0x5a, 0x4b, 0x56, 0x4d, 0x53, 0x54, 0x52, 0x4b]);
/** Version of the binary format written by {@link serializeProof}. */
export const PROOF_FORMAT_VERSION = 1;
/** Largest proof accepted by {@link deserializeProof} (256 MiB). */
export const MAX_PROOF_BYTES = 256 * 1024 * 1024;
/** Length of the header: magic, version, configuration. */
export const PROOF_HEADER_BYTES = 8 + 4 + 5 * 4;

function writeDecommitment(w: ByteWriter, d: MerkleDecommitment): void {
  w.bytes(d.hashWitness);
  w.words(d.columnWitness);
}

function writeLayer(w: ByteWriter, l: FriLayerProof): void {
  w.words(l.friWitness);
  writeDecommitment(w, l.decommitment);
  w.raw(l.commitment);
}

/** Encodes a proof (see the module note for the layout). */
export function serializeProof(proof: StarkProof): Uint8Array {
  const w = new ByteWriter();
  w.raw(Uint8Array.from(PROOF_MAGIC));
  w.u32(PROOF_FORMAT_VERSION);
  for (const x of configWords(proof.config)) w.u32(x);
  writeProofBody(w, proof);
  return w.finish();
}

/**
 * Writes everything of a proof after its header (commitments onward) to `w`: what a container that
 * states the configuration itself (the machine's proof file) embeds, so that one file has one header.
 */
export function writeProofBody(w: ByteWriter, proof: StarkProof): void {
  w.u32(proof.commitments.length);
  for (const c of proof.commitments) {
    if (c.length !== 32) throw new RangeError('a commitment must be 32 bytes');
    w.raw(c);
  }
  w.u32(proof.claimedSums.length);
  for (const s of proof.claimedSums) w.qm31(s);
  const p = proof.pcs;
  w.u32(p.sampledValues.length);
  for (const tree of p.sampledValues) {
    w.u32(tree.length);
    for (const col of tree) {
      w.u32(col.length);
      for (const v of col) w.qm31(v);
    }
  }
  w.u32(p.decommitments.length);
  for (const d of p.decommitments) writeDecommitment(w, d);
  w.u32(p.queriedValues.length);
  for (const v of p.queriedValues) w.words(v);
  if (!Number.isSafeInteger(p.powNonce) || p.powNonce < 0) throw new RangeError('powNonce must be a non-negative safe integer');
  w.u32(p.powNonce % 2 ** 32);
  w.u32(Math.floor(p.powNonce / 2 ** 32));
  writeLayer(w, p.friProof.firstLayer);
  w.u32(p.friProof.innerLayers.length);
  for (const l of p.friProof.innerLayers) writeLayer(w, l);
  w.words(p.friProof.lastLayerPoly);
}

/**
 * Generic limits of the reader when the caller gives no {@link ProofShape}: at most this many QM31 values
 * (claimed sums and sampled values together; 16 MiB of input). Each one becomes a small JavaScript array
 * (≈ 5× its 16 input bytes), so this cap is what keeps a proof made of nothing but values from costing
 * 5× its size. The machine AIR needs a few thousand.
 */
export const MAX_PROOF_QM31_VALUES = 2 ** 20;
/** Generic limit on the number of sampled columns, all trees together (the machine AIR has about 1,100). */
export const MAX_PROOF_COLUMNS = 2 ** 20;
/** Most inner FRI layers any proof can have: one per halving of a domain of at most 2^30 points. */
export const MAX_FRI_INNER_LAYERS = 30;

/** Options of {@link deserializeProof}. */
export interface DeserializeOptions {
  /**
   * The shape the verifier expects (`shape.ts` `proofShape` of its AIR and configuration). With it, the
   * byte length is checked against `shape.maxBytes` first and every count against the shape before
   * anything is read or allocated; without it, the generic limits above apply.
   */
  readonly shape?: ProofShape;
}

/** How this module reports a malformed proof: every failure is `MALFORMED_PROOF`. */
const malformed = (message: string): never => {
  throw new VerificationError('MALFORMED_PROOF', message);
};
const proofFailure: CodecFailure = (_kind, message) => malformed(message);

/** One shared empty column (a hostile proof may hold a million of them; they cost one slot each). */
const NO_VALUES: readonly QM31[] = Object.freeze([]);

/** No limit beyond the bytes present (the generic reader's bound for typed arrays: they cost 1× their bytes). */
const ANY = 2 ** 32;

function readDecommitment(r: ByteReader, what: string, b?: OpeningBounds): MerkleDecommitment {
  const hashWitness = r.bytes(`${what} hash witness`, b?.maxHashBytes ?? ANY);
  if (hashWitness.length % 32 !== 0) r.fail('malformed', `${what}: hash witness is not a multiple of 32 bytes`);
  const columnWitness = r.words(`${what} column witness`, b?.maxColumnWitness ?? ANY);
  return Object.freeze({ hashWitness, columnWitness });
}

function readLayer(r: ByteReader, what: string, b?: FriLayerBounds): FriLayerProof {
  const friWitness = r.words(`${what} FRI witness`, b?.maxFriWitness ?? ANY);
  const decommitment = readDecommitment(r, what, b);
  const commitment = r.raw(32, `${what} root`);
  return Object.freeze({ friWitness, decommitment, commitment });
}

/** Which proof-format version `version` is, for people: older or newer than this reader's. */
function versionMessage(what: string, version: number, current: number): string {
  const who = version < current ? 'an older' : 'a newer';
  return `${what} version ${version} was made by ${who} version of zkvm; this one reads version ${current}`;
}

/**
 * Reads the header only: format version and configuration (to pick the verifier's settings before
 * reading the rest).
 * @throws VerificationError `MALFORMED_PROOF` (magic, truncation, an invalid configuration) or
 * `UNSUPPORTED_VERSION` (another format version; the message says whether older or newer)
 */
export function readProofHeader(bytes: Uint8Array): { version: number; config: StarkConfig } {
  if (!(bytes instanceof Uint8Array)) malformed('a proof must be a Uint8Array');
  if (bytes.length > MAX_PROOF_BYTES) malformed(`proof of ${bytes.length} bytes is larger than ${MAX_PROOF_BYTES} bytes`);
  const r = new ByteReader(bytes, proofFailure);
  r.need(8, 'magic');
  if (!PROOF_MAGIC.every((b, i) => bytes[i] === b)) malformed('not a zkvm STARK proof (bad magic)');
  r.raw(8, 'magic');
  const version = r.u32('version');
  if (version !== PROOF_FORMAT_VERSION) throw new VerificationError('UNSUPPORTED_VERSION', versionMessage('proof format', version, PROOF_FORMAT_VERSION));
  const [powBits, logBlowupFactor, logLastLayerDegreeBound, nQueries, flags] = [0, 1, 2, 3, 4].map(() => r.u32('config')) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (flags > 1) malformed(`unknown configuration flags ${flags}`);
  let config: StarkConfig;
  try {
    config = starkConfig({ pcs: { powBits, fri: { logBlowupFactor, logLastLayerDegreeBound, nQueries } }, zeroKnowledge: flags === 1 });
  } catch (e) {
    throw new VerificationError('MALFORMED_PROOF', `invalid configuration in the proof: ${(e as Error).message}`, { cause: e });
  }
  return { version, config };
}

/**
 * Decodes a proof, in time and memory linear in its length (see the module note for the bounds).
 * @throws VerificationError (`MALFORMED_PROOF`, `UNSUPPORTED_VERSION`) for anything that is not a
 * well-formed proof of this format (or not of `options.shape`); never another exception
 */
export function deserializeProof(bytes: Uint8Array, options: DeserializeOptions = {}): StarkProof {
  try {
    return deserializeInner(bytes, options.shape);
  } catch (e) {
    if (e instanceof VerificationError) throw e;
    throw new VerificationError('MALFORMED_PROOF', `unreadable proof: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function deserializeInner(bytes: Uint8Array, shape: ProofShape | undefined): StarkProof {
  const { config } = readProofHeader(bytes);
  if (shape && bytes.length > shape.maxBytes) malformed(`proof of ${bytes.length} bytes; its layout allows at most ${shape.maxBytes}`);
  const r = new ByteReader(bytes, proofFailure);
  r.raw(PROOF_HEADER_BYTES, 'header');
  return readProofBody(r, config, shape);
}

/**
 * Reads everything of a proof after its header (see {@link writeProofBody}) from `r`, under `config` (the
 * container's), against `shape` when given; the body must end the input. Every count is bounded before
 * anything is allocated (see the module note); errors are `r`'s.
 */
export function readProofBody(r: ByteReader, config: StarkConfig, shape: ProofShape | undefined): StarkProof {
  if (shape && r.left > shape.maxBytes - PROOF_HEADER_BYTES) r.fail('malformed', `proof body of ${r.left} bytes; its layout allows at most ${shape.maxBytes - PROOF_HEADER_BYTES}`);
  r.exact('commitments', PROOF_COMMITMENTS);
  const commitments = Array.from({ length: PROOF_COMMITMENTS }, (_, i) => r.raw(32, `commitment ${i}`));
  // QM31 values and columns become JavaScript objects: their counts are limited (by the shape, or by
  // the generic caps) before any is built.
  let qm31Left = MAX_PROOF_QM31_VALUES;
  let columnsLeft = MAX_PROOF_COLUMNS;
  const nClaimed = shape ? shape.claimedSums : r.count('claimed sums', 16, qm31Left);
  if (shape) r.exact('claimed sums', nClaimed);
  qm31Left -= nClaimed;
  const claimedSums = r.qm31s(nClaimed, 'claimed sum');
  r.exact('sampled trees', PROOF_TREES);
  const sampledValues: (readonly QM31[])[][] = [];
  for (let t = 0; t < PROOF_TREES; t++) {
    const want = shape?.samplePoints[t];
    const nCols = want ? want.length : r.count(`tree ${t} sampled columns`, 4, columnsLeft);
    if (want) r.exact(`tree ${t} sampled columns`, nCols);
    columnsLeft -= nCols;
    const tree: (readonly QM31[])[] = [];
    // One label per tree (a string per column would cost more than an empty column; errors name the offset).
    const label = `tree ${t} sampled values`;
    for (let c = 0; c < nCols; c++) {
      const nPts = want ? want[c]! : r.count(label, 16, qm31Left);
      if (want) r.exact(label, nPts);
      qm31Left -= nPts;
      tree.push(nPts === 0 ? NO_VALUES : r.qm31s(nPts, label));
    }
    sampledValues.push(tree);
  }
  r.exact('decommitments', PROOF_TREES);
  const decommitments = Array.from({ length: PROOF_TREES }, (_, i) => readDecommitment(r, `tree ${i}`, shape?.openings[i]));
  r.exact('queried values', PROOF_TREES);
  const queriedValues = Array.from({ length: PROOF_TREES }, (_, i) => r.words(`tree ${i} queried values`, shape?.maxQueriedValues[i] ?? ANY));
  const lo = r.u32('nonce');
  const hi = r.u32('nonce');
  if (hi >= 2 ** 21) r.fail('malformed', 'proof-of-work nonce above 2^53');
  const powNonce = hi * 2 ** 32 + lo;
  const firstLayer = readLayer(r, 'first FRI layer', shape?.firstLayer);
  // An inner layer is at least three counts and a root.
  const nInner = shape ? shape.innerLayers.length : r.count('inner FRI layers', 4 + 4 + 4 + 32, MAX_FRI_INNER_LAYERS);
  if (shape) r.exact('inner FRI layers', nInner);
  const innerLayers = Array.from({ length: nInner }, (_, i) => readLayer(r, `FRI layer ${i + 1}`, shape?.innerLayers[i]));
  const lastLayerPoly = r.words('last layer', shape?.lastLayerWords ?? 4 * 2 ** config.pcs.fri.logLastLayerDegreeBound);
  if (shape && lastLayerPoly.length !== shape.lastLayerWords) r.fail('malformed', `the last FRI layer has ${shape.lastLayerWords} words`);
  if (r.left !== 0) r.fail('trailing', `${r.left} bytes follow the proof`);
  const friProof: FriProof = Object.freeze({ firstLayer, innerLayers: Object.freeze(innerLayers), lastLayerPoly });
  const pcs: PcsProof = Object.freeze({
    sampledValues: Object.freeze(sampledValues),
    decommitments: Object.freeze(decommitments),
    queriedValues: Object.freeze(queriedValues),
    powNonce,
    friProof,
  });
  return Object.freeze({ config, commitments: Object.freeze(commitments), claimedSums: Object.freeze(claimedSums), pcs });
}
