/**
 * Components: one trace of 2^logSize rows with its columns, constraints and logUp entries, described once
 * with {@link component} and frozen. Everything the provers and verifiers need is derived here:
 *
 * - **logUp batching** (`docs/stark.md`, "logUp"). The fractions ±m/(φ − z) of a row, in declaration order, are
 *   grouped in pairs (with zero knowledge, in threes: {@link ZK_BATCH_DEGREE}); batch b gets one QM31
 *   interaction column S_b (four M31 columns). For b < k − 1,
 *   S_b = F_0 + … + F_b (running sum inside the row); the last column is the prefix sum over rows, in row
 *   (coset) order, of T − s, where T is the row total and s = claimed_sum / N, so it wraps to 0. The
 *   constraints, multiplied out: (S_b − S_{b−1})·den_b − num_b = 0 (S_{−1} = 0) and
 *   (S_{k−1} − S_{k−1}[−1] − S_{k−2} + s)·den_{k−1} − num_{k−1} = 0, with n1/d1 + n2/d2 = (n1·d2 + n2·d1)/(d1·d2).
 *   s is the parameter {@link SHIFT_PARAM}.
 * - **Degree bound** (`docs/stark.md`, "Constraints, composition and the degree bound"): with maximal constraint degree d, the constraints are evaluated on
 *   `CanonicCoset(logSize + L)` where L ≥ 1 is the least with 2^L ≥ d − 1 (d odd) or 2^L > d − 1 (d even).
 * - **Masks**: per column the sorted row offsets at which it is read (the verifier samples it there).
 * - **logUp blinding** (zero knowledge, see `stark/layout.ts`): {@link withLogUpBlinding} derives from a
 *   component with lookups the same component with four more main columns b_0 … b_3 and four more entries
 *   yielding the constant tuples (0) … (3) of the reserved relation `zk.blind` with multiplicities b_j.
 *   Components described with {@link component} cannot use that relation.
 * @module
 */
import { AirError } from './errors.js';
import { columnRef, constant, Expr, INTERACTION_TREE, MAIN_TREE, PREPROCESSED_TREE, param, toExpr, visit } from './expr.js';
import type { ExprLike } from './expr.js';
import { denominatorExpr, isReservedRelation, ZK_BLIND_RELATION, ZK_BLIND_TUPLES } from './relation.js';
import type { Relation } from './relation.js';

/** Name of the cumulative-sum shift parameter s = claimed_sum / 2^logSize of a component's last interaction column. */
export const SHIFT_PARAM = 'logup.shift';

/** Smallest and largest component log sizes (the canonic coset needs ≥ 1; 2^26 rows is far beyond what JS holds). */
export const MIN_COMPONENT_LOG_SIZE = 1;
/** Largest component log size accepted. */
export const MAX_COMPONENT_LOG_SIZE = 26;
/** Largest log extension L (constraint degree up to 2^L + 1). */
export const MAX_LOG_EXTENSION = 4;

/** Whether a use or a yield. */
export type LookupKind = 'use' | 'yield';

/** One logUp entry of a component: per row it contributes sign·m / (φ(values) − z). */
export interface LookupEntry {
  readonly relation: Relation;
  readonly kind: LookupKind;
  readonly values: readonly Expr[];
  readonly multiplicity: Expr;
}

/** A batch of one or two fractions: the row value num/den. */
export interface FractionBatch {
  readonly num: Expr;
  readonly den: Expr;
}

