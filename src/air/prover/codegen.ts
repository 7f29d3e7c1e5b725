/**
 * Compiles DSL expressions to straight-line JavaScript (`new Function`) that runs over whole columns:
 * the prover's hot kernels.
 *
 * - {@link compileCompositionKernel}: for every row r of an evaluation domain, evaluates all constraints
 *   of a component, combines them with the random powers α^(M−1−g), multiplies by 1/Z(row) and adds the
 *   QM31 result into four coordinate columns.
 * - {@link compileRowKernel}: evaluates a list of QM31 expressions per row and stores their coordinates
 *   (used for the logUp numerators and denominators of the interaction trace).
 *
 * Code generation (one function body per component):
 * - Expressions are hash-consed first, so a subexpression shared between constraints is computed once per
 *   row. Columns are read once per row and offset.
 * - Base-field (M31) values are canonical `number`s. Sums of products are *fused*: an add/sub/neg tree
 *   whose leaves are products of two canonical values (or plain values) is evaluated as one float sum (an
 *   estimate of the quotient by p) plus one `Math.imul` sum (the exact value modulo 2^32), and reduced
 *   once — the `qm31.reduceSum` identity. At most {@link MAX_PRODUCT_WEIGHT} products (counted with their
 *   |coefficients|) and {@link MAX_TERMS} terms share one reduction. Why that is exact: the float sum has
 *   magnitude < 64·2^62 = 2^68, so each of its < 128 roundings errs by ≤ 2^14 and the total error is
 *   < 2^21, far below p/2; the estimate q = ⌊F/p + ½⌋ is then off by at most one exactly when the true
 *   remainder is near ±p/2, so W − q·p lies in (−p, p) and its int32 value (W is exact: < 2^40) is exact.
 * - QM31 values are four such locals; products use the expanded formula of `qm31.mulInto` (each output
 *   coordinate one fused sum).
 * - The α-weighted constraint sum is accumulated the same way: each base constraint adds four products
 *   α^(M−1−g)_k · C_g, reduced every {@link MAX_PRODUCT_WEIGHT} products.
 *
 * Seam for a WebAssembly kernel: {@link ConstraintKernel} is the interface the prover calls; a WAT code
 * generator can emit the same straight-line program over SIMD lanes and return an object of this shape.
 * Where `new Function` is forbidden (a strict Content-Security-Policy), the compiler falls back to the
 * reference interpreter (`interpreterCompositionKernel`), with identical results.
 * @module
 */
import { m31, qm31 } from '../../field/index.js';
import type { QM31 } from '../../field/index.js';
import { AirError } from '../errors.js';
import { INTERACTION_TREE, visit } from '../expr.js';
import type { Expr } from '../expr.js';
import { interpretAll } from '../interpret.js';

/** Most products (weighted by |coefficient|) summed before one reduction (see the module note). */
export const MAX_PRODUCT_WEIGHT = 64;
/** Most terms of one fused sum. */
export const MAX_TERMS = 64;

/** A column a kernel reads: tree, component-local index, and the M31 coordinate (interaction columns: 0..3; else 0). */
export interface ColumnSlot {
  readonly tree: number;
  readonly index: number;
  readonly coord: number;
}

/** What a compiled kernel expects in its array arguments. */
export interface KernelLayout {
  /** `cols[i]` must hold column `columns[i]`. */
  readonly columns: readonly ColumnSlot[];
  /** `idx[i]` must be the neighbour table for row offset `offsets[i]` (non-zero offsets only). */
  readonly offsets: readonly number[];
  /** `params` holds, for each name, its QM31 value's four coordinates (4·i … 4·i + 3). */
  readonly params: readonly string[];
  /** The generated JavaScript source (for inspection and tests). */
  readonly source: string;
}

/**
 * Accumulates a component's random combination of constraints into composition columns:
 * `out_k[r] += (Σ_g α_g · C_g(row r))_k · zinv[r >>> zShift]` for r in [start, end).
 */
export interface ConstraintKernel extends KernelLayout {
  run(
    cols: readonly Uint32Array[],
    idx: readonly Int32Array[],
    params: Uint32Array,
    alphas: Uint32Array,
    zinv: Uint32Array,
    zShift: number,
    out: readonly [Uint32Array, Uint32Array, Uint32Array, Uint32Array],
    start: number,
    end: number,
  ): void;
}

