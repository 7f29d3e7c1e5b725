/**
 * The reference interpreter of the DSL: evaluates an expression over QM31 with a cell reader and
 * parameter bindings. Slow and simple; it defines the semantics the compiled kernels are tested against,
 * and serves the verifier's out-of-domain evaluation and the witness checker.
 * @module
 */
import { qm31 } from '../field/index.js';
import type { QM31 } from '../field/index.js';
import { AirError } from './errors.js';
import { visit } from './expr.js';
import type { Expr } from './expr.js';

/**
 * Reads a trace cell: `tree`, the component-local column `index` (for the interaction tree, the QM31
 * column), and the row `offset`. Base-field cells are returned embedded in QM31.
 */
export type CellReader = (tree: number, index: number, offset: number) => QM31;

/** The expressions' nodes in evaluation order (children first, shared subtrees once), with operand slots. */
interface Schedule {
  readonly nodes: readonly Expr[];
  /** Per node: slot of operand a and b (−1 when absent). */
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** Slot of each root expression. */
  readonly roots: Int32Array;
}

/** Schedules of expression lists, by list identity (a component's frozen constraint list is scheduled once). */
const schedules = new WeakMap<readonly Expr[], Schedule>();

function schedule(exprs: readonly Expr[]): Schedule {
  let s = schedules.get(exprs);
  if (s) return s;
  const slot = new Map<Expr, number>();
  const nodes: Expr[] = [];
  const seen = new Set<Expr>();
  for (const e of exprs) {
    visit(
      e,
      (n) => {
        slot.set(n, nodes.length);
        nodes.push(n);
      },
      seen,
    );
  }
  const a = Int32Array.from(nodes, (n) => (n.a ? slot.get(n.a)! : -1));
  const b = Int32Array.from(nodes, (n) => (n.b ? slot.get(n.b)! : -1));
  s = Object.freeze({ nodes, a, b, roots: Int32Array.from(exprs, (e) => slot.get(e)!) });
  if (Object.isFrozen(exprs)) schedules.set(exprs, s);
  return s;
}

/**
 * Evaluates each of `exprs` (sharing the work on common subtrees); params are looked up by name. The
 * evaluation order is computed once per frozen expression list (the verifier evaluates the same
 * constraints for every proof).
 */
export function interpretAll(exprs: readonly Expr[], read: CellReader, params: ReadonlyMap<string, QM31>): QM31[] {
  const { nodes, a, b, roots } = schedule(exprs);
  const val: QM31[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    let v: QM31;
    switch (n.kind) {
      case 'const':
        v = qm31.fromM31(n.value);
        break;
      case 'col':
        v = read(n.tree, n.index, n.offset);
        break;
      case 'param': {
        const p = params.get(n.name);
        if (!p) throw new AirError('EVALUATION_FAILED', `parameter ${n.name} is not bound`);
        v = p;
        break;
      }
      case 'neg':
        v = qm31.neg(val[a[i]!]!);
        break;
      case 'add':
        v = qm31.add(val[a[i]!]!, val[b[i]!]!);
        break;
      case 'sub':
        v = qm31.sub(val[a[i]!]!, val[b[i]!]!);
        break;
      case 'mul':
        v = qm31.mul(val[a[i]!]!, val[b[i]!]!);
        break;
    }
    val[i] = v;
  }
  return Array.from(roots, (r) => val[r]!);
}

/** Evaluates one expression. */
export function interpret(e: Expr, read: CellReader, params: ReadonlyMap<string, QM31>): QM31 {
  return interpretAll([e], read, params)[0]!;
}
