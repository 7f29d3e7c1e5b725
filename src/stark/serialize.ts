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
 *   sampledValues   u32 trees; per tree u32 columns; per column u32 points, then qm31 each
 *   decommitments   u32 trees; per tree: hashWitness (bytes, a multiple of 32), columnWitness (u32[])
 *   queriedValues   u32 trees; per tree u32[]
 *   powNonce        u32 low, u32 high (≤ 2^53 − 1)
 *   friProof        firstLayer, u32 count of inner layers, the layers, lastLayerPoly (u32[])
 *     layer         friWitness (u32[]), hashWitness (bytes), columnWitness (u32[]), commitment (32 bytes)
 * ```
 * Nothing may follow. The reader bounds every count by the bytes left before allocating anything, so a
 * hostile length costs nothing; QM31 coordinates must be canonical. Semantic checks (counts against the
 * AIR, the configuration against the accepted one) are the verifier's.
 * @module
 */
import type { QM31 } from '../field/index.js';
import type { FriLayerProof, FriProof } from '../fri/proof.js';
import type { MerkleDecommitment } from '../merkle/types.js';
import type { PcsProof } from '../pcs/proof.js';
import type { StarkConfig } from './config.js';
import { configWords, starkConfig } from './config.js';
import { VerificationError } from './errors.js';
import type { StarkProof } from './proof.js';

/** The 8 magic bytes "ZKVMSTRK". */
export const PROOF_MAGIC = Object.freeze([0x5a, 0x4b, 0x56, 0x4d, 0x53, 0x54, 0x52, 0x4b]);
/** Version of the binary format written by {@link serializeProof}. */
export const PROOF_FORMAT_VERSION = 1;
/** Largest proof accepted by {@link deserializeProof} (256 MiB). */
export const MAX_PROOF_BYTES = 256 * 1024 * 1024;
/** Length of the header: magic, version, configuration. */
export const PROOF_HEADER_BYTES = 8 + 4 + 5 * 4;

const P = 0x7fffffff;

class Writer {
  #buf = new Uint8Array(1 << 16);
  #view = new DataView(this.#buf.buffer);
  #len = 0;

  #grow(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let cap = this.#buf.length;
    while (cap < this.#len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  u32(v: number): void {
    this.#grow(4);
    this.#view.setUint32(this.#len, v >>> 0, true);
    this.#len += 4;
  }

  raw(b: Uint8Array): void {
    this.#grow(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  words(w: ArrayLike<number>): void {
    this.u32(w.length);
    this.#grow(4 * w.length);
    for (let i = 0; i < w.length; i++) {
      this.#view.setUint32(this.#len, w[i]! >>> 0, true);
      this.#len += 4;
    }
  }

  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.raw(b);
  }

  qm31(v: QM31): void {
    for (let k = 0; k < 4; k++) this.u32(v[k]!);
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

function writeDecommitment(w: Writer, d: MerkleDecommitment): void {
  w.bytes(d.hashWitness);
  w.words(d.columnWitness);
}

function writeLayer(w: Writer, l: FriLayerProof): void {
  w.words(l.friWitness);
  writeDecommitment(w, l.decommitment);
  w.raw(l.commitment);
}

/** Encodes a proof (see the module note for the layout). */
export function serializeProof(proof: StarkProof): Uint8Array {
  const w = new Writer();
  w.raw(Uint8Array.from(PROOF_MAGIC));
  w.u32(PROOF_FORMAT_VERSION);
  for (const x of configWords(proof.config)) w.u32(x);
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

  get pos(): number {
    return this.#pos;
  }

  need(n: number, what: string): void {
    if (n > this.left) throw new VerificationError('MALFORMED_PROOF', `truncated proof: ${what} needs ${n} bytes at offset ${this.#pos}, ${this.left} left`);
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.#view.getUint32(this.#pos, true);
    this.#pos += 4;
    return v;
  }

  /** A count of items of at least `minItemBytes` each, bounded by the bytes left. */
  count(what: string, minItemBytes: number): number {
    const n = this.u32(`${what} count`);
    if (n * minItemBytes > this.left) {
      throw new VerificationError('MALFORMED_PROOF', `${what}: count ${n} exceeds the ${this.left} bytes left`);
    }
    return n;
  }

  raw(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.slice(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  words(what: string): Uint32Array {
    const n = this.count(what, 4);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.#view.getUint32(this.#pos + 4 * i, true);
    this.#pos += 4 * n;
    return out;
  }

  bytes(what: string): Uint8Array {
    const n = this.count(what, 1);
    return this.raw(n, what);
  }

  qm31(what: string): QM31 {
    const v = [this.u32(what), this.u32(what), this.u32(what), this.u32(what)] as const;
    if (v.some((x) => x >= P)) throw new VerificationError('MALFORMED_PROOF', `${what}: a QM31 coordinate is not canonical`);
    return Object.freeze(v);
  }
}

function readDecommitment(r: Reader, what: string): MerkleDecommitment {
  const hashWitness = r.bytes(`${what} hash witness`);
  if (hashWitness.length % 32 !== 0) throw new VerificationError('MALFORMED_PROOF', `${what}: hash witness is not a multiple of 32 bytes`);
  const columnWitness = r.words(`${what} column witness`);
  return Object.freeze({ hashWitness, columnWitness });
}

function readLayer(r: Reader, what: string): FriLayerProof {
  const friWitness = r.words(`${what} FRI witness`);
  const decommitment = readDecommitment(r, what);
  const commitment = r.raw(32, `${what} root`);
  return Object.freeze({ friWitness, decommitment, commitment });
}

/**
 * Reads the header only: format version and configuration (to pick the verifier's settings before
 * reading the rest).
 * @throws VerificationError `MALFORMED_PROOF` (magic, truncation, an invalid configuration) or `UNSUPPORTED_VERSION`
 */
export function readProofHeader(bytes: Uint8Array): { version: number; config: StarkConfig } {
  if (!(bytes instanceof Uint8Array)) throw new VerificationError('MALFORMED_PROOF', 'a proof must be a Uint8Array');
  if (bytes.length > MAX_PROOF_BYTES) throw new VerificationError('MALFORMED_PROOF', `proof larger than ${MAX_PROOF_BYTES} bytes`);
  const r = new Reader(bytes);
  const magic = r.raw(8, 'magic');
  if (!PROOF_MAGIC.every((b, i) => magic[i] === b)) throw new VerificationError('MALFORMED_PROOF', 'not a zkvm STARK proof (bad magic)');
  const version = r.u32('version');
  if (version !== PROOF_FORMAT_VERSION) throw new VerificationError('UNSUPPORTED_VERSION', `proof format version ${version}; this verifier reads ${PROOF_FORMAT_VERSION}`);
  const [powBits, logBlowupFactor, logLastLayerDegreeBound, nQueries, flags] = [0, 1, 2, 3, 4].map(() => r.u32('config')) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (flags > 1) throw new VerificationError('MALFORMED_PROOF', `unknown configuration flags ${flags}`);
  let config: StarkConfig;
  try {
    config = starkConfig({ pcs: { powBits, fri: { logBlowupFactor, logLastLayerDegreeBound, nQueries } }, zeroKnowledge: flags === 1 });
  } catch (e) {
    throw new VerificationError('MALFORMED_PROOF', `invalid configuration in the proof: ${(e as Error).message}`, { cause: e });
  }
  return { version, config };
}

/**
 * Decodes a proof.
 * @throws VerificationError (`MALFORMED_PROOF`, `UNSUPPORTED_VERSION`) for anything that is not a
 * well-formed proof of this format; never another exception, and never allocates more than the input's size
 */
export function deserializeProof(bytes: Uint8Array): StarkProof {
  try {
    return deserializeInner(bytes);
  } catch (e) {
    if (e instanceof VerificationError) throw e;
    throw new VerificationError('MALFORMED_PROOF', `unreadable proof: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function deserializeInner(bytes: Uint8Array): StarkProof {
  const { config } = readProofHeader(bytes);
  const r = new Reader(bytes);
  r.raw(PROOF_HEADER_BYTES, 'header');
  const nCommit = r.count('commitments', 32);
  const commitments = Array.from({ length: nCommit }, (_, i) => r.raw(32, `commitment ${i}`));
  const nClaimed = r.count('claimed sums', 16);
  const claimedSums = Array.from({ length: nClaimed }, () => r.qm31('claimed sum'));
  const nTrees = r.count('sampled trees', 4);
  const sampledValues: QM31[][][] = [];
  for (let t = 0; t < nTrees; t++) {
    const nCols = r.count(`tree ${t} sampled columns`, 4);
    const tree: QM31[][] = [];
    for (let c = 0; c < nCols; c++) {
      const nPts = r.count(`tree ${t} column ${c} samples`, 16);
      tree.push(Array.from({ length: nPts }, () => r.qm31('sampled value')));
    }
    sampledValues.push(tree);
  }
  const nDec = r.count('decommitments', 8);
  const decommitments = Array.from({ length: nDec }, (_, i) => readDecommitment(r, `tree ${i}`));
  const nQv = r.count('queried values', 4);
  const queriedValues = Array.from({ length: nQv }, (_, i) => r.words(`tree ${i} queried values`));
  const lo = r.u32('nonce');
  const hi = r.u32('nonce');
  if (hi >= 2 ** 21) throw new VerificationError('MALFORMED_PROOF', 'proof-of-work nonce above 2^53');
  const powNonce = hi * 2 ** 32 + lo;
  const firstLayer = readLayer(r, 'first FRI layer');
  const nInner = r.count('inner FRI layers', 4 + 4 + 4 + 32);
  const innerLayers = Array.from({ length: nInner }, (_, i) => readLayer(r, `FRI layer ${i + 1}`));
  const lastLayerPoly = r.words('last layer');
  if (r.left !== 0) throw new VerificationError('MALFORMED_PROOF', `${r.left} bytes follow the proof`);
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
