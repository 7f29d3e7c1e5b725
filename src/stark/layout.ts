/**
 * The shape of a proof, derived identically by prover and verifier from the AIR and the configuration:
 * every committed column's polynomial log size per tree, each component's constraint-evaluation domain,
 * and — with zero knowledge — the blinding parameters (see below).
 *
 * Trees: 0 preprocessed, 1 main, 2 interaction (4 M31 columns per QM31 column), 3 composition (the four
 * coordinate polynomials of the composition, then, with zero knowledge, one random FRI-mask column per
 * distinct commitment size).
 *
 * ## Zero knowledge
 *
 * The construction enabled by `config.zeroKnowledge`:
 *
 * 1. **Trace randomization.** Every main and interaction column f of a component with N = 2^n rows is
 *    committed as f' = f + Z_H·r, with r a uniformly random polynomial of h coefficients. In the FFT basis
 *    Z_H·b_j = b_{N+j} for j < N (bit n of the index selects π^(n−1)(x) = Z_H), so f' is simply f's N
 *    coefficients followed by h random ones: a polynomial of log size n + 1 that equals f on the trace
 *    domain H (so every constraint still holds there). h counts the M31 linear functionals of f' a proof
 *    reveals, plus slack: 4 per out-of-domain mask sample (a QM31), one per trace-tree query, and one per
 *    query and mask offset for the composition values opened at the query points (they depend on f' at
 *    the shifted points): h = 4·|O| + q·(1 + |O|) + {@link ZK_SLACK}, with |O| the component's largest
 *    mask-offset count and q the query count. With h > revealed functionals, the revealed values are
 *    uniform and independent of the witness (for points in general position), and the slack leaves
 *    ≥ 8·31 bits of min-entropy in every unopened Merkle leaf, so leaves need no salt (BLAKE2s as a random
 *    oracle). Requires h ≤ N (a smaller trace is rejected: pad it).
 * 2. **Degree budget.** f' has total degree ≤ N/2 + ⌊(h−1)/2⌋ + 1, so a degree-d constraint's quotient has
 *    degree ≤ d·deg f' − N/2, and the evaluation domain log extension L is the least one whose FFT space
 *    (total degree ≤ 2^(n+L−1) − 1) holds it. Degree-2 AIRs keep L = 1; degree 3 needs L = 2, and so does
 *    degree 4 while h ≤ N/4, which is why the blinded components batch logUp fractions up to degree 4
 *    (`ZK_BATCH_DEGREE` in `air/component.ts`).
 * 3. **FRI masking.** For each distinct commitment size s among all columns, tree 3 carries one column of
 *    uniformly random coefficients (log size s − B), sampled at the OOD point like the others. It enters the
 *    DEEP quotient of its size with a nonzero random coefficient, so each quotient column FRI sees — and
 *    every folded layer value it opens — is masked by an independent uniformly random polynomial.
 * 4. **Composition.** Q is a function of the randomized traces; its revealed values (at the OOD point,
 *    determined by the mask samples anyway, and at the query points, functions of f' at points counted
 *    in h) are therefore simulatable; it is not masked separately.
 *
 * 5. **logUp claimed sums.** Each component c with lookups sends its claimed sum S_c = Σ_rows T_c in the
 *    clear (its last interaction column needs s = S_c/N). Left alone, S_c = R_c(z, α) is a function of c's
 *    lookup multiset that a verifier could test against a guess. So a zero-knowledge proof proves
 *    {@link provingAir}: the AIR where every component with lookups has four more main columns b_0 … b_3
 *    (after its own) and four more entries yielding the constant tuples (j), j = 0..3, of the reserved
 *    relation `zk.blind` (arity 1, challenge z_b) with multiplicity b_j (`air/component.ts`
 *    `withLogUpBlinding`). The prover fills the b's with uniform M31 values, except that for each j the last
 *    cell is set so that Σ over all components and rows of b_j = 0. Writing B_{c,j} = Σ_rows b_{c,j},
 *    S_c = R_c + Σ_j B_{c,j}/(j − z_b).
 *    - *Completeness*: Σ_c S_c = Σ_c R_c + Σ_j (Σ_c B_{c,j})/(j − z_b) = Σ_c R_c.
 *    - *Hiding*: the B_{c,j} are uniform subject to Σ_c B_{c,j} = 0. The M31-linear map
 *      β(B_0, …, B_3) = Σ_j B_j/(j − z_b) from M31⁴ to QM31 (also M31⁴) has a kernel only if z_b is a root
 *      of Σ_j B_j·Π_{i≠j}(i − X), a nonzero (its value at X = j is B_j·Π_{i≠j}(i − j)) M31 polynomial of
 *      degree ≤ 3 — i.e. only if z_b ∈ CM31 (QM31 has no subfield of degree 3): probability 2^−62. Else β
 *      is a bijection, and the claimed sums are uniform in QM31^C subject to Σ_c S_c = Σ_c R_c, which the
 *      statement fixes anyway (it must cancel the public terms). With one component with lookups the
 *      blinding is 0 and S_c is that fixed value. The b columns themselves are main columns, committed
 *      and opened as f + Z_H·r (item 1) with r independent of b, so nothing else about them is revealed.
 *      Four columns is the least that works: β must reach all of QM31 from M31 multiplicities.
 *    - *Soundness*: the b's are committed in tree 1, before any logUp challenge (z_b included) is drawn,
 *      and the interaction constraints bind each S_c to the committed rows. The verifier's check
 *      Σ_c S_c + public = 0 reads R(z⃗, α⃗) + Σ_j B_j/(j − z_b) = 0 with B_j = Σ_c B_{c,j} fixed in
 *      advance. Multiply by D·Π_j(j − z_b), D the product of all real denominators (R = N/D): the
 *      polynomial G = N·Π_j(j − z_b) + D·Σ_j B_j·Π_{i≠j}(i − z_b) vanishes identically only if every
 *      B_j = 0 (G at z_b = j is D·B_j·Π_{i≠j}(i − j): the four poles are distinct) and then N ≡ 0 (the
 *      real lookups balance). Otherwise, by Schwartz–Zippel over the independent challenges, G vanishes
 *      at them with probability ≤ (deg G)/p⁴ ≤ (d + 4)/p⁴, d the degree bound of the unblinded logUp
 *      argument (Σ over real entries of their denominators' degrees): blinding adds 4/p⁴ ≈ 2^−122.
 *      Hence a prover whose b's do not sum to zero, or whose real lookups do not balance, is rejected
 *      (`LOGUP_SUM`) except with that probability. The integer-multiplicity argument of the real
 *      relations (`checkLookupBound`) is untouched: `zk.blind` is a relation of its own.
 *    - *Which columns*: verifier and prover derive the blinding columns from the AIR and the configuration
 *      alone ({@link provingAir}), never from the proof. An AIR whose own components use `zk.blind` (only
 *      possible with hand-built objects: `relation()` refuses the name) is refused, so that relation never
 *      holds anything but the four constant tuples.
 *
 * Preprocessed columns are public and not randomized. The shape below is that of {@link provingAir}
 * (with zero knowledge: including the blinding columns and their interaction columns).
 * @module
 */
