/**
 * Security figures of a proof: the **conjectured** bits (the ethSTARK-style estimate the verifier
 * enforces) and two **provable** figures — unique decoding and the Johnson bound — each the combination
 * of named soundness-error terms computed from the configuration and the shape of the proven AIR.
 * Browser-safe, zero dependencies, imports no prover code.
 *
 * ## The protocol whose errors are counted
 *
 * `verifier.ts` replays: commit the main trace; draw (z, α) per logUp relation; commit the interaction
 * trace; draw the constraint coefficient α; commit the composition; draw the out-of-domain (OOD) point P;
 * draw β and batch every sampled (column, point) pair into one DEEP quotient per commitment size (powers
 * of β); circle FRI: a fold per layer, where a layer also takes in the quotient of its own size (powers
 * of the fold challenge: new = g₀ + λ·g₁ + λ²·f₀ + λ³·f₁, at most 4 functions); proof of work; queries.
 * A cheating prover wins if one of the following bad events happens, so the soundness error is at most
 * the **sum** of their probabilities. Each figure here is −log2 of that sum (not min minus log2 of the
 * number of terms: the sum is exact for a union bound and never below it).
 *
 * |F| = |QM31| = p⁴ with p = 2^31 − 1 (log2 |F| ≈ 124). "L+" is the list size of the decoding regime: the
 * number of codewords a committed word can be close to (1 in unique decoding); every algebraic challenge
 * drawn after a commitment must be bad for one of them, so those terms are multiplied by L+.
 *
 * - **queries** — a word θ-far from the code passes one query with probability ≤ 1 − θ, and the proof of
 *   work multiplies the prover's cost per attempt by 2^powBits: bits = nQueries·(−log2(1 − θ)) + powBits.
 *   Unique decoding: θ = (1 − ρ)/2, ρ = 2^−logBlowup. Johnson: θ = 1 − √ρ − η. Conjectured (the ethSTARK
 *   conjecture, capacity regime): each query costs a factor ρ, bits = logBlowup·nQueries + powBits.
 * - **logUp** — see {@link logUpErrorLog2} for the derivation: error ≤ L+·2·F·max(k − 1, 1)/|F| for F
 *   fractions (trace entries, public terms, the four blinding tuples) of tuples of arity ≤ k.
 * - **constraints** — the constraint random linear combination Σ_g α^(M−1−g)·C_g: if some constraint does
 *   not vanish at some point of its domain, the combination there is a nonzero polynomial of degree ≤ M − 1
 *   in α, so it vanishes with probability ≤ (M − 1)/|F|: error L+·max(M − 1, 1)/|F|.
 * - **deep** — the OOD check: clearing the vanishing polynomials, the checked identity is a circle
 *   polynomial Δ(P) = Q(P)·ΠZ_n(P) − Σ_c R_c(P)·Π_{n≠n_c}Z_n(P) of total degree
 *   ≤ max(deg Q, max_c(deg R_c − deg Z_c)) + Σ_n deg Z_n (n over the distinct component sizes). A nonzero
 *   circle polynomial of total degree D has ≤ 2D zeros on the circle (Bézout with x² + y² = 1), and P is
 *   drawn through an injective map from a uniform t ∈ QM31. With deg Q ≤ 2^(compositionLogSize − 1),
 *   deg R_c ≤ d·2^(maxCommittedLogSize − 1) and Σ_n deg Z_n ≤ 2^maxTraceLogSize (distinct sizes are distinct
 *   powers of two), the zeros are ≤ max(2^compositionLogSize, d·2^maxCommittedLogSize) + 2^(maxTraceLogSize + 1);
 *   P landing on a trace domain point (where Z_n vanishes) is among them. Error: L+·zeros/|F|.
 * - **friBatching** — the DEEP quotients are a power combination of nSampledValues functions: by the
 *   proximity-gap theorem for curves of degree l − 1, the error is (l − 1)·ε(n) with n the largest
 *   commitment domain (each size group is at most that large, and the groups' l − 1 sum to at most
 *   nSampledValues − 1).
 * - **friFolding** — each of the FRI folds combines at most 4 functions with powers of its challenge:
 *   Σ over layers of 3·ε(n_i), n_i = 2^(maxCommitLogSize − i).
 *
 * ε(n) is the proximity-gap error of one line (two functions) for an RS code of length n, rate ρ:
 * - unique decoding (BCIKS20, "Proximity gaps for Reed–Solomon codes", Thm. 1.2): ε(n) = n/|F|;
 * - Johnson regime, θ = 1 − √ρ − η with η = √ρ/m (BCHKS25, "On proximity gaps for Reed–Solomon codes",
 *   Thm. 4.2): ε(n) = ((2(m+½)^5 + 3(m+½)·θρ)·n/(3ρ^(3/2)) + (m+½)/√ρ)/|F|, with list size
 *   L+ = 1/(2η√ρ) = m/(2ρ). The older BCIKS20 Thm. 1.5 bound grows as n² and would give fewer bits; m is
 *   chosen (an integer in [3, {@link JOHNSON_MAX_M}]) to maximize the total, trading query bits (larger m:
 *   θ closer to 1 − √ρ) against the algebraic terms (larger m: larger ε and L+);
 * - conjectured: the ethSTARK conjecture takes the batching and folding challenges as bad only at the
 *   roots of the combination, ε = 1/|F| per extra function (no factor n), and L+ = 1.
 *
 * Not counted: the hash (Blake2s-256 Merkle trees and Fiat–Shamir, far above these figures) and the
 * round-by-round Fiat–Shamir transformation loss (the proof of work is counted only against the queries).
 * @module
 */