/** A frozen component description. Column indices in expressions are local to the component. */
export interface Component {
  /** Name (unique within an AIR). */
  readonly name: string;
  /** log2 of the number of rows. */
  readonly logSize: number;
  /** Ids of the preprocessed columns it reads; local preprocessed index i is `preprocessedIds[i]`. */
  readonly preprocessedIds: readonly string[];
  /** Names of its main columns (local index order). */
  readonly mainNames: readonly string[];
  /** The user constraints (each must vanish on every row). */
  readonly userConstraints: readonly Expr[];
  /** Labels of the user constraints (for error messages). */
  readonly userLabels: readonly string[];
  /** logUp entries in declaration order. */
  readonly lookups: readonly LookupEntry[];
  /** The fraction batches (pairs of lookups); one interaction QM31 column each. */
  readonly batches: readonly FractionBatch[];
  /** All constraints in evaluation order: user constraints, then one per batch. */
  readonly constraints: readonly Expr[];
  /** Labels of all constraints. */
  readonly labels: readonly string[];
  /** Maximal constraint degree. */
  readonly degree: number;
  /** L: constraints are evaluated on `CanonicCoset(logSize + L)`. */
  readonly logExtension: number;
  /** logSize + L, the log size of this component's part of the composition polynomial. */
  readonly evalLogSize: number;
  /** Relations it uses (by first appearance). */
  readonly relations: readonly Relation[];
  /** Number of interaction QM31 columns (= batches). */
  readonly nInteraction: number;
  /** Sorted row offsets read per preprocessed column (always [0]). */
  readonly preprocessedOffsets: readonly (readonly number[])[];
  /** Sorted row offsets read per main column ([0] for a column no constraint reads). */
  readonly mainOffsets: readonly (readonly number[])[];
  /** Sorted row offsets read per interaction QM31 column. */
  readonly interactionOffsets: readonly (readonly number[])[];
  /**
   * Number of logUp blinding columns: the last `nBlinding` main columns are b_0 … b_3 of
   * {@link withLogUpBlinding} (0 for a component described with {@link component}).
   */
  readonly nBlinding: number;
}

/** Builder handed to the {@link component} callback. */
export interface ComponentBuilder {
  /** The component's log size. */
  readonly logSize: number;
  /** A new main column (returned as its reference at offset 0; `.at(k)`, `.next`, `.prev` shift it). */
  main(name?: string): Expr;
  /** `count` new main columns. */
  mains(count: number, prefix?: string): Expr[];
  /** A preprocessed column by id (shared across components; its log size must equal the component's). */
  preprocessed(id: string): Expr;
  /** Adds the constraint `expr = 0` on every row. */
  constrain(expr: ExprLike, label?: string): void;
  /** Adds the constraint a = b. */
  assertEq(a: ExprLike, b: ExprLike, label?: string): void;
  /** Consumes `values` from `rel` with multiplicity `m` (default 1): contributes −m/(φ − z). */
  use(rel: Relation, values: readonly ExprLike[], m?: ExprLike): void;
  /** Provides `values` to `rel` with multiplicity `m`: contributes +m/(φ − z). */
  yield(rel: Relation, values: readonly ExprLike[], m?: ExprLike): void;
}

/** Options of {@link component}. */
export interface ComponentOptions {
  /** Force a larger log extension L than the degree requires. */
  readonly minLogExtension?: number;
}

/** Options of the blinded variant (internal): the degree of the component it derives from. */
interface FinalizeOptions extends ComponentOptions {
  readonly baseDegree?: number;
}

/**
 * Largest logUp batch constraint degree of a zero-knowledge component (three linear fractions per batch, or
 * more with constant denominators). Free under zero knowledge: the randomized columns already need the
 * evaluation domain n + 2 at degree 3 (`stark/layout.ts`, item 2), and degree 4 fits it as long as the
 * blinding h ≤ N/4 (every component but the smallest ones, which then take n + 3 at no real cost). One QM31
 * interaction column for three fractions instead of two removes about a third of the interaction columns,
 * which are most of the committed columns.
 */
export const ZK_BATCH_DEGREE = 4;

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

/** The least L ≥ 1 such that a constraint of degree d fits `CanonicCoset(n + L)` (the degree budget, `docs/stark.md`). */
export function logExtensionForDegree(d: number): number {
  let L = 1;
  for (; L <= MAX_LOG_EXTENSION; L++) {
    const cap = 2 ** L;
    if (d % 2 === 1 ? cap >= d - 1 : cap > d - 1) return L;
  }
  throw new AirError('INVALID_DESCRIPTION', `constraint degree ${d} exceeds the supported maximum ${2 ** MAX_LOG_EXTENSION + 1}`);
}

/**
 * Describes a component of 2^logSize rows. `build` declares columns, constraints and lookups through the
 * builder; the result is frozen and validated (offsets, degrees, that every column index exists).
 */
