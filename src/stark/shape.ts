/**
 * The shape of a proof as the verifier expects it, derived from the AIR and the configuration alone (never
 * from the proof): how many claimed sums, sampled values per column, trees and FRI layers it has, an upper
 * bound on every variable-length item (Merkle witnesses, queried values, FRI witnesses) and therefore on
 * its encoded size ({@link ProofShape.maxBytes}).
 *
 * It lets a verifier reject a proof of the wrong shape *before* any work sized by it: the reader
 * (`serialize.ts` `deserializeProof` with `{ shape }`) compares every count with it before allocating,
 * and {@link checkProofShape} does the same for a proof object, before the preprocessed commitment or the
 * transcript. The bounds follow from how the openings are built (`merkle/verifier.ts`,
 * `fri/verifier.ts`): with q query draws, a Merkle opening of a PCS tree reads at most q sibling
 * hashes per layer (every opened node has a child on a queried path, so at most one sibling from the
 * witness) and at most q rows of its columns (queried values plus column witness); a FRI layer opens at
 * most q pairs (2q nodes, whose partners may need two siblings), so its witness holds at most q QM31
 * values per column. The bounds used allow 2q hashes per layer and 2q rows everywhere, a margin over
 * what honest proofs need; they are upper bounds only, and the verifier still checks that every item is
 * consumed exactly.
 *
 * Browser-safe; imports no prover code.
 * @module
 */
import type { Air } from '../air/verifier.js';
import type { StarkConfig } from './config.js';
import { VerificationError } from './errors.js';
import { proofLayout, provingAir } from './layout.js';
import type { ProofLayout } from './layout.js';
import type { StarkProof } from './proof.js';

/** Number of trees the prover commits (main, interaction, composition); the preprocessed one is the verifier's. */
export const PROOF_COMMITMENTS = 3;
/** Number of trees a proof opens: preprocessed, main, interaction, composition. */
export const PROOF_TREES = 4;

/** Bounds of one Merkle opening. */
export interface OpeningBounds {
  /** Most bytes of its hash witness (a multiple of 32). */
  readonly maxHashBytes: number;
  /** Most M31 values of its column witness. */
  readonly maxColumnWitness: number;
}

/** Bounds of one FRI layer proof. */
export interface FriLayerBounds extends OpeningBounds {
  /** Most u32 words of its FRI witness (four per QM31 value). */
  readonly maxFriWitness: number;
}

/** What a valid proof of an AIR under a configuration looks like (see the module note). */
export interface ProofShape {
  /** Claimed sums: one per component with lookups. */
  readonly claimedSums: number;
  /** `samplePoints[t][c]`: number of sampled values of column c of tree t. */
  readonly samplePoints: readonly (readonly number[])[];
  /** Per tree: the bounds of its Merkle opening. */
  readonly openings: readonly OpeningBounds[];
  /** Per tree: most queried values (M31). */
  readonly maxQueriedValues: readonly number[];
  /** The first FRI layer (one column per distinct commitment size). */
  readonly firstLayer: FriLayerBounds;
  /** Each inner FRI layer; their number is exact. */
  readonly innerLayers: readonly FriLayerBounds[];
  /** Exact u32 length of the last-layer polynomial (four per coefficient). */
  readonly lastLayerWords: number;
  /** Total number of sampled values (Σ of {@link samplePoints}). */
  readonly sampledValues: number;
  /** Upper bound of the proof's encoded size in bytes (`serializeProof`). */
  readonly maxBytes: number;
}

/**
 * The shape of proofs of `air` (its proving AIR under `config`: zero-knowledge blinding columns included).
 * Cheap: O(columns), no FFT or hash. `layout` is `proofLayout(air, config)`, when the caller has it.
 * @throws LayoutError / AirError as `proofLayout` does for an AIR that does not fit the configuration
 */