import type { Air } from '../air/verifier.js';
import type { StarkConfig } from './config.js';
import { proofLayout, provingAir } from './layout.js';

/** log2 |QM31| = 4·log2(2^31 − 1) ≈ 123.99999999. */
export const LOG2_SECURE_FIELD = 4 * Math.log2(2 ** 31 - 1);

/** Largest Johnson parameter m searched (larger m gains under 0.001 bit per query). */
export const JOHNSON_MAX_M = 1024;

/** What the security figures depend on besides the configuration. Build from an AIR with {@link airSecurityShape}. */
export interface SecurityShape {
  /** Largest component (trace) log size n. */
  readonly maxTraceLogSize: number;
  /** Largest committed polynomial log size (n, or n + 1 with zero knowledge). */
  readonly maxCommittedLogSize: number;
  /** Log size of the composition polynomial (its evaluation domain before blowup). */
  readonly compositionLogSize: number;
  /** Largest commitment-domain log size (the FRI input domain, blowup included). */
  readonly maxCommitLogSize: number;
  /** Largest constraint degree d. */
  readonly maxConstraintDegree: number;
  /** Number of constraints M (combined with powers of one challenge). */
  readonly nConstraints: number;
  /** Number of committed columns (all trees). */
  readonly nColumns: number;
  /** Number of (column, point) sampled values batched into the DEEP quotients. */
  readonly nSampledValues: number;
  /** Number of logUp fractions: trace entries (rows × entries), public terms and blinding tuples. */
  readonly logUpFractions: number;
  /** Largest tuple arity k of a logUp relation. */
  readonly maxRelationArity: number;
  /** Number of logUp relations (each draws its own z and α; see {@link logUpErrorLog2} for why it does not enter). */
  readonly nRelations: number;
}

/** Bits of each named soundness term of one regime (−log2 of that term's error). */
export interface SecurityTerms {
  readonly queries: number;
  readonly logUp: number;
  readonly constraints: number;
  readonly deep: number;
  readonly friBatching: number;
  readonly friFolding: number;
}

/** The security figures of a configuration on an AIR shape. */
export interface SecurityReport {
  /** ethSTARK-style conjectured bits: queries at logBlowup bits each, every algebraic term included. */
  readonly conjectured: number;
  /** Provable bits with FRI in the unique-decoding regime, θ = (1 − ρ)/2. */
  readonly provableUniqueDecoding: number;
  /** Provable bits with FRI up to the Johnson bound, θ = 1 − √ρ − η (best m). */
  readonly provableJohnson: number;
  /** The Johnson parameter m (η = √ρ/m) that gave {@link provableJohnson}. */
  readonly johnsonM: number;
  /** The terms of each figure, in bits; each figure is −log2 of the sum of its terms' errors. */
  readonly terms: {
    readonly conjectured: SecurityTerms;
    readonly uniqueDecoding: SecurityTerms;
    readonly johnson: SecurityTerms;
  };
}

/** −log2(Σ 2^−b) for bits b (the union bound over independent bad events). */
export function combineBits(bits: readonly number[]): number {
  const lo = Math.min(...bits);
  if (!Number.isFinite(lo)) return lo;
  let s = 0;
  for (const b of bits) s += 2 ** (lo - b);
  return lo - Math.log2(s);
}

