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

/** Evaluates each of `exprs` (sharing the work on common subtrees); params are looked up by name. */
export function interpretAll(exprs: readonly Expr[], read: CellReader, params: ReadonlyMap<string, QM31>): QM31[] {
  const val = new Map<Expr, QM31>();
  const seen = new Set<Expr>();
  const out: QM31[] = [];
  for (const e of exprs) {
    visit(
      e,
      (n) => {
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
            v = qm31.neg(val.get(n.a!)!);
            break;
          case 'add':
            v = qm31.add(val.get(n.a!)!, val.get(n.b!)!);
            break;
          case 'sub':
            v = qm31.sub(val.get(n.a!)!, val.get(n.b!)!);
            break;
          case 'mul':
            v = qm31.mul(val.get(n.a!)!, val.get(n.b!)!);
            break;
        }
        val.set(n, v);
      },
      seen,
    );
    out.push(val.get(e)!);
  }
  return out;
}

/** Evaluates one expression. */
export function interpret(e: Expr, read: CellReader, params: ReadonlyMap<string, QM31>): QM31 {
  return interpretAll([e], read, params)[0]!;
}