export function proofShape(air: Air, config: StarkConfig, layout: ProofLayout = proofLayout(air, config)): ProofShape {
  const a = provingAir(air, config);
  const q = config.pcs.fri.nQueries;
  const B = config.pcs.fri.logBlowupFactor;
  const logLast = config.pcs.fri.logLastLayerDegreeBound;
  const pre = a.preprocessed.map(() => 1);
  const main: number[] = [];
  const inter: number[] = [];
  for (const c of a.components) {
    for (const offs of c.mainOffsets) main.push(offs.length);
    for (const offs of c.interactionOffsets) for (let k = 0; k < 4; k++) inter.push(offs.length);
  }
  // Tree 3: the four coordinate columns of the composition, then (zero knowledge) the FRI masks; one point each.
  const comp = layout.treeLogSizes[3].map(() => 1);
  const samplePoints = Object.freeze([pre, main, inter, comp].map((t) => Object.freeze(t)));
  // PCS trees open at most q nodes per layer, each an ancestor of an opened leaf (one witness hash at
  // most); FRI layers open pairs, whose partners may need two: 2q per layer for both, to stay safe.
  const opening = (depth: number, columns: number): OpeningBounds => Object.freeze({ maxHashBytes: 32 * 2 * q * depth, maxColumnWitness: 2 * q * columns });
  const openings = Object.freeze(
    layout.treeLogSizes.map((sizes) => (sizes.length === 0 ? opening(0, 0) : opening(Math.max(...sizes) + B, sizes.length))),
  );
  const maxQueriedValues = Object.freeze(layout.treeLogSizes.map((sizes) => q * sizes.length));
  // FRI: one first-layer column per distinct commitment size; the largest folds down to the last layer.
  const distinct = [...new Set(layout.treeLogSizes.flat())].sort((x, y) => y - x);
  const top = distinct[0]!;
  const firstLayer = Object.freeze({ ...opening(top + B, 4 * distinct.length), maxFriWitness: 4 * q * distinct.length });
  const innerLayers: FriLayerBounds[] = [];
  for (let bound = top - 1; bound > logLast; bound--) innerLayers.push(Object.freeze({ ...opening(bound + B, 4), maxFriWitness: 4 * q }));
  const lastLayerWords = 4 * 2 ** logLast;
  const sampledValues = samplePoints.reduce((s, t) => s + t.reduce((x, y) => x + y, 0), 0);
  const claimedSums = a.components.filter((c) => c.nInteraction > 0).length;
  // Encoded size (serialize.ts): every count is a u32, a QM31 16 bytes, a root 32.
  const layerBytes = (l: FriLayerBounds) => 4 + 4 * l.maxFriWitness + 4 + l.maxHashBytes + 4 + 4 * l.maxColumnWitness + 32;
  const maxBytes =
    32 + // magic, version, configuration
    4 + 32 * PROOF_COMMITMENTS +
    4 + 16 * claimedSums +
    4 + samplePoints.reduce((s, t) => s + 4 + 4 * t.length, 0) + 16 * sampledValues +
    4 + openings.reduce((s, o) => s + 4 + o.maxHashBytes + 4 + 4 * o.maxColumnWitness, 0) +
    4 + maxQueriedValues.reduce((s, n) => s + 4 + 4 * n, 0) +
    8 + // proof-of-work nonce
    layerBytes(firstLayer) +
    4 + innerLayers.reduce((s, l) => s + layerBytes(l), 0) +
    4 + 4 * lastLayerWords;
  return Object.freeze({
    claimedSums,
    samplePoints,
    openings,
    maxQueriedValues,
    firstLayer,
    innerLayers: Object.freeze(innerLayers),
    lastLayerWords,
    sampledValues,
    maxBytes,
  });
}

const bad = (message: string): never => {
  throw new VerificationError('MALFORMED_PROOF', message);
};

function checkOpening(d: unknown, b: OpeningBounds, what: string): void {
  if (d === null || typeof d !== 'object') bad(`${what}: decommitment is not an object`);
  const { hashWitness, columnWitness } = d as { hashWitness?: unknown; columnWitness?: unknown };
  if (!(hashWitness instanceof Uint8Array) || hashWitness.length > b.maxHashBytes) bad(`${what}: hash witness longer than the ${b.maxHashBytes} bytes the layout allows`);
  if (!(columnWitness instanceof Uint32Array) || columnWitness.length > b.maxColumnWitness) bad(`${what}: column witness longer than the ${b.maxColumnWitness} values the layout allows`);
}