/**
 * log2 of the logUp soundness error for `fractions` fractions of arity ≤ `arity` (list size 1).
 *
 * Derivation. The verifier accepts the logUp argument when S = Σ_r Σ_i m_i/(φ_r(t_i) − z_r) = 0 (the
 * claimed sums and the public terms add to zero; the interaction constraints bind each claimed sum to the
 * committed rows), where φ_r(t) = t_0 + α_r·t_1 + … + α_r^(k−1)·t_(k−1) and the tuples t_i and
 * multiplicities m_i were committed before the challenges (z_r, α_r) were drawn, uniformly and
 * independently per relation. Merge equal tuples (summing their multiplicities): the denominators
 * d_i = φ_r(t_i) − z_r become distinct polynomials of degree 1 in z_r, hence pairwise coprime and
 * irreducible; if the lookups do not balance, some merged multiplicity is nonzero in M31 (the integer
 * multiplicities stay below p, `checkLookupBound`), so S is a nonzero rational function and its numerator
 * N = Σ_i m_i·Π_{j≠i} d_j is a nonzero polynomial in all the challenges, of total degree
 * ≤ (F − 1)·max(k − 1, 1) (each d_j has total degree max(k − 1, 1)). By Schwartz–Zippel,
 * Pr[N = 0] ≤ (F − 1)·max(k − 1, 1)/|F|. The argument also needs every denominator nonzero (a zero
 * denominator inside a batched interaction constraint could hide another fraction of the batch):
 * Pr[some d_i = 0] ≤ F·max(k − 1, 1)/|F|. Total ≤ 2F·max(k − 1, 1)/|F|.
 *
 * Relations use independent challenges, so more relations add variables, not degree: the number of
 * relations does not enter. The blinding relation of zero knowledge adds its four constant tuples
 * (`layout.ts`, item 5), counted in `fractions` by {@link airSecurityShape}.
 */
export function logUpErrorLog2(fractions: number, arity: number): number {
  return 1 + Math.log2(Math.max(fractions, 1)) + Math.log2(Math.max(arity - 1, 1)) - LOG2_SECURE_FIELD;
}

interface Regime {
  /** Query bits without proof of work. */
  readonly queryBits: number;
  /** log2 of the list size L+. */
  readonly logList: number;
  /** log2 ε(2^logN), the one-line proximity-gap error. */
  readonly lineErrorLog2: (logN: number) => number;
}

function terms(config: StarkConfig, shape: SecurityShape, r: Regime): SecurityTerms {
  const F = LOG2_SECURE_FIELD;
  const s = shape;
  const fri = config.pcs.fri;
  const deepZeros = Math.max(2 ** s.compositionLogSize, Math.max(s.maxConstraintDegree, 1) * 2 ** s.maxCommittedLogSize) + 2 ** (s.maxTraceLogSize + 1);
  const folds = Math.max(s.maxCommitLogSize - fri.logBlowupFactor - fri.logLastLayerDegreeBound, 1);
  const foldErrors: number[] = [];
  for (let i = 0; i < folds; i++) foldErrors.push(-(Math.log2(3) + r.lineErrorLog2(s.maxCommitLogSize - i)));
  return Object.freeze({
    queries: r.queryBits + config.pcs.powBits,
    logUp: -(r.logList + logUpErrorLog2(s.logUpFractions, s.maxRelationArity)),
    constraints: F - r.logList - Math.log2(Math.max(s.nConstraints - 1, 1)),
    deep: F - r.logList - Math.log2(deepZeros),
    friBatching: -(Math.log2(Math.max(s.nSampledValues - 1, 1)) + r.lineErrorLog2(s.maxCommitLogSize)),
    friFolding: combineBits(foldErrors),
  });
}

function total(t: SecurityTerms): number {
  return combineBits([t.queries, t.logUp, t.constraints, t.deep, t.friBatching, t.friFolding]);
}

/** The Johnson-regime line error (BCHKS25 Thm. 4.2) for rate ρ, parameter m, domain 2^logN (log2). */
function johnsonLineErrorLog2(rho: number, m: number, logN: number): number {
  const sq = Math.sqrt(rho);
  const theta = 1 - sq - sq / m;
  const ms = m + 0.5;
  const perN = (2 * ms ** 5 + 3 * ms * theta * rho) / (3 * rho * sq);
  return Math.log2(perN * 2 ** logN + ms / sq) - LOG2_SECURE_FIELD;
}

function conjecturedTerms(config: StarkConfig, shape: SecurityShape): SecurityTerms {
  const fri = config.pcs.fri;
  return terms(config, shape, { queryBits: fri.logBlowupFactor * fri.nQueries, logList: 0, lineErrorLog2: () => -LOG2_SECURE_FIELD });
}

