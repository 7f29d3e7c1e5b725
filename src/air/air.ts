/**
 * An AIR: a list of components, the preprocessed columns they share, the logUp relations they use, and
 * the public logUp terms the verifier adds (boundary tuples fixed by the statement). Also the global
 * column layout of the committed trees and the multiplicity bound of logUp; and the AIR's zero-knowledge
 * variant with logUp blinding ({@link logUpBlindedAir}).
 * @module
 */
import type { QM31 } from '../field/index.js';
import { hasValidBlinding, withLogUpBlinding } from './component.js';
import type { Component } from './component.js';
import { AirError } from './errors.js';
import { isReservedRelation } from './relation.js';
import type { Relation, RelationElements } from './relation.js';

/** Public inputs of a proof: bytes and/or u32 words; both are absorbed into the transcript before any challenge. */
export interface Statement {
  /** Public bytes (e.g. program hash, inputs, outputs). */
  readonly bytes?: Uint8Array;
  /** Public u32 words. */
  readonly words?: ArrayLike<number>;
}

/** A preprocessed column: fixed values known to prover and verifier (shared by id). */
export interface PreprocessedColumn {
  /** Unique id components refer to. */
  readonly id: string;
  /** log2 of its length. */
  readonly logSize: number;
  /** Its values in row order (length 2^logSize, canonical M31). Called by the prover and by setup. */
  readonly values: () => Uint32Array;
}

/** Where each component's columns sit in the committed trees. */
export interface ComponentLayout {
  /** Global tree-0 index of each local preprocessed column. */
  readonly preprocessed: readonly number[];
  /** Global tree-1 index of local main column 0 (the rest follow). */
  readonly mainStart: number;
  /** Global tree-2 index of the first M31 coordinate column of interaction column 0 (4 per QM31 column). */
  readonly interactionStart: number;
}

/** A validated AIR. */
export interface Air {
  /** Name (absorbed into the transcript). */
  readonly name: string;
  /** Components in transcript order. */
  readonly components: readonly Component[];
  /** The preprocessed columns the components read, in tree-0 order (first use). */
  readonly preprocessed: readonly PreprocessedColumn[];
  /** The relations used, sorted by name (the order their challenges are drawn in). */
  readonly relations: readonly Relation[];
  /** Column layout per component. */
  readonly layout: readonly ComponentLayout[];
  /** Number of M31 columns per tree (preprocessed, main, interaction). */
  readonly treeWidths: readonly [number, number, number];
  /** Log size of the composition polynomial: max over components of logSize + L. */
  readonly compositionLogSize: number;
  /** Total number of constraints (the composition uses α^0 … α^(M−1)). */
  readonly nConstraints: number;
  /**
   * Σ over components of rows × lookup entries per row (must stay below p, see {@link checkLookupBound});
   * logUp blinding entries are not counted (they have a relation of their own, see {@link checkLookupBound}).
   */
  readonly totalLookups: number;
  /**
   * The public logUp terms: the sum of fractions for tuples the statement fixes (for example initial and
   * final machine state). The verifier accepts only if Σ claimed sums + this = 0. Default 0.
   */
  readonly publicLogUpSum?: (statement: Statement, elements: RelationElements) => QM31;
}

/** Arguments of {@link defineAir}. */
export interface AirDefinition {
  readonly name: string;
  readonly components: readonly Component[];
  /** Definitions of preprocessed columns (a pool; only those some component reads are committed). */
  readonly preprocessed?: readonly PreprocessedColumn[];
  readonly publicLogUpSum?: (statement: Statement, elements: RelationElements) => QM31;
}

/** M31 modulus. */
const P = 0x7fffffff;
/** Most components an AIR may have (a bound the verifier relies on when reading proofs). */
export const MAX_COMPONENTS = 256;

/**
 * Validates and lays out an AIR. Its components must not use the reserved relation `zk.blind` (the
 * zero-knowledge variant {@link logUpBlindedAir} adds it).
 */
export function defineAir(def: AirDefinition): Air {
  return buildAir(def, false);
}

const blindedAirs = new WeakMap<Air, Air>();

/**
 * The AIR that a zero-knowledge proof of `air` proves: every component with lookups replaced by
 * {@link withLogUpBlinding} of it (four more main columns b_0 … b_3 and four `zk.blind` entries), the rest
 * — name, preprocessed columns, public logUp terms — unchanged. `air` itself when no component has
 * lookups. Deterministic in `air`'s shape, so prover and verifier derive the same one; cached per AIR.
 * @throws AirError `INVALID_DESCRIPTION` when `air` already uses the reserved relation
 */
export function logUpBlindedAir(air: Air): Air {
  assertNoBlinding(air);
  if (air.components.every((c) => c.lookups.length === 0)) return air;
  let out = blindedAirs.get(air);
  if (!out) {
    out = buildAir(
      {
        name: air.name,
        components: air.components.map(withLogUpBlinding),
        preprocessed: air.preprocessed,
        ...(air.publicLogUpSum ? { publicLogUpSum: air.publicLogUpSum } : {}),
      },
      true,
    );
    blindedAirs.set(air, out);
  }
  return out;
}