function checkLayer(l: unknown, b: FriLayerBounds, what: string): void {
  if (l === null || typeof l !== 'object') bad(`${what} is not an object`);
  const { friWitness, decommitment } = l as { friWitness?: unknown; decommitment?: unknown };
  if (!(friWitness instanceof Uint32Array) || friWitness.length > b.maxFriWitness) bad(`${what}: FRI witness longer than the ${b.maxFriWitness} words the layout allows`);
  checkOpening(decommitment, b, what);
}

/**
 * Checks the counts and lengths of a proof object against `shape` (no value is read beyond lengths): the
 * verifier's cheap first pass, before any work sized by the proof.
 * @throws VerificationError `MALFORMED_PROOF` naming the first item out of shape
 */
export function checkProofShape(proof: StarkProof, shape: ProofShape): void {
  try {
    checkShapeInner(proof, shape);
  } catch (e) {
    if (e instanceof VerificationError) throw e;
    // A hand-built object with throwing getters or proxies: still a typed rejection.
    bad(`malformed proof object: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function checkShapeInner(proof: StarkProof, shape: ProofShape): void {
  if (proof === null || typeof proof !== 'object') bad('proof is not an object');
  const { commitments, claimedSums, pcs } = proof;
  if (!Array.isArray(commitments) || commitments.length !== PROOF_COMMITMENTS) bad(`a proof has ${PROOF_COMMITMENTS} commitments`);
  if (!Array.isArray(claimedSums) || claimedSums.length !== shape.claimedSums) bad(`the layout has ${shape.claimedSums} claimed sums`);
  if (pcs === null || typeof pcs !== 'object') bad('pcs proof missing');
  const { sampledValues, decommitments, queriedValues, friProof } = pcs;
  const pts = shape.samplePoints;
  if (!Array.isArray(sampledValues) || sampledValues.length !== pts.length) bad(`sampled values must list ${pts.length} trees`);
  pts.forEach((tree, t) => {
    const got = sampledValues[t];
    if (!Array.isArray(got) || got.length !== tree.length) bad(`tree ${t}: the layout has ${tree.length} sampled columns`);
    tree.forEach((n, c) => {
      if (!Array.isArray(got![c]) || got![c]!.length !== n) bad(`tree ${t} column ${c}: the layout has ${n} sampled values`);
    });
  });
  if (!Array.isArray(decommitments) || decommitments.length !== PROOF_TREES) bad(`decommitments must list ${PROOF_TREES} trees`);
  shape.openings.forEach((b, t) => checkOpening(decommitments[t], b, `tree ${t}`));
  if (!Array.isArray(queriedValues) || queriedValues.length !== PROOF_TREES) bad(`queried values must list ${PROOF_TREES} trees`);
  shape.maxQueriedValues.forEach((n, t) => {
    const v = queriedValues[t];
    if (!(v instanceof Uint32Array) || v.length > n) bad(`tree ${t}: more queried values than the ${n} the layout allows`);
  });
  if (friProof === null || typeof friProof !== 'object') bad('FRI proof missing');
  checkLayer(friProof.firstLayer, shape.firstLayer, 'first FRI layer');
  const inner = friProof.innerLayers;
  if (!Array.isArray(inner) || inner.length !== shape.innerLayers.length) bad(`the layout has ${shape.innerLayers.length} inner FRI layers`);
  shape.innerLayers.forEach((b, k) => checkLayer(inner[k], b, `FRI layer ${k + 1}`));
  const last = friProof.lastLayerPoly;
  if (!(last instanceof Uint32Array) || last.length !== shape.lastLayerWords) bad(`the last FRI layer has ${shape.lastLayerWords} words`);
}