/** Stores the QM31 values of its expressions: `outs[4j + k][r]` = coordinate k of expression j at row r. */
export interface RowKernel extends KernelLayout {
  run(cols: readonly Uint32Array[], idx: readonly Int32Array[], params: Uint32Array, outs: readonly Uint32Array[], start: number, end: number): void;
}

// ---------------------------------------------------------------------------------------------------------
// Hash-consed nodes

interface Node {
  readonly id: number;
  readonly kind: Expr['kind'];
  readonly value: number;
  readonly tree: number;
  readonly index: number;
  readonly offset: number;
  readonly name: string;
  readonly a: Node | null;
  readonly b: Node | null;
  readonly ext: boolean;
  refs: number;
}

class Interner {
  readonly byKey = new Map<string, Node>();
  readonly byExpr = new Map<Expr, Node>();
  readonly seen = new Set<Expr>();

  intern(e: Expr): Node {
    visit(
      e,
      (n) => {
        const a = n.a ? this.byExpr.get(n.a)! : null;
        const b = n.b ? this.byExpr.get(n.b)! : null;
        let key: string;
        switch (n.kind) {
          case 'const':
            key = `c${n.value}`;
            break;
          case 'col':
            key = `x${n.tree}:${n.index}:${n.offset}`;
            break;
          case 'param':
            key = `p${n.name}`;
            break;
          case 'neg':
            key = `n${a!.id}`;
            break;
          case 'sub':
            key = `s${a!.id},${b!.id}`;
            break;
          default: {
            // add and mul commute: order operands by id so a+b and b+a share a node.
            const [l, r] = a!.id <= b!.id ? [a!, b!] : [b!, a!];
            key = `${n.kind === 'add' ? 'a' : 'm'}${l.id},${r.id}`;
          }
        }
        let node = this.byKey.get(key);
        if (!node) {
          node = {
            id: this.byKey.size,
            kind: n.kind,
            value: n.value,
            tree: n.tree,
            index: n.index,
            offset: n.offset,
            name: n.name,
            a,
            b,
            ext: n.ext,
            refs: 0,
          };
          this.byKey.set(key, node);
          if (a) a.refs++;
          if (b) b.refs++;
        }
        this.byExpr.set(n, node);
      },
      this.seen,
    );
    return this.byExpr.get(e)!;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Fused sums

interface Term {
  readonly c: number; // small integer coefficient
  readonly a: string; // JS expression: a local or a literal
  readonly b: string | null; // second factor (a product term) or null (a plain value)
}

interface Terms {
  readonly t: readonly Term[];
  readonly w: number; // Σ |c| over product terms
}

const EMPTY: Terms = { t: [], w: 0 };

function single(a: string): Terms {
  return a === '0' ? EMPTY : { t: [{ c: 1, a, b: null }], w: 0 };
}

function negate(x: Terms): Terms {
  return { t: x.t.map((t) => ({ c: -t.c, a: t.a, b: t.b })), w: x.w };
}

function product(c: number, a: string, b: string): Terms {
  if (a === '0' || b === '0') return EMPTY;
  if (a === '1') return c === 1 ? single(b) : { t: [{ c, a: b, b: null }], w: 0 };
  if (b === '1') return c === 1 ? single(a) : { t: [{ c, a, b: null }], w: 0 };
  return { t: [{ c, a, b }], w: Math.abs(c) };
}

function concat(...xs: Terms[]): Terms {
  return { t: xs.flatMap((x) => x.t), w: xs.reduce((s, x) => s + x.w, 0) };
}

class Gen {
  readonly body: string[] = [];
  readonly head: string[] = [];
  readonly columns: ColumnSlot[] = [];
  readonly offsets: number[] = [];
  readonly params: string[] = [];
  readonly #colSlot = new Map<string, number>();
  readonly #offSlot = new Map<number, number>();
  readonly #paramLocals = new Map<string, string[]>();
  readonly #loads = new Map<string, string>();
  readonly #memoBase = new Map<Node, string>();
  readonly #memoExt = new Map<Node, string[]>();
  #tmp = 0;

  rowIndex(offset: number): string {
    if (offset === 0) return 'r';
    let s = this.#offSlot.get(offset);
    if (s === undefined) {
      s = this.offsets.length;
      this.offsets.push(offset);
      this.#offSlot.set(offset, s);
      this.head.push(`const ix${s} = idx[${s}];`);
    }
    const key = `r${s}`;
    if (!this.#loads.has(key)) {
      this.#loads.set(key, `ro${s}`);
      this.body.push(`const ro${s} = ix${s}[r];`);
    }
    return `ro${s}`;
  }

  load(tree: number, index: number, coord: number, offset: number): string {
    const key = `${tree}:${index}:${coord}:${offset}`;
    const have = this.#loads.get(key);
    if (have) return have;
    const ck = `${tree}:${index}:${coord}`;
    let s = this.#colSlot.get(ck);
    if (s === undefined) {
      s = this.columns.length;
      this.columns.push(Object.freeze({ tree, index, coord }));
      this.#colSlot.set(ck, s);
      this.head.push(`const c${s} = cols[${s}];`);
    }
    const ri = this.rowIndex(offset);
    const name = `v${this.#tmp++}`;
    this.body.push(`const ${name} = c${s}[${ri}];`);
    this.#loads.set(key, name);
    return name;
  }

  paramLocals(name: string): string[] {
    let p = this.#paramLocals.get(name);
    if (!p) {
      const s = this.params.length;
      this.params.push(name);
      p = [0, 1, 2, 3].map((k) => `q${s}_${k}`);
      for (let k = 0; k < 4; k++) this.head.push(`const q${s}_${k} = params[${4 * s + k}];`);
      this.#paramLocals.set(name, p);
    }
    return p;
  }

  /** Emits one reduction of `x`; returns the local (or literal) holding the canonical value. */
  reduce(x: Terms): string {
    if (x.t.length === 0) return '0';
    if (x.t.length === 1 && x.t[0]!.c === 1 && x.t[0]!.b === null) return x.t[0]!.a;
    let f = '';
    let w = '';
    for (const t of x.t) {
      const sign = t.c < 0 ? ' - ' : ' + ';
      const mag = Math.abs(t.c);
      const k = mag === 1 ? '' : `${mag} * `;
      f += `${sign}${k}${t.b === null ? t.a : `${t.a} * ${t.b}`}`;
      w += `${sign}${k}${t.b === null ? t.a : `Math.imul(${t.a}, ${t.b})`}`;
    }
    const name = `t${this.#tmp++}`;
    this.body.push(`let ${name} = (${w} - Math.imul(Math.floor((${f}) * INV_P + 0.5), P)) | 0;`, `${name} += (${name} >> 31) & P;`);
    return name;
  }

  /** Sums that together exceed the budget are reduced separately first. */
  merge(x: Terms, y: Terms): Terms {
    const fits = (a: Terms, b: Terms) => a.w + b.w <= MAX_PRODUCT_WEIGHT && a.t.length + b.t.length <= MAX_TERMS;
    if (fits(x, y)) return concat(x, y);
    const rx = x.t.length > 1 || x.w > 0 ? single(this.reduce(x)) : x;
    if (fits(rx, y)) return concat(rx, y);
    const ry = y.t.length > 1 || y.w > 0 ? single(this.reduce(y)) : y;
    return concat(rx, ry);
  }

  isLeaf(n: Node): boolean {
    return n.kind === 'const' || n.kind === 'col' || n.kind === 'param';
  }

  // ---- base field

  baseTerms(n: Node): Terms {
    const m = this.#memoBase.get(n);
    if (m !== undefined) return single(m);
    if (n.refs > 1 && !this.isLeaf(n)) return single(this.base(n));
    return this.rawBase(n);
  }

  rawBase(n: Node): Terms {
    switch (n.kind) {
      case 'const':
        return single(String(n.value));
      case 'col':
        return single(this.load(n.tree, n.index, 0, n.offset));
      case 'neg':
        return negate(this.baseTerms(n.a!));
      case 'add':
        return this.merge(this.baseTerms(n.a!), this.baseTerms(n.b!));
      case 'sub':
        return this.merge(this.baseTerms(n.a!), negate(this.baseTerms(n.b!)));
      case 'mul':
        return product(1, this.base(n.a!), this.base(n.b!));
      default:
        throw new AirError('INVALID_DESCRIPTION', `unexpected ${n.kind} in a base-field expression`);
    }
  }

  /** A canonical base value (local or literal) for node n. */
  base(n: Node): string {
    const m = this.#memoBase.get(n);
    if (m !== undefined) return m;
    let v: string;
    if (n.kind === 'const') v = String(n.value);
    else if (n.kind === 'col') v = this.load(n.tree, n.index, 0, n.offset);
    else v = this.reduce(this.rawBase(n));
    this.#memoBase.set(n, v);
    return v;
  }

  // ---- extension field

  extTerms(n: Node): Terms[] {
    if (!n.ext) return [this.baseTerms(n), EMPTY, EMPTY, EMPTY];
    const m = this.#memoExt.get(n);
    if (m !== undefined) return m.map(single);
    if (n.refs > 1 && !this.isLeaf(n)) return this.ext(n).map(single);
    return this.rawExt(n);
  }

  rawExt(n: Node): Terms[] {
    switch (n.kind) {
      case 'col':
        return [0, 1, 2, 3].map((k) => single(this.load(INTERACTION_TREE, n.index, k, n.offset)));
      case 'param':
        return this.paramLocals(n.name).map(single);
      case 'neg':
        return this.extTerms(n.a!).map(negate);
      case 'add': {
        const x = this.extTerms(n.a!);
        const y = this.extTerms(n.b!);
        return x.map((t, k) => this.merge(t, y[k]!));
      }
      case 'sub': {
        const x = this.extTerms(n.a!);
        const y = this.extTerms(n.b!);
        return x.map((t, k) => this.merge(t, negate(y[k]!)));
      }
      case 'mul': {
        if (!n.a!.ext) {
          const s = this.base(n.a!);
          return this.ext(n.b!).map((y) => product(1, s, y));
        }
        if (!n.b!.ext) {
          const s = this.base(n.b!);
          return this.ext(n.a!).map((x) => product(1, x, s));
        }
        return qmulTerms(this.ext(n.a!), this.ext(n.b!));
      }
      default:
        throw new AirError('INVALID_DESCRIPTION', `unexpected ${n.kind} in an extension-field expression`);
    }
  }

  /** Four canonical coordinates (locals or literals) for node n. */
  ext(n: Node): string[] {
    if (!n.ext) return [this.base(n), '0', '0', '0'];
    const m = this.#memoExt.get(n);
    if (m !== undefined) return m;
    let v: string[];
    if (n.kind === 'col') v = [0, 1, 2, 3].map((k) => this.load(INTERACTION_TREE, n.index, k, n.offset));
    else if (n.kind === 'param') v = this.paramLocals(n.name);
    else v = this.rawExt(n).map((t) => this.reduce(t));
    this.#memoExt.set(n, v);
    return v;
  }
}

/**
 * Terms of the QM31 product (a0..a3)(b0..b3) (see `qm31.mulInto`): with A = (a0, a1), B = (a2, a3),
 * (A + Bu)(C + Du) = (AC + R·BD) + (AD + BC)u and R = 2 + i.
 */
function qmulTerms(a: string[], b: string[]): Terms[] {
  const [a0, a1, a2, a3] = a as [string, string, string, string];
  const [b0, b1, b2, b3] = b as [string, string, string, string];
  return [
    concat(product(1, a0, b0), product(-1, a1, b1), product(2, a2, b2), product(-2, a3, b3), product(-1, a2, b3), product(-1, a3, b2)),
    concat(product(1, a0, b1), product(1, a1, b0), product(1, a2, b2), product(-1, a3, b3), product(2, a2, b3), product(2, a3, b2)),
    concat(product(1, a0, b2), product(-1, a1, b3), product(1, a2, b0), product(-1, a3, b1)),
    concat(product(1, a0, b3), product(1, a1, b2), product(1, a2, b1), product(1, a3, b0)),
  ];
}

const PRELUDE = ['"use strict";', 'const P = 2147483647;', 'const INV_P = 1 / 2147483647;'];

function build(args: string, head: string[], body: string[]): { source: string; fn: (...a: unknown[]) => void } {
  const source = [
    `return function kernel(${args}) {`,
    ...PRELUDE.map((l) => '  ' + l),
    ...head.map((l) => '  ' + l),
    '  for (let r = start; r < end; r++) {',
    ...body.map((l) => '    ' + l),
    '  }',
    '};',
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const fn = new Function(source)() as (...a: unknown[]) => void;
  return { source, fn };
}

function canEval(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

/**
 * Source size above which a generated function is split. V8 does not optimize functions with more than
 * ~60 KB of bytecode (measured: one 98-constraint wide-Fibonacci function, 60 KB of source, ran at
 * ~570 ns per constraint interpreted; split into parts of 8 constraints, ~8 ns). Parts of ≤ 12 KB source
 * stay well clear of the limit and of register-allocation cliffs.
 */
export const MAX_PART_SOURCE = 12_000;
/** Constraints per part to start from (halved while a part's source exceeds {@link MAX_PART_SOURCE}). */
const PART_CONSTRAINTS = 8;
/** Rows per block: every part runs over one block before the next, so the output rows stay in cache. */
const ROW_BLOCK = 1024;

interface Part {
  readonly fn: (...a: unknown[]) => void;
  readonly source: string;
  readonly columns: readonly ColumnSlot[];
  readonly offsets: readonly number[];
  readonly params: readonly string[];
  /** First item (constraint or expression) of this part and their count. */
  readonly first: number;
  readonly count: number;
}

function genCompositionPart(constraints: readonly Expr[], first: number): Part {
  const interner = new Interner();
  const nodes = constraints.map((c) => interner.intern(c));
  for (const n of nodes) n.refs++;
  const g = new Gen();
  const acc: Terms[] = [EMPTY, EMPTY, EMPTY, EMPTY];
  const add = (k: number, t: Terms) => {
    acc[k] = g.merge(acc[k]!, t);
  };
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const al = [0, 1, 2, 3].map((k) => `al${i}_${k}`);
    if (!n.ext) {
      const c = g.base(n);
      if (c === '0') continue;
      for (let k = 0; k < 4; k++) add(k, product(1, al[k]!, c));
    } else {
      const x = g.ext(n);
      qmulTerms(al, x).forEach((t, k) => add(k, t));
    }
    for (let k = 0; k < 4; k++) g.head.push(`const al${i}_${k} = alphas[${4 * (first + i) + k}];`);
  }
  const a = acc.map((t) => g.reduce(t));
  g.body.push('const zi = zinv[r >>> zShift];');
  for (let k = 0; k < 4; k++) {
    g.body.push(
      `{ const o = out${k}[r]; let s = (o + Math.imul(${a[k]}, zi) - Math.imul(Math.floor((o + ${a[k]} * zi) * INV_P + 0.5), P)) | 0; out${k}[r] = s + ((s >> 31) & P); }`,
    );
  }
  const { source, fn } = build('cols, idx, params, alphas, zinv, zShift, out0, out1, out2, out3, start, end', g.head, g.body);
  return { fn, source, columns: g.columns, offsets: g.offsets, params: g.params, first, count: constraints.length };
}

function genRowPart(exprs: readonly Expr[], first: number): Part {
  const interner = new Interner();
  const nodes = exprs.map((e) => interner.intern(e));
  for (const n of nodes) n.refs++;
  const g = new Gen();
  for (let j = 0; j < nodes.length; j++) {
    const v = g.ext(nodes[j]!);
    for (let k = 0; k < 4; k++) g.body.push(`o${4 * j + k}[r] = ${v[k]};`);
  }
  for (let i = 0; i < 4 * nodes.length; i++) g.head.push(`const o${i} = outs[${4 * first + i}];`);
  const { source, fn } = build('cols, idx, params, outs, start, end', g.head, g.body);
  return { fn, source, columns: g.columns, offsets: g.offsets, params: g.params, first, count: exprs.length };
}

/** Generates parts of at most {@link PART_CONSTRAINTS} items, halving any whose source is too large. */
function genParts(items: readonly Expr[], gen: (items: readonly Expr[], first: number) => Part): Part[] {
  const parts: Part[] = [];
  const go = (from: number, to: number) => {
    const part = gen(items.slice(from, to), from);
    if (part.source.length > MAX_PART_SOURCE && to - from > 1) {
      const mid = from + Math.ceil((to - from) / 2);
      go(from, mid);
      go(mid, to);
    } else {
      parts.push(part);
    }
  };
  for (let i = 0; i < items.length; i += PART_CONSTRAINTS) go(i, Math.min(items.length, i + PART_CONSTRAINTS));
  return parts;
}

/** The union layout of the parts, and per part the positions of its slots in it. */
function mergeLayouts(parts: readonly Part[]) {
  const columns: ColumnSlot[] = [];
  const offsets: number[] = [];
  const params: string[] = [];
  const colIndex = new Map<string, number>();
  const maps = parts.map((p) => ({
    cols: p.columns.map((c) => {
      const key = `${c.tree}:${c.index}:${c.coord}`;
      let i = colIndex.get(key);
      if (i === undefined) {
        i = columns.length;
        columns.push(c);
        colIndex.set(key, i);
      }
      return i;
    }),
    offs: p.offsets.map((o) => {
      let i = offsets.indexOf(o);
      if (i < 0) i = offsets.push(o) - 1;
      return i;
    }),
    params: p.params.map((n) => {
      let i = params.indexOf(n);
      if (i < 0) i = params.push(n) - 1;
      return i;
    }),
  }));
  return { columns: Object.freeze(columns), offsets: Object.freeze(offsets), params: Object.freeze(params), maps };
}

/** Per-part argument arrays picked from the union-layout arguments. */
function partArgs(maps: ReturnType<typeof mergeLayouts>['maps'], cols: readonly Uint32Array[], idx: readonly Int32Array[], params: Uint32Array) {
  return maps.map((m) => {
    const pp = new Uint32Array(4 * m.params.length);
    m.params.forEach((g, i) => pp.set(params.subarray(4 * g, 4 * g + 4), 4 * i));
    return { cols: m.cols.map((i) => cols[i]!), idx: m.offs.map((i) => idx[i]!), params: pp };
  });
}

/**
 * Compiles the composition kernel for `constraints` (a component's constraints in order). `alphas` at run
 * time holds 4 coordinates per constraint: the QM31 weight of constraint g at 4g … 4g + 3. The work is
 * split into functions of a few constraints each (see {@link MAX_PART_SOURCE}), run block by block.
 */
export function compileCompositionKernel(constraints: readonly Expr[]): ConstraintKernel {
  if (!canEval()) return interpreterCompositionKernel(constraints);
  const parts = genParts(constraints, genCompositionPart);
  const { columns, offsets, params, maps } = mergeLayouts(parts);
  const kernel: ConstraintKernel = {
    columns,
    offsets,
    params,
    source: parts.map((p) => p.source).join('\n\n'),
    run(cols, idx, prm, alphas, zinv, zShift, out, start, end) {
      const args = partArgs(maps, cols, idx, prm);
      for (let b = start; b < end; b += ROW_BLOCK) {
        const e = Math.min(end, b + ROW_BLOCK);
        for (let i = 0; i < parts.length; i++) {
          const a = args[i]!;
          parts[i]!.fn(a.cols, a.idx, a.params, alphas, zinv, zShift, out[0], out[1], out[2], out[3], b, e);
        }
      }
    },
  };
  return Object.freeze(kernel);
}

/** Compiles a kernel storing the QM31 values of `exprs` per row (`outs[4j + k]`), split like the composition kernel. */
export function compileRowKernel(exprs: readonly Expr[]): RowKernel {
  if (!canEval()) return interpreterRowKernel(exprs);
  const parts = genParts(exprs, genRowPart);
  const { columns, offsets, params, maps } = mergeLayouts(parts);
  const kernel: RowKernel = {
    columns,
    offsets,
    params,
    source: parts.map((p) => p.source).join('\n\n'),
    run(cols, idx, prm, outs, start, end) {
      const args = partArgs(maps, cols, idx, prm);
      for (let b = start; b < end; b += ROW_BLOCK) {
        const e = Math.min(end, b + ROW_BLOCK);
        for (let i = 0; i < parts.length; i++) {
          const a = args[i]!;
          parts[i]!.fn(a.cols, a.idx, a.params, outs, b, e);
        }
      }
    },
  };
  return Object.freeze(kernel);
}

// ---------------------------------------------------------------------------------------------------------
// Interpreter fallbacks (same layout and semantics; used where `new Function` is unavailable)

/**
 * The column slots (one per M31 coordinate read), non-zero row offsets and parameters that a set of
 * constraints reads, in first-use order: the layout shared by the interpreter and WASM kernels.
 */
export function kernelLayout(exprs: readonly Expr[]): { columns: ColumnSlot[]; offsets: number[]; params: string[] } {
  const columns: ColumnSlot[] = [];
  const offsets: number[] = [];
  const params: string[] = [];
  const seen = new Set<Expr>();
  const colKeys = new Set<string>();
  for (const e of exprs) {
    visit(
      e,
      (n) => {
        if (n.kind === 'col') {
          const coords = n.tree === INTERACTION_TREE ? 4 : 1;
          for (let k = 0; k < coords; k++) {
            const key = `${n.tree}:${n.index}:${k}`;
            if (!colKeys.has(key)) {
              colKeys.add(key);
              columns.push(Object.freeze({ tree: n.tree, index: n.index, coord: k }));
            }
          }
          if (n.offset !== 0 && !offsets.includes(n.offset)) offsets.push(n.offset);
        } else if (n.kind === 'param' && !params.includes(n.name)) {
          params.push(n.name);
        }
      },
      seen,
    );
  }
  return { columns, offsets, params };
}

function rowEvaluator(exprs: readonly Expr[], layout: { columns: ColumnSlot[]; offsets: number[]; params: string[] }) {
  const slot = new Map(layout.columns.map((c, i) => [`${c.tree}:${c.index}:${c.coord}`, i]));
  return (cols: readonly Uint32Array[], idx: readonly Int32Array[], params: Uint32Array, r: number): QM31[] => {
    const bound = new Map<string, QM31>(
      layout.params.map((name, i) => [name, [params[4 * i]!, params[4 * i + 1]!, params[4 * i + 2]!, params[4 * i + 3]!] as QM31]),
    );
    const row = (offset: number) => (offset === 0 ? r : idx[layout.offsets.indexOf(offset)]![r]!);
    return interpretAll(
      exprs,
      (tree, index, offset) => {
        const at = row(offset);
        if (tree !== INTERACTION_TREE) return qm31.fromM31(cols[slot.get(`${tree}:${index}:0`)!]![at]!);
        const v = [0, 1, 2, 3].map((k) => cols[slot.get(`${tree}:${index}:${k}`)!]![at]!);
        return [v[0]!, v[1]!, v[2]!, v[3]!];
      },
      bound,
    );
  };
}

/** The composition kernel as an interpreter (reference semantics; ~100× slower than the compiled one). */
export function interpreterCompositionKernel(constraints: readonly Expr[]): ConstraintKernel {
  const layout = kernelLayout(constraints);
  const evalRow = rowEvaluator(constraints, layout);
  const kernel: ConstraintKernel = {
    ...layout,
    source: '',
    run(cols, idx, params, alphas, zinv, zShift, out, start, end) {
      for (let r = start; r < end; r++) {
        const vals = evalRow(cols, idx, params, r);
        let acc: QM31 = qm31.ZERO;
        vals.forEach((v, g) => {
          const al: QM31 = [alphas[4 * g]!, alphas[4 * g + 1]!, alphas[4 * g + 2]!, alphas[4 * g + 3]!];
          acc = qm31.add(acc, qm31.mul(al, v));
        });
        const z = zinv[r >>> zShift]!;
        for (let k = 0; k < 4; k++) out[k]![r] = m31.add(out[k]![r]!, m31.mul(acc[k]!, z));
      }
    },
  };
  return Object.freeze(kernel);
}

/** The row kernel as an interpreter. */
export function interpreterRowKernel(exprs: readonly Expr[]): RowKernel {
  const layout = kernelLayout(exprs);
  const evalRow = rowEvaluator(exprs, layout);
  const kernel: RowKernel = {
    ...layout,
    source: '',
    run(cols, idx, params, outs, start, end) {
      for (let r = start; r < end; r++) {
        const vals = evalRow(cols, idx, params, r);
        vals.forEach((v, j) => {
          for (let k = 0; k < 4; k++) outs[4 * j + k]![r] = v[k]!;
        });
      }
    },
  };
  return Object.freeze(kernel);
}