export function component(
  name: string,
  logSize: number,
  build: (b: ComponentBuilder) => void,
  options: ComponentOptions = {},
): Component {
  if (typeof name !== 'string' || !NAME_RE.test(name) || name.length > 64) {
    throw new AirError('INVALID_DESCRIPTION', `component name must match ${NAME_RE.source} (≤ 64 chars): ${String(name)}`);
  }
  if (!Number.isInteger(logSize) || logSize < MIN_COMPONENT_LOG_SIZE || logSize > MAX_COMPONENT_LOG_SIZE) {
    throw new AirError(
      'INVALID_DESCRIPTION',
      `component ${name}: log size must be an integer in [${MIN_COMPONENT_LOG_SIZE}, ${MAX_COMPONENT_LOG_SIZE}]: ${String(logSize)}`,
    );
  }
  const mainNames: string[] = [];
  const preIds: string[] = [];
  const constraints: Expr[] = [];
  const labels: string[] = [];
  const lookups: LookupEntry[] = [];
  let open = true;
  const check = () => {
    if (!open) throw new AirError('INVALID_DESCRIPTION', `component ${name}: builder used after the component was built`);
  };
  const addLookup = (kind: LookupKind, rel: Relation, values: readonly ExprLike[], m: ExprLike) => {
    check();
    if (!rel || typeof rel.name !== 'string' || !Number.isInteger(rel.arity)) {
      throw new AirError('INVALID_DESCRIPTION', `component ${name}: not a relation`);
    }
    if (isReservedRelation(rel)) {
      throw new AirError('INVALID_DESCRIPTION', `component ${name}: relation ${rel.name} is reserved for zero knowledge's logUp blinding`);
    }
    if (!Array.isArray(values) || values.length < 1 || values.length > rel.arity) {
      throw new AirError('INVALID_DESCRIPTION', `component ${name}: ${kind} of ${rel.name} needs 1..${rel.arity} values`);
    }
    const vs = values.map(toExpr);
    const mult = toExpr(m);
    for (const e of [...vs, mult]) {
      if (e.ext) throw new AirError('INVALID_DESCRIPTION', `component ${name}: lookup values and multiplicities must be base-field expressions`);
    }
    lookups.push(Object.freeze({ relation: rel, kind, values: Object.freeze(vs), multiplicity: mult }));
  };
  const b: ComponentBuilder = {
    logSize,
    main(colName?: string) {
      check();
      const i = mainNames.length;
      mainNames.push(colName ?? `col${i}`);
      return columnRef(MAIN_TREE, i, 0);
    },
    mains(count: number, prefix = 'col') {
      if (!Number.isInteger(count) || count < 0) throw new AirError('INVALID_DESCRIPTION', `bad column count ${String(count)}`);
      return Array.from({ length: count }, () => b.main(`${prefix}${mainNames.length}`));
    },
    preprocessed(id: string) {
      check();
      if (typeof id !== 'string' || id.length === 0 || id.length > 128) {
        throw new AirError('INVALID_DESCRIPTION', `component ${name}: preprocessed id must be a non-empty string`);
      }
      let i = preIds.indexOf(id);
      if (i < 0) {
        i = preIds.length;
        preIds.push(id);
      }
      return columnRef(PREPROCESSED_TREE, i, 0);
    },
    constrain(expr: ExprLike, label?: string) {
      check();
      constraints.push(toExpr(expr));
      labels.push(label ?? `constraint ${constraints.length - 1}`);
    },
    assertEq(x: ExprLike, y: ExprLike, label?: string) {
      b.constrain(toExpr(x).sub(y), label);
    },
    use: (rel, values, m = 1) => addLookup('use', rel, values, m),
    yield: (rel, values, m = 1) => addLookup('yield', rel, values, m),
  };
  build(b);
  open = false;
  return finalize(name, logSize, mainNames, preIds, constraints, labels, lookups, options, 0);
}

/** Names of the blinding columns b_0 … b_3 (the dot keeps them apart from any column a builder names). */
export const BLINDING_COLUMN_NAMES: readonly string[] = Object.freeze(ZK_BLIND_TUPLES.map((j) => `zk.b${j}`));

const blinded = new WeakMap<Component, Component>();

