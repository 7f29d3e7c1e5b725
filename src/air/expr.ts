/**
 * The constraint expression DSL: small immutable expression trees over trace cells.
 *
 * Leaves are M31 constants, trace cells (a column of the preprocessed, main or interaction tree read at a
 * row offset: −1 previous row, 0 this row, +1 next row, …) and named QM31 parameters (logUp relation
 * challenges, the cumulative-sum shift), bound only when an expression is evaluated. Inner nodes are
 * `add`, `sub`, `mul` and `neg`. Every node knows its total degree in trace cells and whether it is
 * base-field (M31) or extension-field (QM31) valued: preprocessed and main cells and constants are M31,
 * interaction cells (QM31 columns, four M31 coordinate columns each) and parameters are QM31.
 *
 * One description serves every evaluator: the compiled constraint kernel (`prover/codegen.ts`), the reference
 * interpreter (`interpret.ts`), the verifier's out-of-domain evaluation and the witness checker.
 * @module
 */
import { AirError } from './errors.js';

/** Index of the preprocessed tree (columns shared across components by id). */
export const PREPROCESSED_TREE = 0;
/** Index of the main trace tree. */
export const MAIN_TREE = 1;
/** Index of the logUp interaction tree. */
export const INTERACTION_TREE = 2;
/** Index of the composition tree (the composition polynomial's four coordinate columns). */
export const COMPOSITION_TREE = 3;

/** A trace tree holding constraint inputs: preprocessed, main or interaction. */
export type TraceTree = typeof PREPROCESSED_TREE | typeof MAIN_TREE | typeof INTERACTION_TREE;

/** Node kinds. */
export type ExprKind = 'const' | 'col' | 'param' | 'add' | 'sub' | 'mul' | 'neg';

/** An expression operand: an expression or an integer constant (reduced modulo p). */
export type ExprLike = Expr | number;

/** Largest |row offset| a column reference may use (a generous bound that keeps sample sets small). */
export const MAX_OFFSET = 64;

const P = 0x7fffffff;

/** A node of the DSL. Build leaves with {@link constant}, a component builder's column methods, or {@link param}. */
export class Expr {
  /** The node kind. */
  readonly kind: ExprKind;
  /** Canonical M31 value (`const`), else 0. */
  readonly value: number;
  /** Tree of a `col` node, else −1. */
  readonly tree: number;
  /** Column index of a `col` node inside its component's columns of that tree (QM31 columns for the interaction tree), else −1. */
  readonly index: number;
  /** Row offset of a `col` node, else 0. */
  readonly offset: number;
  /** Name of a `param` node, else ''. */
  readonly name: string;
  /** First operand of `add`, `sub`, `mul`, `neg`. */
  readonly a: Expr | null;
  /** Second operand of `add`, `sub`, `mul`. */
  readonly b: Expr | null;
  /** Total degree in trace cells (constants and parameters have degree 0). */
  readonly degree: number;
  /** Whether the value lies in QM31 (interaction cells, parameters, or anything combining them). */
  readonly ext: boolean;

  /** @internal use the factories; the constructor does not validate. */
  constructor(
    kind: ExprKind,
    fields: { value?: number; tree?: number; index?: number; offset?: number; name?: string; a?: Expr; b?: Expr },
  ) {
    this.kind = kind;
    this.value = fields.value ?? 0;
    this.tree = fields.tree ?? -1;
    this.index = fields.index ?? -1;
    this.offset = fields.offset ?? 0;
    this.name = fields.name ?? '';
    this.a = fields.a ?? null;
    this.b = fields.b ?? null;
    const a = this.a;
    const b = this.b;
    switch (kind) {
      case 'const':
        this.degree = 0;
        this.ext = false;
        break;
      case 'col':
        this.degree = 1;
        this.ext = this.tree === INTERACTION_TREE;
        break;
      case 'param':
        this.degree = 0;
        this.ext = true;
        break;
      case 'mul':
        this.degree = a!.degree + b!.degree;
        this.ext = a!.ext || b!.ext;
        break;
      case 'neg':
        this.degree = a!.degree;
        this.ext = a!.ext;
        break;
      default:
        this.degree = Math.max(a!.degree, b!.degree);
        this.ext = a!.ext || b!.ext;
    }
    Object.freeze(this);
  }

  /** this + o. */
  add(o: ExprLike): Expr {
    return new Expr('add', { a: this, b: toExpr(o) });
  }

  /** this − o. */
  sub(o: ExprLike): Expr {
    return new Expr('sub', { a: this, b: toExpr(o) });
  }

  /** this · o. */
  mul(o: ExprLike): Expr {
    return new Expr('mul', { a: this, b: toExpr(o) });
  }

