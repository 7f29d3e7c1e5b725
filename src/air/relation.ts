/**
 * logUp relations. A relation is a named multiset of tuples; components `use` (consume) and `yield`
 * (provide) tuples with multiplicities, and the sums of the fractions ±m / (φ(tuple) − z) over all
 * components cancel exactly when what is used was provided.
 *
 * Challenges: after the main trace is committed the channel gives each relation (in name order) two QM31
 * elements (z, α); φ(v_0, …, v_{k−1}) = v_0 + α·v_1 + … + α^(k−1)·v_{k−1} and an entry contributes
 * m / (φ − z) (the minus sign as in Stwo). Sign convention of this framework: **yield = +m, use = −m**.
 *
 * Inside expressions the challenges appear as parameters named `<relation>.z` and `<relation>.a<j>`
 * (α^j, j ≥ 1), bound when an expression is evaluated.
 * @module
 */
import type { Blake2sChannel } from '../channel/blake2s-channel.js';
import { m31, qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import { AirError } from './errors.js';
import { param, sum, toExpr } from './expr.js';
import type { Expr, ExprLike } from './expr.js';

/** Longest tuple a relation may have. */
export const MAX_RELATION_ARITY = 64;

/** A relation: a name (unique within an AIR) and the tuple length. */
export interface Relation {
  readonly name: string;
  readonly arity: number;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A relation of tuples of length `arity`; tuples given shorter are padded with zeros. */
export function relation(name: string, arity: number): Relation {
  if (typeof name !== 'string' || !NAME_RE.test(name) || name.length > 64) {
    throw new AirError('INVALID_DESCRIPTION', `relation name must match ${NAME_RE.source} (≤ 64 chars): ${String(name)}`);
  }
  if (!Number.isInteger(arity) || arity < 1 || arity > MAX_RELATION_ARITY) {
    throw new AirError('INVALID_DESCRIPTION', `relation ${name}: arity must be in [1, ${MAX_RELATION_ARITY}]: ${String(arity)}`);
  }
  return Object.freeze({ name, arity });
}

/**
 * The reserved relation of zero knowledge's logUp blinding (see {@link ZK_BLIND_TUPLES} and
 * `stark/layout.ts`): name `zk.blind`, arity 1. The dot makes the name impossible to create with
 * {@link relation}, and components and AIRs refuse it ({@link isReservedRelation}): only the framework's
 * blinding entries, with the constant tuples (0) … (3), may use it.
 */
export const ZK_BLIND_RELATION: Relation = Object.freeze({ name: 'zk.blind', arity: 1 });

/**
 * The constant tuples of the blinding entries: entry j is (j), with a free main column b_j as its
 * multiplicity. Four, because four M31 multiples of 1/(j − z) (j = 0..3) span QM31 as an M31 space (for z
 * outside CM31), so four uniform sums hide a QM31 claimed sum completely.
 */
export const ZK_BLIND_TUPLES: readonly number[] = Object.freeze([0, 1, 2, 3]);

/** Whether `r` is (or impersonates, by name) the reserved relation {@link ZK_BLIND_RELATION}. */
export function isReservedRelation(r: Relation): boolean {
  return r.name === ZK_BLIND_RELATION.name;
}

/** Parameter name of a relation's z. */
export function zParamName(r: Relation): string {
  return `${r.name}.z`;
}

/** Parameter name of a relation's α^j (j ≥ 1). */
export function alphaParamName(r: Relation, j: number): string {
  return `${r.name}.a${j}`;
}

/** The denominator expression φ(values) − z of an entry of `r`. */
export function denominatorExpr(r: Relation, values: readonly ExprLike[]): Expr {
  if (values.length < 1 || values.length > r.arity) {
    throw new AirError('INVALID_DESCRIPTION', `relation ${r.name}: tuple of ${values.length} values, arity ${r.arity}`);
  }
  const terms: Expr[] = [toExpr(values[0]!)];
  for (let j = 1; j < values.length; j++) terms.push(param(alphaParamName(r, j)).mul(values[j]!));
  return sum(terms).sub(param(zParamName(r)));
}

/** The drawn challenges of one relation. */
export interface RelationChallenges {
  readonly z: QM31;
  readonly alpha: QM31;
}

/** Challenges of every relation of an AIR, by relation name. */
export type RelationElements = ReadonlyMap<string, RelationChallenges>;

/** The parameter bindings (`<name>.z`, `<name>.a<j>`) of `relations` under `elements`. */
export function relationParams(relations: readonly Relation[], elements: RelationElements): Map<string, QM31> {
  const out = new Map<string, QM31>();
  for (const r of relations) {
    const e = elements.get(r.name);
    if (!e) throw new AirError('EVALUATION_FAILED', `no challenges for relation ${r.name}`);
    out.set(zParamName(r), e.z);
    let pw: QM31 = qm31.ONE;
    for (let j = 1; j < r.arity; j++) {
      pw = qm31.mul(pw, e.alpha);
      out.set(alphaParamName(r, j), pw);
    }
  }
  return out;
}

/**
 * φ(values) − z for concrete QM31 values (the verifier's public terms, tests). Every coordinate must be
 * canonical (below p): a public value is never reduced silently.
 * @throws AirError `NON_CANONICAL` for a coordinate outside [0, p), `INVALID_DESCRIPTION` for a wrong arity
 */
export function combine(r: Relation, e: RelationChallenges, values: readonly QM31[]): QM31 {
  if (values.length < 1 || values.length > r.arity) {
    throw new AirError('INVALID_DESCRIPTION', `relation ${r.name}: tuple of ${values.length} values, arity ${r.arity}`);
  }
  let acc: QM31 = qm31.ZERO;
  let pw: QM31 = qm31.ONE;
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (!v.every((x) => m31.isCanonical(x))) throw new AirError('NON_CANONICAL', `relation ${r.name}: public value ${j} (${v.join(', ')}) is not a canonical field element`);
    acc = qm31.add(acc, qm31.mul(pw, v));
    pw = qm31.mul(pw, e.alpha);
  }
  return qm31.sub(acc, e.z);
}

/**
 * {@link combine} for a tuple of public integers, the way an AIR turns statement values into a public
 * logUp term. Each must be an integer in [0, p): v and v − p are the same field element, so accepting a
 * value ≥ p would let a statement about v be proven by a witness about v − p (a u32 public value is split
 * into 16-bit limbs by the AIR instead).
 * @throws AirError `NON_CANONICAL` for a value that is not an integer in [0, p)
 */
export function combinePublic(r: Relation, e: RelationChallenges, values: readonly number[]): QM31 {
  return combine(
    r,
    e,
    values.map((v, j) => {
      if (!Number.isInteger(v) || !m31.isCanonical(v)) throw new AirError('NON_CANONICAL', `relation ${r.name}: public value ${j} (${String(v)}) is not an integer in [0, 2^31 − 1)`);
      return qm31.fromM31(v);
    }),
  );
}

/**
 * Draws the challenges of `relations` (in the given order, which for an AIR is name order) from the
 * channel: two QM31 per relation (`drawFelts(2)`: z, then α).
 */
export function drawRelationElements(relations: readonly Relation[], channel: Blake2sChannel): Map<string, RelationChallenges> {
  const out = new Map<string, RelationChallenges>();
  for (const r of relations) {
    const [z, alpha] = channel.drawFelts(2) as [Uint32Array, Uint32Array];
    out.set(r.name, Object.freeze({ z: [z[0]!, z[1]!, z[2]!, z[3]!] as const, alpha: [alpha[0]!, alpha[1]!, alpha[2]!, alpha[3]!] as const }));
  }
  return out;
}