/**
 * The component `c` with logUp blinding for zero knowledge (`stark/layout.ts` explains the construction):
 * four more main columns b_0 … b_3 ({@link BLINDING_COLUMN_NAMES}, after c's own) and four more logUp
 * entries, after c's own, that yield the constant tuple (j) of the reserved relation `zk.blind` with
 * multiplicity b_j. Nothing constrains the b's: their global balance is enforced by the logUp sum check.
 * Fractions are batched up to degree {@link ZK_BATCH_DEGREE}; the log extension is kept at least c's.
 * Returns `c` itself when it has no lookups. Cached per component
 * (so compiled kernels are shared between proofs).
 * @throws AirError `INVALID_DESCRIPTION` when `c` already has blinding or uses the reserved relation
 */
export function withLogUpBlinding(c: Component): Component {
  if (c.lookups.length === 0) return c;
  let out = blinded.get(c);
  if (out) return out;
  if (c.nBlinding !== 0 || c.lookups.some((l) => isReservedRelation(l.relation))) {
    throw new AirError('INVALID_DESCRIPTION', `component ${c.name}: already uses the reserved relation ${ZK_BLIND_RELATION.name}`);
  }
  const base = c.mainNames.length;
  const extra: LookupEntry[] = ZK_BLIND_TUPLES.map((j, i) =>
    Object.freeze({
      relation: ZK_BLIND_RELATION,
      kind: 'yield' as const,
      values: Object.freeze([constant(j)]),
      multiplicity: columnRef(MAIN_TREE, base + i, 0),
    }),
  );
  out = finalize(
    c.name,
    c.logSize,
    [...c.mainNames, ...BLINDING_COLUMN_NAMES],
    [...c.preprocessedIds],
    [...c.userConstraints],
    [...c.userLabels],
    [...c.lookups, ...extra],
    { minLogExtension: c.logExtension, baseDegree: c.degree },
    BLINDING_COLUMN_NAMES.length,
  );
  blinded.set(c, out);
  return out;
}

/**
 * Whether every use of the reserved relation in `c` is exactly a blinding entry of
 * {@link withLogUpBlinding}: the last four lookups, yielding the constant tuples (0) … (3) with the last four
 * main columns (read at offset 0) as multiplicities — and nowhere else. A verifier-side shape check.
 */
export function hasValidBlinding(c: Component): boolean {
  const nb = c.nBlinding;
  if (nb !== 0 && nb !== ZK_BLIND_TUPLES.length) return false;
  const first = c.lookups.length - nb;
  const base = c.mainNames.length - nb;
  if (first < (nb === 0 ? 0 : 1) || base < 0) return false;
  return c.lookups.every((l, i) => {
    if (i < first) return !isReservedRelation(l.relation);
    const j = i - first;
    const [v] = l.values;
    const m = l.multiplicity;
    return (
      isReservedRelation(l.relation) &&
      l.relation.arity === 1 &&
      l.kind === 'yield' &&
      l.values.length === 1 &&
      v!.kind === 'const' &&
      v!.value === ZK_BLIND_TUPLES[j] &&
      m.kind === 'col' &&
      m.tree === MAIN_TREE &&
      m.index === base + j &&
      m.offset === 0
    );
  });
}