import type { Air } from '../air/verifier.js';
import { assertNoBlinding, logExtensionForDegree, logUpBlindedAir, MAX_LOG_EXTENSION } from '../air/verifier.js';
import type { StarkConfig } from './config.js';

/** Extra random coefficients beyond the revealed functionals (8 × 31 bits of leaf entropy). */
export const ZK_SLACK = 8;

/** Everything about a proof's shape that prover and verifier derive. */
export interface ProofLayout {
  /** PCS polynomial log size of every column, per tree 0..3. */
  readonly treeLogSizes: readonly [readonly number[], readonly number[], readonly number[], readonly number[]];
  /** Per component: log size of its committed main/interaction polynomials (n, or n + 1 with ZK). */
  readonly committedLogSizes: readonly number[];
  /** Per component: log size of the constraint-evaluation domain (n + L). */
  readonly evalLogSizes: readonly number[];
  /** Per component: number of random blinding coefficients (0 without ZK). */
  readonly blinding: readonly number[];
  /** Log size of the composition polynomial (max of evalLogSizes). */
  readonly compositionLogSize: number;
  /** Polynomial log sizes of the FRI-mask columns (tree 3 after the composition; empty without ZK). */
  readonly maskLogSizes: readonly number[];
  /** Largest commitment-domain log size (for the security estimate). */
  readonly maxCommitLogSize: number;
}

/** Why a layout cannot be built. */
export class LayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutError';
  }
}

