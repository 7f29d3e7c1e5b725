/**
 * A row-wise witness checker for tests and debugging: evaluates every constraint of every component on
 * every row with the reference interpreter and reports which constraint fails on which row, plus the logUp
 * balance (Σ claimed sums + public terms). Slow by design (an interpreter over QM31); use small traces.
 * @module
 */
import { Blake2sChannel } from '../../channel/index.js';
import { qm31 } from '../../field/index.js';
import type { QM31 } from '../../field/index.js';
import type { Air, Statement } from '../air.js';
import { componentParams } from './composition.js';
import { rowToStorageTable } from './domain-tables.js';
import { INTERACTION_TREE, MAIN_TREE, PREPROCESSED_TREE } from '../expr.js';
import { generateInteraction } from './interaction.js';
import { interpretAll } from '../interpret.js';
import { drawRelationElements } from '../relation.js';
import type { RelationElements } from '../relation.js';
import { preprocessedToStorage, witnessToStorage } from './witness.js';
import type { Witness } from './witness.js';

/** One violated constraint. */
export interface ConstraintFailure {
  readonly component: string;
  /** Index into the component's `constraints`. */
  readonly constraint: number;
  readonly label: string;
  /** Row (coset order). */
  readonly row: number;
  readonly value: QM31;
}

/** Result of {@link checkWitness}. */
export interface CheckResult {
  /** Violations (at most `maxFailures`). */
  readonly failures: readonly ConstraintFailure[];
  /** Claimed logUp sum per component. */
  readonly claimedSums: readonly QM31[];
  /** Σ claimed sums + public logUp terms; zero iff the lookups balance (with overwhelming probability). */
  readonly logUpTotal: QM31;
  /** No failures and a zero logUp total. */
  readonly ok: boolean;
}

/** Options of {@link checkWitness}. */
export interface CheckOptions {
  /** Relation challenges (default: drawn from a fixed test transcript). */
  readonly elements?: RelationElements;
  /** Statement for the public logUp terms. */
  readonly statement?: Statement;
  /** Stop collecting after this many failures (default 100). */
  readonly maxFailures?: number;
}

/** Checks every constraint on every row and the logUp balance. */
export function checkWitness(air: Air, witness: Witness, options: CheckOptions = {}): CheckResult {
  const maxFailures = options.maxFailures ?? 100;
  let elements = options.elements;
  if (!elements) {
    const ch = new Blake2sChannel();
    ch.mixBytes(new TextEncoder().encode('zkvm air witness checker'));
    elements = drawRelationElements(air.relations, ch);
  }
  const pre = preprocessedToStorage(air);
  const main = witnessToStorage(air, witness);
  const failures: ConstraintFailure[] = [];
  const claimedSums: QM31[] = [];
  let total: QM31 = qm31.ZERO;
  air.components.forEach((c, ci) => {
    const lay = air.layout[ci]!;
    const cPre = lay.preprocessed.map((g) => pre[g]!);
    const cMain = main[ci]!;
    const params0 = componentParams(c, elements!, qm31.ZERO);
    const inter = generateInteraction(c, cPre, cMain, params0);
    claimedSums.push(inter.claimedSum);
    total = qm31.add(total, inter.claimedSum);
    const params = componentParams(c, elements!, inter.claimedSum);
    const n = 2 ** c.logSize;
    const r2s = rowToStorageTable(c.logSize);
    for (let i = 0; i < n && failures.length < maxFailures; i++) {
      const at = (offset: number) => r2s[(((i + offset) % n) + n) % n]!;
      const vals = interpretAll(
        c.constraints,
        (tree, index, offset) => {
          const r = at(offset);
          if (tree === PREPROCESSED_TREE) return qm31.fromM31(cPre[index]![r]!);
          if (tree === MAIN_TREE) return qm31.fromM31(cMain[index]![r]!);
          if (tree === INTERACTION_TREE) {
            const b = 4 * index;
            return [inter.columns[b]![r]!, inter.columns[b + 1]![r]!, inter.columns[b + 2]![r]!, inter.columns[b + 3]![r]!];
          }
          throw new Error(`unknown tree ${tree}`);
        },
        params,
      );
      vals.forEach((v, g) => {
        if (!qm31.isZero(v) && failures.length < maxFailures) {
          failures.push(Object.freeze({ component: c.name, constraint: g, label: c.labels[g]!, row: i, value: v }));
        }
      });
    }
  });
  if (air.publicLogUpSum) total = qm31.add(total, air.publicLogUpSum(options.statement ?? {}, elements));
  return Object.freeze({
    failures: Object.freeze(failures),
    claimedSums: Object.freeze(claimedSums),
    logUpTotal: total,
    ok: failures.length === 0 && qm31.isZero(total),
  });
}