function finalize(
  name: string,
  logSize: number,
  mainNames: string[],
  preIds: string[],
  userConstraints: Expr[],
  userLabels: string[],
  lookups: LookupEntry[],
  options: FinalizeOptions,
  nBlinding: number,
): Component {
  const fail = (msg: string): never => {
    throw new AirError('INVALID_DESCRIPTION', `component ${name}: ${msg}`);
  };
  // Fractions and batches.
  const fractions = lookups.map((l) => ({
    num: l.kind === 'yield' ? l.multiplicity : l.multiplicity.neg(),
    den: denominatorExpr(l.relation, l.values),
  }));
  const batches: FractionBatch[] = [];
  const merge = (a: FractionBatch, b: FractionBatch): FractionBatch => ({ num: a.num.mul(b.den).add(b.num.mul(a.den)), den: a.den.mul(b.den) });
  if (nBlinding === 0) {
    for (let i = 0; i < fractions.length; i += 2) {
      const f2 = fractions[i + 1];
      batches.push(Object.freeze(f2 ? merge(fractions[i]!, f2) : fractions[i]!));
    }
  } else {
    // Zero knowledge: as many consecutive fractions per batch as keep the batch constraint
    // (S − S')·den − num within ZK_BATCH_DEGREE (or the original component's degree, if higher).
    const cap = Math.max(ZK_BATCH_DEGREE, options.baseDegree ?? 0);
    const degreeOf = (b: FractionBatch) => Math.max(1 + b.den.degree, b.num.degree);
    let open: FractionBatch | undefined;
    for (const f of fractions) {
      const merged = open && merge(open, f);
      if (merged && degreeOf(merged) <= cap) open = merged;
      else {
        if (open) batches.push(Object.freeze(open));
        open = f;
      }
    }
    if (open) batches.push(Object.freeze(open));
  }
  const k = batches.length;
  const S = (j: number, offset = 0): Expr => (j < 0 ? constant(0) : columnRef(INTERACTION_TREE, j, offset));
  const constraints = [...userConstraints];
  const labels = [...userLabels];
  for (let j = 0; j < k; j++) {
    const diff = j < k - 1 ? S(j).sub(S(j - 1)) : S(j).sub(S(j, -1)).sub(S(j - 1)).add(param(SHIFT_PARAM));
    constraints.push(diff.mul(batches[j]!.den).sub(batches[j]!.num));
    labels.push(`logup batch ${j}`);
  }
  // Validate references, collect offsets and degree.
  const preOff = preIds.map(() => new Set<number>());
  const mainOff = mainNames.map(() => new Set<number>());
  const interOff = batches.map(() => new Set<number>());
  let degree = 0;
  const seen = new Set<Expr>();
  for (let g = 0; g < constraints.length; g++) {
    const c = constraints[g]!;
    if (c.ext && g < userConstraints.length) fail(`constraint "${labels[g]}" is not a base-field expression`);
    degree = Math.max(degree, c.degree);
    visit(
      c,
      (n) => {
        if (n.kind === 'param' && n.name === SHIFT_PARAM && k === 0) fail('uses the logUp shift without lookups');
        if (n.kind !== 'col') return;
        const sets = n.tree === PREPROCESSED_TREE ? preOff : n.tree === MAIN_TREE ? mainOff : interOff;
        const s = sets[n.index];
        if (!s) fail(`references a column ${n.toString()} that does not exist`);
        if (n.tree === PREPROCESSED_TREE && n.offset !== 0) fail('preprocessed columns can only be read at offset 0');
        if (Math.abs(n.offset) >= 2 ** logSize) fail(`offset ${n.offset} does not fit ${2 ** logSize} rows`);
        s!.add(n.offset);
      },
      seen,
    );
  }
  // Params other than the shift must be relation challenges of relations used here.
  const relations: Relation[] = [];
  for (const l of lookups) {
    const r = relations.find((x) => x.name === l.relation.name);
    if (!r) relations.push(l.relation);
    else if (r.arity !== l.relation.arity) fail(`relation ${r.name} used with two arities`);
  }
  let L = logExtensionForDegree(Math.max(degree, 1));
  if (options.minLogExtension !== undefined) {
    if (!Number.isInteger(options.minLogExtension) || options.minLogExtension < 1 || options.minLogExtension > MAX_LOG_EXTENSION) {
      fail(`minLogExtension must be in [1, ${MAX_LOG_EXTENSION}]`);
    }
    L = Math.max(L, options.minLogExtension);
  }
  const sorted = (s: Set<number>): readonly number[] => Object.freeze((s.size === 0 ? [0] : [...s]).sort((a, b) => a - b));
  return Object.freeze({
    name,
    logSize,
    preprocessedIds: Object.freeze(preIds),
    mainNames: Object.freeze(mainNames),
    userConstraints: Object.freeze(userConstraints),
    userLabels: Object.freeze(userLabels),
    lookups: Object.freeze(lookups),
    batches: Object.freeze(batches),
    constraints: Object.freeze(constraints),
    labels: Object.freeze(labels),
    degree,
    logExtension: L,
    evalLogSize: logSize + L,
    relations: Object.freeze(relations),
    nInteraction: k,
    preprocessedOffsets: Object.freeze(preOff.map(sorted)),
    mainOffsets: Object.freeze(mainOff.map(sorted)),
    interactionOffsets: Object.freeze(interOff.map(sorted)),
    nBlinding,
  });
}