/** Largest commitment-domain log size (the circle domains stop at 2^30). */
const MAX_DOMAIN_LOG = 30;

/**
 * The AIR a proof of `air` under `config` actually proves: with zero knowledge, `air` with logUp blinding
 * (item 5 of the module note; `air` itself when it has no lookups); without, `air`. Deterministic and
 * cached, so prover and verifier agree on it.
 * @throws AirError `INVALID_DESCRIPTION` when `air` uses the reserved relation `zk.blind` itself
 */
export function provingAir(air: Air, config: StarkConfig): Air {
  if (config.zeroKnowledge) return logUpBlindedAir(air);
  assertNoBlinding(air);
  return air;
}

/**
 * Derives the layout of proofs of `air` (of its {@link provingAir} under `config`, blinding columns
 * included); throws {@link LayoutError} when the AIR does not fit the configuration.
 */
export function proofLayout(userAir: Air, config: StarkConfig): ProofLayout {
  let air: Air;
  try {
    air = provingAir(userAir, config);
  } catch (e) {
    throw new LayoutError((e as Error).message);
  }
  const B = config.pcs.fri.logBlowupFactor;
  const minLog = config.pcs.fri.logLastLayerDegreeBound + 1;
  const zk = config.zeroKnowledge;
  const q = config.pcs.fri.nQueries;
  const committed: number[] = [];
  const evalLogs: number[] = [];
  const blinding: number[] = [];
  for (const c of air.components) {
    const n = c.logSize;
    const N = 2 ** n;
    if (!zk) {
      committed.push(n);
      evalLogs.push(c.evalLogSize);
      blinding.push(0);
      continue;
    }
    const o = Math.max(1, ...c.mainOffsets.map((x) => x.length), ...c.interactionOffsets.map((x) => x.length));
    const h = 4 * o + q * (1 + o) + ZK_SLACK;
    if (h > N) throw new LayoutError(`component ${c.name}: ${N} rows are too few for zero knowledge (${h} blinding coefficients needed)`);
    // Total degree of f' = f + Z_H·r: Z_H has degree N/2; basis element b_j has degree j_0 + ⌊j/2⌋ ≤ ⌊(h−1)/2⌋ + 1.
    const degF = N / 2 + Math.floor((h - 1) / 2) + 1;
    const quotientDeg = Math.max(c.degree, 1) * degF - N / 2;
    let L = Math.max(c.logExtension, logExtensionForDegree(Math.max(c.degree, 1)));
    while (L <= MAX_LOG_EXTENSION + 1 && quotientDeg > 2 ** (n + L - 1) - 1) L++;
    if (L > MAX_LOG_EXTENSION + 1) throw new LayoutError(`component ${c.name}: constraint degree ${c.degree} too high for zero knowledge`);
    committed.push(n + 1);
    evalLogs.push(n + L);
    blinding.push(h);
  }
  const compLog = Math.max(...evalLogs);
  const t0 = air.preprocessed.map((p) => p.logSize);
  const t1: number[] = [];
  const t2: number[] = [];
  air.components.forEach((c, i) => {
    for (let j = 0; j < c.mainNames.length; j++) t1.push(committed[i]!);
    for (let j = 0; j < 4 * c.nInteraction; j++) t2.push(committed[i]!);
  });
  const t3 = [compLog, compLog, compLog, compLog];
  const masks: number[] = [];
  if (zk) {
    const sizes = new Set<number>([...t0, ...t1, ...t2, ...t3]);
    masks.push(...[...sizes].sort((a, b) => b - a));
    t3.push(...masks);
  }
  const all = [...t0, ...t1, ...t2, ...t3];
  for (const s of all) {
    if (s < minLog || s + B > MAX_DOMAIN_LOG) {
      throw new LayoutError(`a column of log size ${s} does not fit the configuration (needs ${minLog} ≤ log size ≤ ${MAX_DOMAIN_LOG - B})`);
    }
  }
  return Object.freeze({
    treeLogSizes: Object.freeze([Object.freeze(t0), Object.freeze(t1), Object.freeze(t2), Object.freeze(t3)] as const),
    committedLogSizes: Object.freeze(committed),
    evalLogSizes: Object.freeze(evalLogs),
    blinding: Object.freeze(blinding),
    compositionLogSize: compLog,
    maskLogSizes: Object.freeze(masks),
    maxCommitLogSize: Math.max(...all) + B,
  });
}