/**
 * Throws AirError `INVALID_DESCRIPTION` unless no component of `air` has blinding columns or uses the
 * reserved relation `zk.blind` (a check for AIR objects not built by {@link defineAir}).
 */
export function assertNoBlinding(air: Air): void {
  for (const c of air.components) {
    if ((c.nBlinding ?? 0) !== 0 || c.lookups.some((l) => isReservedRelation(l.relation))) {
      throw new AirError('INVALID_DESCRIPTION', `AIR ${air.name}: component ${c.name} uses the reserved logUp blinding relation`);
    }
  }
}

function buildAir(def: AirDefinition, blinded: boolean): Air {
  const fail = (msg: string): never => {
    throw new AirError('INVALID_DESCRIPTION', `AIR ${String(def?.name)}: ${msg}`);
  };
  if (!def || typeof def.name !== 'string' || def.name.length === 0 || def.name.length > 128) fail('needs a name of 1..128 characters');
  if (!Array.isArray(def.components) || def.components.length === 0 || def.components.length > MAX_COMPONENTS) {
    fail(`needs 1..${MAX_COMPONENTS} components`);
  }
  const names = new Set<string>();
  for (const c of def.components) {
    if (names.has(c.name)) fail(`duplicate component name ${c.name}`);
    names.add(c.name);
    if (!blinded && ((c.nBlinding ?? 0) !== 0 || c.lookups.some((l) => isReservedRelation(l.relation)))) {
      fail(`component ${c.name} uses the reserved logUp blinding relation`);
    }
    if (blinded && !hasValidBlinding(c)) fail(`component ${c.name}: malformed logUp blinding`);
  }
  const pool = new Map<string, PreprocessedColumn>();
  for (const p of def.preprocessed ?? []) {
    if (pool.has(p.id)) fail(`duplicate preprocessed column ${p.id}`);
    pool.set(p.id, p);
  }
  const pre: PreprocessedColumn[] = [];
  const preIndex = new Map<string, number>();
  const relations = new Map<string, Relation>();
  const layout: ComponentLayout[] = [];
  let mainW = 0;
  let interW = 0;
  let nConstraints = 0;
  let totalLookups = 0;
  let compLog = 0;
  for (const c of def.components) {
    const preGlobal: number[] = [];
    for (const id of c.preprocessedIds) {
      const p = pool.get(id);
      if (!p) fail(`component ${c.name} reads preprocessed column ${id}, which is not defined`);
      if (p!.logSize !== c.logSize) fail(`preprocessed column ${id} has log size ${p!.logSize}, component ${c.name} has ${c.logSize}`);
      let g = preIndex.get(id);
      if (g === undefined) {
        g = pre.length;
        pre.push(p!);
        preIndex.set(id, g);
      }
      preGlobal.push(g);
    }
    for (const r of c.relations) {
      const prev = relations.get(r.name);
      if (prev && prev.arity !== r.arity) fail(`relation ${r.name} has arities ${prev.arity} and ${r.arity}`);
      relations.set(r.name, r);
    }
    layout.push(Object.freeze({ preprocessed: Object.freeze(preGlobal), mainStart: mainW, interactionStart: interW }));
    mainW += c.mainNames.length;
    interW += 4 * c.nInteraction;
    nConstraints += c.constraints.length;
    totalLookups += 2 ** c.logSize * (c.lookups.length - (c.nBlinding ?? 0));
    compLog = Math.max(compLog, c.evalLogSize);
  }
  const air: Air = {
    name: def.name,
    components: Object.freeze([...def.components]),
    preprocessed: Object.freeze(pre),
    relations: Object.freeze([...relations.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))),
    layout: Object.freeze(layout),
    treeWidths: Object.freeze([pre.length, mainW, interW] as const),
    compositionLogSize: compLog,
    nConstraints,
    totalLookups,
    ...(def.publicLogUpSum ? { publicLogUpSum: def.publicLogUpSum } : {}),
  };
  return Object.freeze(air);
}

/**
 * Whether the logUp argument is sound for this AIR: the total number of lookup entries over all rows is
 * below p, so a tuple missing from a table cannot be balanced by p uses (`docs/stark.md`, "logUp"). Multiplicities
 * of `use` entries must themselves be constrained to small values (typically a boolean flag) by the AIR.
 * The zero-knowledge blinding entries (relation `zk.blind`, free multiplicities) are not counted: their
 * relation is separate, and what must hold for it is exactly that each tuple's multiplicities sum to 0 in
 * M31 — no integer argument is needed.
 */
export function checkLookupBound(air: Air): boolean {
  return air.totalLookups < P;
}