  /** −this. */
  neg(): Expr {
    return new Expr('neg', { a: this });
  }

  /** this². */
  square(): Expr {
    return this.mul(this);
  }

  /** The same column read `offset` rows further (relative to this reference). Only for column references. */
  at(offset: number): Expr {
    if (this.kind !== 'col') throw new AirError('INVALID_DESCRIPTION', 'only a column reference can be shifted');
    return columnRef(this.tree as TraceTree, this.index, this.offset + offset);
  }

  /** The next row (offset +1 relative to this reference). */
  get next(): Expr {
    return this.at(1);
  }

  /** The previous row (offset −1 relative to this reference). */
  get prev(): Expr {
    return this.at(-1);
  }

  /** A readable rendering, e.g. `(m3 - ((m2 * m2) + (m1 * m1)))`. */
  toString(): string {
    switch (this.kind) {
      case 'const':
        return String(this.value);
      case 'col': {
        const t = this.tree === PREPROCESSED_TREE ? 'p' : this.tree === MAIN_TREE ? 'm' : 'i';
        return this.offset === 0 ? `${t}${this.index}` : `${t}${this.index}[${this.offset > 0 ? '+' : ''}${this.offset}]`;
      }
      case 'param':
        return `$${this.name}`;
      case 'neg':
        return `-(${this.a!.toString()})`;
      default: {
        const op = this.kind === 'add' ? '+' : this.kind === 'sub' ? '-' : '*';
        return `(${this.a!.toString()} ${op} ${this.b!.toString()})`;
      }
    }
  }
}

/** The M31 constant n mod p for any safe integer n (negative allowed). */
export function constant(n: number): Expr {
  if (!Number.isSafeInteger(n)) throw new AirError('INVALID_DESCRIPTION', `constant must be a safe integer: ${String(n)}`);
  const r = n % P;
  return new Expr('const', { value: (r < 0 ? r + P : r) | 0 });
}

/** An expression or integer as an expression. */
export function toExpr(x: ExprLike): Expr {
  if (x instanceof Expr) return x;
  if (typeof x === 'number') return constant(x);
  throw new AirError('INVALID_DESCRIPTION', `not an expression or integer: ${String(x)}`);
}

/**
 * A reference to column `index` of `tree` at row `offset`. Components create these through their builder;
 * the index is local to the component (see `component.ts`).
 */
export function columnRef(tree: TraceTree, index: number, offset = 0): Expr {
  if (tree !== PREPROCESSED_TREE && tree !== MAIN_TREE && tree !== INTERACTION_TREE) {
    throw new AirError('INVALID_DESCRIPTION', `unknown tree ${String(tree)}`);
  }
  if (!Number.isSafeInteger(index) || index < 0) throw new AirError('INVALID_DESCRIPTION', `bad column index ${String(index)}`);
  if (!Number.isSafeInteger(offset) || Math.abs(offset) > MAX_OFFSET) {
    throw new AirError('INVALID_DESCRIPTION', `row offset must be an integer in [−${MAX_OFFSET}, ${MAX_OFFSET}]: ${String(offset)}`);
  }
  return new Expr('col', { tree, index, offset });
}

/** A named QM31 parameter (bound at evaluation time; see `component.ts` for the names the framework uses). */
export function param(name: string): Expr {
  if (typeof name !== 'string' || name.length === 0) throw new AirError('INVALID_DESCRIPTION', 'parameter name must be a non-empty string');
  return new Expr('param', { name });
}

/** Σ terms (0 for none). */
export function sum(terms: readonly ExprLike[]): Expr {
  if (terms.length === 0) return constant(0);
  let acc = toExpr(terms[0]!);
  for (let i = 1; i < terms.length; i++) acc = acc.add(terms[i]!);
  return acc;
}

/** Π factors (1 for none). */
export function product(factors: readonly ExprLike[]): Expr {
  if (factors.length === 0) return constant(1);
  let acc = toExpr(factors[0]!);
  for (let i = 1; i < factors.length; i++) acc = acc.mul(factors[i]!);
  return acc;
}

/** Calls `f` on every node of `e` (children before parents; shared subtrees are visited once). */
export function visit(e: Expr, f: (n: Expr) => void, seen: Set<Expr> = new Set()): void {
  // Iterative post-order: expression chains (long sums) can be deeper than the call stack allows.
  const stack: [Expr, boolean][] = [[e, false]];
  while (stack.length > 0) {
    const [n, expanded] = stack.pop()!;
    if (seen.has(n)) continue;
    if (expanded) {
      seen.add(n);
      f(n);
      continue;
    }
    stack.push([n, true]);
    if (n.b) stack.push([n.b, false]);
    if (n.a) stack.push([n.a, false]);
  }
}