/**
 * {@link SecurityReport.conjectured} alone: the figure the verifier enforces, without the search over the
 * Johnson parameter that the provable figures need (a thousand evaluations of every term, which would
 * dominate the cost of rejecting a malformed proof).
 */
export function conjecturedBits(config: StarkConfig, shape: SecurityShape): number {
  return total(conjecturedTerms(config, shape));
}

/**
 * The security report of proofs under `config` for an AIR of `shape` (see the module note for every
 * formula). Pure arithmetic on the numbers given; the result is frozen.
 */
export function securityReport(config: StarkConfig, shape: SecurityShape): SecurityReport {
  const fri = config.pcs.fri;
  const rho = 2 ** -fri.logBlowupFactor;
  const conjTerms = conjecturedTerms(config, shape);
  const udTerms = terms(config, shape, {
    queryBits: fri.nQueries * -Math.log2((1 + rho) / 2),
    logList: 0,
    lineErrorLog2: (logN) => logN - LOG2_SECURE_FIELD,
  });
  let best = { bits: -Infinity, m: 3, t: udTerms };
  const sq = Math.sqrt(rho);
  for (let m = 3; m <= JOHNSON_MAX_M; m++) {
    const eta = sq / m;
    const t = terms(config, shape, {
      queryBits: fri.nQueries * -Math.log2(sq + eta),
      logList: -Math.log2(2 * eta * sq),
      lineErrorLog2: (logN) => johnsonLineErrorLog2(rho, m, logN),
    });
    const bits = total(t);
    if (bits > best.bits) best = { bits, m, t };
  }
  return Object.freeze({
    conjectured: total(conjTerms),
    provableUniqueDecoding: total(udTerms),
    provableJohnson: best.bits,
    johnsonM: best.m,
    terms: Object.freeze({ conjectured: conjTerms, uniqueDecoding: udTerms, johnson: best.t }),
  });
}

/** Options of {@link airSecurityShape} and {@link airSecurity}. */
export interface AirSecurityOptions {
  /** Number of public logUp fractions the statement adds (`Air.publicLogUpSum`); default 0. */
  readonly publicLogUpFractions?: number;
}

/**
 * The {@link SecurityShape} of proofs of `userAir` under `config`, derived as the verifier derives the
 * proof's shape: from {@link provingAir} (with zero knowledge: the blinding columns and the four
 * `zk.blind` tuples included) and {@link proofLayout}.
 * @throws LayoutError / AirError as `proofLayout` and `provingAir` do
 */
export function airSecurityShape(userAir: Air, config: StarkConfig, options: AirSecurityOptions = {}): SecurityShape {
  const air = provingAir(userAir, config);
  const layout = proofLayout(userAir, config);
  let sampled = air.preprocessed.length + 4 + layout.maskLogSizes.length;
  let degree = 1;
  let arity = 1;
  for (const c of air.components) {
    for (const o of c.mainOffsets) sampled += o.length;
    for (const o of c.interactionOffsets) sampled += 4 * o.length;
    degree = Math.max(degree, c.degree);
  }
  for (const r of air.relations) arity = Math.max(arity, r.arity);
  const blinding = air.relations.some((r) => r.name === 'zk.blind') ? 4 : 0;
  const nColumns = layout.treeLogSizes.reduce((n, t) => n + t.length, 0);
  return Object.freeze({
    maxTraceLogSize: Math.max(...air.components.map((c) => c.logSize)),
    maxCommittedLogSize: Math.max(...layout.committedLogSizes),
    compositionLogSize: layout.compositionLogSize,
    maxCommitLogSize: layout.maxCommitLogSize,
    maxConstraintDegree: degree,
    nConstraints: air.nConstraints,
    nColumns,
    nSampledValues: sampled,
    logUpFractions: air.totalLookups + (options.publicLogUpFractions ?? 0) + blinding,
    maxRelationArity: arity,
    nRelations: air.relations.length,
  });
}

/** {@link securityReport} of `config` on {@link airSecurityShape}(air, config). @throws as airSecurityShape */
export function airSecurity(air: Air, config: StarkConfig, options: AirSecurityOptions = {}): SecurityReport {
  return securityReport(config, airSecurityShape(air, config, options));
}

/**
 * A figure rounded down to a tenth of a bit, for display. The 10^−6 slack keeps a figure like
 * 8 − 2^−90 (8 query bits plus negligible algebraic terms) from showing as 7.9.
 */
export function displayBits(bits: number): number {
  return Math.floor(bits * 10 + 1e-6) / 10;
}
