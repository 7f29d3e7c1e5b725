/**
 * Compiles a component's constraints to a WebAssembly SIMD composition kernel at run time: the same
 * {@link ConstraintKernel} the JavaScript code generator (`codegen.ts`) produces, about an order of
 * magnitude faster on base-field constraints.
 *
 * Generated code (one module per component, built with the dependency-free `wasm/emitter.ts`):
 * - `run(args, start, end, scratch)` processes 4 rows per iteration, one row per i32x4 lane. `args` points at a
 *   table in the shared heap: column pointers, neighbour-table pointers, 1/Z table, its shift, the
 *   constraint weights and the four output columns (layout in {@link ARG_FIXED}). Every argument is an
 *   i32, so a row range is a plain `KernelCall` that any kernel thread can run.
 * - Cells at offset 0 are plain v128 loads; cells at other offsets are gathered lane by lane through the
 *   neighbour tables (`v128.load32_lane`), the table read once per iteration and offset.
 * - Expressions are hash-consed (shared subexpressions, e.g. c_i² in wide Fibonacci, are computed once per
 *   iteration); every node is a canonical M31 vector, with the add/sub/mul sequences of
 *   `poly/prover/wasm/generate.mjs`.
 * - Constraint C_g is weighted by the QM31 α_g: its four coordinates (splat from memory) multiply C_g with
 *   `i64x2.extmul`, summed lazily in eight i64x2 accumulators, folded ((x & p) + (x >> 31)) every
 *   {@link FOLD_EVERY} constraints so they never overflow, and reduced once per row: then × 1/Z, + out.
 *
 * Extension-field (QM31) constraints — logUp — stay with the JavaScript kernel: the prover's kernel runs
 * the base constraints in WebAssembly and the others with a JavaScript kernel compiled on just those
 * (identical results: the composition is a plain sum over constraints). Rows outside the largest
 * 4-aligned sub-range also go to JavaScript.
 * @module
 */
import { m31 } from '../../field/index.js';
import { defaultHeap } from '../../wasm/runtime.js';
import { Code, emitModule, ValType } from '../../wasm/emitter.js';
import { getKernelPool } from '../../wasm/threads.js';
import { compileCompositionKernel, compileRowKernel, kernelLayout } from './codegen.js';
import type { ColumnSlot, ConstraintKernel, RowKernel } from './codegen.js';
import { INTERACTION_TREE, visit } from '../expr.js';
import type { Expr } from '../expr.js';

const P = 0x7fffffff;

/**
 * Constraints accumulated between folds of the 64-bit accumulators: after a fold a lane is < 2^34, and
 * three products (each < 2^62) keep it below 3·2^62 + 2^34 < 2^64.
 */
export const FOLD_EVERY = 3;

/** Positions of the fixed words of the argument table after the column and neighbour-table pointers (`out`: 4 words). */
export const ARG_FIXED = Object.freeze({ zinv: 0, zShift: 1, alphas: 2, out: 3, params: 7 } as const);
/** Words of the argument table after the column and neighbour-table pointers. */
const ARG_FIXED_WORDS = 8;

/** Rows per block (see the generator): a group's columns for one block stay in L1. */
export const ROW_BLOCK = 512;
/**
 * Constraints per pass over a block. Measured (wide Fibonacci, 100 columns, 2^17 rows, ns per constraint
 * and row): 1 → 3.0, 2 → 1.8, 3 → 1.5, 6 → 1.7, 12 → 2.1, all 98 in one pass → 5.7 (column streams and
 * register pressure); the JavaScript kernel: 8.1.
 */
export const GROUP = 3;
/** Scratch bytes a `run` call needs (accumulators of one block). */
export const SCRATCH_BYTES = 32 * ROW_BLOCK;

/** Smallest row range (rows) split over kernel threads; below it the hand-off costs more than it saves. */
export const PARALLEL_MIN_ROWS = 1 << 12;

let simdOk: boolean | undefined;

/** Whether this platform runs WebAssembly SIMD (fixed-width v128) with the instructions the kernels use. */
export function wasmSimdSupported(): boolean {
  if (simdOk === undefined) {
    try {
      const code = new Code().get(0).simd('i32x4.splat').get(0).simd('i32x4.splat').simd('i64x2.extmul_low_i32x4_u').op('drop');
      simdOk = WebAssembly.validate(emitModule({ shared: false }, [{ params: [ValType.i32], results: [], locals: [], code }]) as Uint8Array<ArrayBuffer>);
    } catch {
      simdOk = false;
    }
  }
  return simdOk;
}


/** A generated module: its bytes and what the argument table must hold. */
export interface WasmCompositionModule {
  /** The module bytes (import `env.memory`, export `run(args, start, end, scratch)`, scratch: {@link SCRATCH_BYTES}). */
  readonly bytes: Uint8Array;
  /** Column slots, in argument-table order. */
  readonly columns: readonly ColumnSlot[];
  /** Non-zero offsets, in argument-table order (after the columns). */
  readonly offsets: readonly number[];
  /** Parameter names; the table at `params` holds 4 coordinates per name, in this order. */
  readonly params: readonly string[];
  /**
   * Word offset of each constraint's weight in the table at `alphas`: 4 words (α_g) for a base-field
   * constraint, 16 (the matrix of multiplication by α_g, see {@link packWeights}) for an extension-field one.
   */
  readonly weightOffsets: readonly number[];
  /** Words of the weight table. */
  readonly weightWords: number;
}

/**
 * The weight table of a module: constraint g's QM31 weight (`alphas[4g … 4g + 3]`) as its 4 coordinates
 * when g is base-field, else as the 4×4 matrix M (row-major, canonical) with (α·c)_k = Σ_j M_kj·c_j, so
 * that the kernel accumulates α·C_g with 16 plain products (QM31 = CM31[u]/(u² − 2 − i), see `qm31.mul`).
 */
export function packWeights(constraints: readonly Expr[], alphas: Uint32Array, out: Uint32Array = new Uint32Array(weightWordsOf(constraints))): Uint32Array {
  let o = 0;
  constraints.forEach((e, g) => {
    const a0 = alphas[4 * g]!, a1 = alphas[4 * g + 1]!, a2 = alphas[4 * g + 2]!, a3 = alphas[4 * g + 3]!;
    if (!e.ext) {
      out.set([a0, a1, a2, a3], o);
      o += 4;
      return;
    }
    const n = m31.neg;
    const d = (x: number) => m31.add(x, x);
    // c0 = a0b0 − a1b1 + 2a2b2 − 2a3b3 − a2b3 − a3b2;  c1 = a0b1 + a1b0 + a2b2 − a3b3 + 2a2b3 + 2a3b2;
    // c2 = a0b2 − a1b3 + a2b0 − a3b1;                   c3 = a0b3 + a1b2 + a2b1 + a3b0.
    out.set(
      [
        a0, n(a1), m31.sub(d(a2), a3), n(m31.add(d(a3), a2)),
        a1, a0, m31.add(a2, d(a3)), m31.sub(d(a2), a3),
        a2, n(a3), a0, n(a1),
        a3, a2, a1, a0,
      ],
      o,
    );
    o += 16;
  });
  return out;
}

function weightWordsOf(constraints: readonly Expr[]): number {
  let w = 0;
  for (const e of constraints) w += e.ext ? 16 : 4;
  return w;
}

/**
 * Generates the WebAssembly composition module for `constraints` (weights: see {@link packWeights};
 * parameters: 4 coordinates each at `params`, in {@link WasmCompositionModule.params} order). Base values
 * are one v128 (4 rows), extension-field values four (one per coordinate). `shared` must match the memory
 * it will be instantiated against.
 */
export function generateCompositionModule(constraints: readonly Expr[], shared: boolean): WasmCompositionModule {
  return generateModule(constraints, shared, 'composition');
}

/** A generated row module: its bytes and what the argument table must hold (see {@link generateRowModule}). */
export type WasmRowModule = Omit<WasmCompositionModule, 'weightOffsets' | 'weightWords'>;

/** Expressions per pass over a block in a row module (a logUp batch's numerator and denominator share their factors). */
export const ROW_GROUP = 2;

/**
 * Generates the WebAssembly row module for `exprs`: `run(args, start, end, scratch)` stores, for rows
 * [start, end) (a multiple of 4 each), coordinate k of expression j at `out[4j + k]` (base-field values:
 * coordinates 1–3 are 0). The argument table holds the column and neighbour-table pointers, then the
 * parameter table ({@link ARG_ROWS_PARAMS}), then the 4·|exprs| output pointers. `scratch` is unused.
 */
export function generateRowModule(exprs: readonly Expr[], shared: boolean): WasmRowModule {
  const { bytes, columns, offsets, params } = generateModule(exprs, shared, 'rows');
  return Object.freeze({ bytes, columns, offsets, params });
}

/** Position of the parameter-table pointer in a row module's argument table, after the column and neighbour-table pointers; the output pointers follow. */
export const ARG_ROWS_PARAMS = 0;

function generateModule(constraints: readonly Expr[], shared: boolean, kind: 'composition' | 'rows'): WasmCompositionModule {
  const rows = kind === 'rows';
  const { columns, offsets, params } = kernelLayout(constraints);
  const weightOffsets: number[] = [];
  let weightWords = 0;
  for (const e of constraints) {
    weightOffsets.push(weightWords);
    weightWords += e.ext ? 16 : 4;
  }
  const nCols = columns.length;
  const nOffs = offsets.length;
  const locals: ValType[] = [];
  const local = (t: ValType) => 4 + locals.push(t) - 1;
  const ARGS = 0;
  const START = 1;
  const END = 2;
  const SCRATCH = 3;
  const iL = local(ValType.i32);
  const endL = local(ValType.i32);
  const rowL = local(ValType.i32);
  const blockL = local(ValType.i32);
  const bEndL = local(ValType.i32);
  const sL = local(ValType.i32);
  const colP = columns.map(() => local(ValType.i32));
  const idxP = offsets.map(() => local(ValType.i32));
  const laneOff = offsets.map(() => [0, 1, 2, 3].map(() => local(ValType.i32)));
  const zinvP = local(ValType.i32);
  const zShift = local(ValType.i32);
  const alphaP = local(ValType.i32);
  const outP = (rows ? constraints.flatMap(() => [0, 1, 2, 3]) : [0, 1, 2, 3]).map(() => local(ValType.i32));
  const paramP = local(ValType.i32);
  const tmp = local(ValType.v128);
  const zi = local(ValType.v128);
  const acc = [0, 1, 2, 3].map(() => [local(ValType.v128), local(ValType.v128)] as const);
  // Constants live in locals set before the loop: V8 rematerializes a v128.const at every use.
  const pL = local(ValType.v128);
  const p64L = local(ValType.v128);
  const zeroL = local(ValType.v128);

  const c = new Code();
  const word = (w: number) => c.get(ARGS).i32Load(4 * w);
  columns.forEach((_, j) => word(j).set(colP[j]!));
  offsets.forEach((_, j) => word(nCols + j).set(idxP[j]!));
  const fixed = nCols + nOffs;
  if (rows) {
    word(fixed + ARG_ROWS_PARAMS).set(paramP);
    outP.forEach((l, k) => word(fixed + ARG_ROWS_PARAMS + 1 + k).set(l));
  } else {
    word(fixed + ARG_FIXED.zinv).set(zinvP);
    word(fixed + ARG_FIXED.zShift).set(zShift);
    word(fixed + ARG_FIXED.alphas).set(alphaP);
    outP.forEach((l, k) => word(fixed + ARG_FIXED.out + k).set(l));
    word(fixed + ARG_FIXED.params).set(paramP);
  }
  c.get(START).i32Const(2).op('i32.shl').set(iL);
  c.get(END).i32Const(2).op('i32.shl').set(endL);
  c.get(iL).get(endL).op('i32.ge_u').if().op('return').end();
  c.v128Splat32(P).set(pL);
  c.v128ConstI32x4([P, 0, P, 0]).set(p64L);
  c.v128Splat32(0).set(zeroL);
  // Parameters: each coordinate splat once per call.
  const paramL = params.map((_, i) =>
    [0, 1, 2, 3].map((k) => {
      const l = local(ValType.v128);
      c.get(paramP).v128Load32Splat(16 * i + 4 * k).set(l);
      return l;
    }),
  );
  const paramIndex = new Map(params.map((name, i) => [name, i]));

  // Neighbour byte offsets of this iteration's 4 rows, per offset.
  const iterationHead = () => {
    offsets.forEach((_, j) => {
      c.get(idxP[j]!).get(iL).op('i32.add').v128Load().i32Const(2).simd('i32x4.shl').set(tmp);
      for (let l = 0; l < 4; l++) c.get(tmp).i32x4ExtractLane(l).set(laneOff[j]![l]!);
    });
  };
  // 1/Z per lane: zinv[(r + l) >>> zShift].
  const loadZinv = () => {
    c.get(iL).i32Const(2).op('i32.shr_u').set(rowL);
    const ziAddr = (l: number) => {
      c.get(zinvP).get(rowL);
      if (l > 0) c.i32Const(l).op('i32.add');
      c.get(zShift).op('i32.shr_u').i32Const(2).op('i32.shl').op('i32.add');
    };
    ziAddr(0);
    c.v128Load32Splat().set(zi);
    for (let l = 1; l < 4; l++) {
      ziAddr(l);
      c.get(zi).v128Load32Lane(l).set(zi);
    }
  };

  const slot = new Map(columns.map((s, j) => [`${s.tree}:${s.index}:${s.coord}`, j]));
  /** A node's value: one local (base field) or four (the coordinates of an extension-field value). */
  type Val = readonly number[];
  const memo = new Map<string, Val>();
  const byExpr = new Map<Expr, Val>();
  const seen = new Set<Expr>();
  /** Leaves min_u(t, t ∓ p) of the value on the stack in a new local (canonical after add/sub). */
  const canon = (subtract: boolean): number => {
    const dst = local(ValType.v128);
    c.tee(dst).get(dst).get(pL).simd(subtract ? 'i32x4.sub' : 'i32x4.add').simd('i32x4.min_u').set(dst);
    return dst;
  };
  const vAdd = (a: number, b: number) => (c.get(a).get(b).simd('i32x4.add'), canon(true));
  const vSub = (a: number, b: number) => (c.get(a).get(b).simd('i32x4.sub'), canon(false));
  const vNeg = (a: number) => (c.get(zeroL).get(a).simd('i32x4.sub'), canon(false));
  const vMul = (a: number, b: number) => {
    // a·b = hi·2^31 + lo ≡ hi + lo: lo = low 31 bits, hi = the high dwords of 2·(a·b) (see generate.mjs).
    c.get(a).get(b).simd('i32x4.mul').get(pL).simd('v128.and');
    c.get(a).get(b).simd('i64x2.extmul_low_i32x4_u').i32Const(1).simd('i64x2.shl');
    c.get(a).get(b).simd('i64x2.extmul_high_i32x4_u').i32Const(1).simd('i64x2.shl');
    c.shuffle32([1, 3, 5, 7]).simd('i32x4.add');
    return canon(true);
  };
  /** The QM31 product of two extension values (the formula of `qm31.mul`, see {@link packWeights}). */
  const qMul = (a: Val, b: Val): Val => {
    const [a0, a1, a2, a3] = a as [number, number, number, number];
    const [b0, b1, b2, b3] = b as [number, number, number, number];
    const m22 = vMul(a2, b2), m33 = vMul(a3, b3), m23 = vMul(a2, b3), m32 = vMul(a3, b2);
    const r = vSub(m22, m33); // Re((a2 + a3 i)(b2 + b3 i))
    const s = vAdd(m23, m32); // Im
    // (R·BD) with R = 2 + i: real 2r − s, imaginary r + 2s.
    const re = vSub(vAdd(r, r), s);
    const im = vAdd(r, vAdd(s, s));
    return [
      vAdd(vSub(vMul(a0, b0), vMul(a1, b1)), re),
      vAdd(vAdd(vMul(a0, b1), vMul(a1, b0)), im),
      vAdd(vSub(vMul(a0, b2), vMul(a1, b3)), vSub(vMul(a2, b0), vMul(a3, b1))),
      vAdd(vAdd(vMul(a0, b3), vMul(a1, b2)), vAdd(vMul(a2, b1), vMul(a3, b0))),
    ];
  };
  const loadColumn = (p: number, offset: number): number => {
    const v = local(ValType.v128);
    if (offset === 0) {
      c.get(p).get(iL).op('i32.add').v128Load().set(v);
    } else {
      const lanes = laneOff[offsets.indexOf(offset)]!;
      c.get(p).get(lanes[0]!).op('i32.add').v128Load32Zero().set(v);
      for (let l = 1; l < 4; l++) c.get(p).get(lanes[l]!).op('i32.add').get(v).v128Load32Lane(l).set(v);
    }
    return v;
  };
  const emitNode = (n: Expr): void => {
    const a = n.a ? byExpr.get(n.a)! : undefined;
    const b = n.b ? byExpr.get(n.b)! : undefined;
    const id = (v: Val | undefined) => v!.join('.');
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
        key = `n${id(a)}`;
        break;
      case 'sub':
        key = `s${id(a)},${id(b)}`;
        break;
      case 'add':
      case 'mul': {
        const [x, y] = [id(a), id(b)].sort();
        key = `${n.kind === 'add' ? 'a' : 'm'}${x},${y}`;
        break;
      }
      default:
        throw new Error(`unexpected ${String(n.kind)} in a constraint`);
    }
    let v = memo.get(key);
    if (v === undefined) {
      switch (n.kind) {
        case 'const': {
          const l = local(ValType.v128);
          c.v128Splat32(n.value).set(l);
          v = [l];
          break;
        }
        case 'col':
          v = n.tree === INTERACTION_TREE
            ? [0, 1, 2, 3].map((k) => loadColumn(colP[slot.get(`${n.tree}:${n.index}:${k}`)!]!, n.offset))
            : [loadColumn(colP[slot.get(`${n.tree}:${n.index}:0`)!]!, n.offset)];
          break;
        case 'param':
          v = paramL[paramIndex.get(n.name)!]!;
          break;
        case 'neg':
          v = a!.map(vNeg);
          break;
        case 'add':
        case 'sub': {
          // A base operand is (x, 0, 0, 0): only coordinate 0 combines.
          const op = n.kind === 'add' ? vAdd : vSub;
          const len = Math.max(a!.length, b!.length);
          v = Array.from({ length: len }, (_, k) => {
            const x = a![k];
            const y = b![k];
            if (x !== undefined && y !== undefined) return op(x, y);
            if (x !== undefined) return x;
            return n.kind === 'add' ? y! : vNeg(y!);
          });
          break;
        }
        default:
          if (a!.length === 1) v = b!.map((y) => vMul(a![0]!, y));
          else if (b!.length === 1) v = a!.map((x) => vMul(x, b![0]!));
          else v = qMul(a!, b!);
      }
      memo.set(key, v);
    }
    byExpr.set(n, v);
  };
  const fold = (x: number) => {
    c.get(x).get(p64L).simd('v128.and').get(x).i32Const(31).simd('i64x2.shr_u').simd('i64x2.add').set(x);
  };
  // Products added to every accumulator since its last fold: after a fold a lane is < 2^34, so three
  // products (each < 2^62) keep it below 2^64.
  let pending = 0;
  const foldAll = () => {
    for (const [lo, hi] of acc) (fold(lo), fold(hi));
    pending = 0;
  };
  /** acc_k += w_k · v for the four weight words at alphas + 4·wordOffset + 16… (stride 4 words per k). */
  const addProducts = (v: number, wordOffset: number, strideWords: number) => {
    if (pending === FOLD_EVERY) foldAll();
    for (let k = 0; k < 4; k++) {
      const [lo, hi] = acc[k]!;
      c.get(alphaP).v128Load32Splat(4 * (wordOffset + strideWords * k)).set(tmp);
      c.get(lo).get(v).get(tmp).simd('i64x2.extmul_low_i32x4_u').simd('i64x2.add').set(lo);
      c.get(hi).get(v).get(tmp).simd('i64x2.extmul_high_i32x4_u').simd('i64x2.add').set(hi);
    }
    pending++;
  };
  const accumulate = (e: Expr, g: number) => {
    visit(e, emitNode, seen);
    const v = byExpr.get(e)!;
    const w = weightOffsets[g]!;
    if (!e.ext) {
      // acc_k += α_k · C (weights w … w + 3).
      addProducts(v[0]!, w, 1);
    } else {
      // acc_k += Σ_j M_kj · c_j (M row-major at w): column j of M has stride 4.
      const full = v.length === 4 ? v : [v[0]!, zeroL, zeroL, zeroL];
      full.forEach((x, j) => {
        if (x !== zeroL) addProducts(x, w + j, 4);
      });
    }
  };
  // Reduce, × 1/Z, + out.
  const finish = () => {
    loadZinv();
    acc.forEach(([lo, hi], k) => {
      fold(lo);
      fold(hi);
      c.get(lo).get(hi).shuffle32([0, 2, 4, 6]);
      const s = canon(true);
      c.get(s).get(zi).simd('i32x4.mul').get(pL).simd('v128.and');
      c.get(s).get(zi).simd('i64x2.extmul_low_i32x4_u').i32Const(1).simd('i64x2.shl');
      c.get(s).get(zi).simd('i64x2.extmul_high_i32x4_u').i32Const(1).simd('i64x2.shl');
      c.shuffle32([1, 3, 5, 7]).simd('i32x4.add');
      const m = canon(true);
      c.get(outP[k]!).get(iL).op('i32.add');
      c.get(outP[k]!).get(iL).op('i32.add').v128Load().get(m).simd('i32x4.add');
      c.tee(tmp).get(tmp).get(pL).simd('i32x4.sub').simd('i32x4.min_u');
      c.v128Store();
    });
  };
  // Blocks of ROW_BLOCK rows; within a block, one pass per group of constraints (GROUP base-field ones,
  // or one extension-field one), so that a pass reads only a few columns (a hundred concurrent streams
  // defeat the hardware prefetchers). Between passes the accumulators wait in the scratch area (128 bytes
  // per 4 rows), folded: < 2^34 per lane.
  const groups: number[][] = [];
  for (let g = 0; rows && g < constraints.length; g += ROW_GROUP) {
    groups.push(Array.from({ length: Math.min(ROW_GROUP, constraints.length - g) }, (_, j) => g + j));
  }
  for (let g = 0; !rows && g < constraints.length; ) {
    if (constraints[g]!.ext) {
      groups.push([g++]);
      continue;
    }
    const grp: number[] = [];
    while (g < constraints.length && !constraints[g]!.ext && grp.length < GROUP) grp.push(g++);
    groups.push(grp);
  }
  c.loop(); // blocks
  c.get(iL).set(blockL);
  c.get(iL).i32Const(4 * ROW_BLOCK).op('i32.add').tee(bEndL).get(endL).op('i32.ge_u').if().get(endL).set(bEndL).end();
  groups.forEach((grp, gi) => {
    const first = gi === 0;
    const last = gi === groups.length - 1;
    c.get(blockL).set(iL);
    c.get(SCRATCH).set(sL);
    c.loop(); // rows of the block
    iterationHead();
    if (rows) {
      memo.clear();
      byExpr.clear();
      seen.clear();
      for (const j of grp) {
        visit(constraints[j]!, emitNode, seen);
        const v = byExpr.get(constraints[j]!)!;
        for (let k = 0; k < 4; k++) c.get(outP[4 * j + k]!).get(iL).op('i32.add').get(v[k] ?? zeroL).v128Store();
      }
      c.get(iL).i32Const(16).op('i32.add').tee(iL).get(bEndL).op('i32.lt_u').brIf(0);
      c.end();
      return;
    }
    acc.forEach(([lo, hi], k) => {
      if (first) {
        c.get(zeroL).set(lo);
        c.get(zeroL).set(hi);
      } else {
        c.get(sL).v128Load(32 * k).set(lo);
        c.get(sL).v128Load(32 * k + 16).set(hi);
      }
    });
    memo.clear();
    byExpr.clear();
    seen.clear();
    pending = 0;
    for (const g of grp) accumulate(constraints[g]!, g);
    if (pending > 0) foldAll();
    if (last) finish();
    else
      acc.forEach(([lo, hi], k) => {
        c.get(sL).get(lo).v128Store(32 * k);
        c.get(sL).get(hi).v128Store(32 * k + 16);
      });
    c.get(sL).i32Const(128).op('i32.add').set(sL);
    c.get(iL).i32Const(16).op('i32.add').tee(iL).get(bEndL).op('i32.lt_u').brIf(0);
    c.end();
  });
  c.get(iL).get(endL).op('i32.lt_u').brIf(0);
  c.end();

  const bytes = emitModule({ shared }, [
    { params: [ValType.i32, ValType.i32, ValType.i32, ValType.i32], results: [], locals, code: c, export: 'run' },
  ]);
  return Object.freeze({
    bytes,
    columns: Object.freeze(columns),
    offsets: Object.freeze(offsets),
    params: Object.freeze(params),
    weightOffsets: Object.freeze(weightOffsets),
    weightWords,
  });
}

let moduleCounter = 0;

type Arr = Uint32Array | Int32Array;

/** Positions of `sub`'s slots/offsets/params in the union layout. */
function indexMap<T>(sub: readonly T[], all: readonly T[], key: (x: T) => string): number[] {
  const pos = new Map(all.map((x, i) => [key(x), i]));
  return sub.map((x) => pos.get(key(x))!);
}
const slotKey = (s: ColumnSlot) => `${s.tree}:${s.index}:${s.coord}`;

/**
 * Compiles `constraints` into a {@link ConstraintKernel} that runs in WebAssembly SIMD (split over kernel
 * threads when a pool is installed), base-field and extension-field (logUp) constraints alike; rows
 * outside the largest 4-aligned sub-range go to the JavaScript kernel. Returns `undefined` where
 * WebAssembly SIMD is unavailable or there is no constraint (then use `compileCompositionKernel`).
 * Columns are read in place when they live in the shared heap (`defaultHeap()`), else copied in for the
 * call.
 */
export function compileWasmCompositionKernel(constraints: readonly Expr[]): ConstraintKernel | undefined {
  if (!wasmSimdSupported() || constraints.length === 0) return undefined;
  const heap = defaultHeap();
  const memory = heap.memory;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const gen = generateCompositionModule(constraints, shared);
  const module = new WebAssembly.Module(gen.bytes as Uint8Array<ArrayBuffer>);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const wasmRun = instance.exports.run as (args: number, start: number, end: number, scratch: number) => void;
  const name = `air.composition.${moduleCounter++}`;

  const layout = kernelLayout(constraints);
  const wasmCols = indexMap(gen.columns, layout.columns, slotKey);
  const wasmOffs = indexMap(gen.offsets, layout.offsets, String);
  const wasmParams = indexMap(gen.params, layout.params, String);
  // The JavaScript kernel, for rows outside the 4-aligned range (its own slot order: arguments remapped).
  let fullKernel: { k: ConstraintKernel; cols: number[]; offs: number[]; params: number[] } | undefined;
  const runJs = (
    cols: readonly Uint32Array[],
    idx: readonly Int32Array[],
    params: Uint32Array,
    alphas: Uint32Array,
    zinv: Uint32Array,
    zShift: number,
    out: readonly [Uint32Array, Uint32Array, Uint32Array, Uint32Array],
    start: number,
    end: number,
  ) => {
    if (!fullKernel) {
      const k = compileCompositionKernel(constraints);
      fullKernel = {
        k,
        cols: indexMap(k.columns, layout.columns, slotKey),
        offs: indexMap(k.offsets, layout.offsets, String),
        params: indexMap(k.params, layout.params, String),
      };
    }
    const j = fullKernel;
    const pp = new Uint32Array(4 * j.params.length);
    j.params.forEach((g, i) => pp.set(params.subarray(4 * g, 4 * g + 4), 4 * i));
    j.k.run(
      j.cols.map((i) => cols[i]!),
      j.offs.map((i) => idx[i]!),
      pp,
      alphas,
      zinv,
      zShift,
      out,
      start,
      end,
    );
  };

  const kernel: ConstraintKernel = {
    columns: Object.freeze(layout.columns),
    offsets: Object.freeze(layout.offsets),
    params: Object.freeze(layout.params),
    source: `;; WebAssembly composition kernel ${name}: ${constraints.length} constraints (${gen.bytes.length} bytes)`,
    run(cols, idx, params, alphas, zinv, zShift, out, start, end) {
      const a4 = Math.min(end, (start + 3) & ~3);
      const b4 = Math.max(a4, end & ~3);
      if (a4 > start) runJs(cols, idx, params, alphas, zinv, zShift, out, start, a4);
      if (b4 < end) runJs(cols, idx, params, alphas, zinv, zShift, out, b4, end);
      if (a4 >= b4) return;
      const temps: [number, number][] = [];
      const copies: [Arr, number][] = [];
      // Pointers: in place when the array lives in the shared heap, else a copy (written back for outputs).
      const ptr = (a: Arr, writeBack = false): number => {
        if (heap.owns(a)) return a.byteOffset;
        const p = heap.alloc(Math.max(4, a.byteLength));
        temps.push([p, Math.max(4, a.byteLength)]);
        // An output is read and written only on [a4, b4); an input may be read anywhere (neighbours, 1/Z).
        if (writeBack) {
          new Uint32Array(memory.buffer, p, a.length).set(a.subarray(a4, b4), a4);
          copies.push([a, p]);
        } else {
          new Uint8Array(memory.buffer, p, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
        }
        return p;
      };
      try {
        const argWords = gen.columns.length + gen.offsets.length + ARG_FIXED_WORDS;
        const argsPtr = heap.alloc(4 * argWords);
        temps.push([argsPtr, 4 * argWords]);
        const words: number[] = [];
        for (const i of wasmCols) words.push(ptr(cols[i]!));
        for (const i of wasmOffs) words.push(ptr(idx[i]!));
        words.push(ptr(zinv), zShift, ptr(packWeights(constraints, alphas)));
        for (const o of out) words.push(ptr(o, true));
        const pp = new Uint32Array(4 * wasmParams.length);
        wasmParams.forEach((g, i) => pp.set(params.subarray(4 * g, 4 * g + 4), 4 * i));
        words.push(ptr(pp));
        new Uint32Array(memory.buffer, argsPtr, argWords).set(words);
        const pool = getKernelPool();
        const rows = b4 - a4;
        const parts = pool && rows >= PARALLEL_MIN_ROWS ? pool.threads : 1;
        // One scratch area per concurrent call.
        const scratch = heap.alloc(SCRATCH_BYTES * parts);
        temps.push([scratch, SCRATCH_BYTES * parts]);
        if (pool && parts > 1) {
          pool.register(name, module, memory);
          const step = Math.ceil(rows / parts / 4) * 4;
          const batches = [];
          for (let s = a4, j = 0; s < b4; s += step, j++) {
            batches.push([[name, 'run', argsPtr, s, Math.min(b4, s + step), scratch + j * SCRATCH_BYTES] as const]);
          }
          pool.run(batches);
        } else {
          // Several calls rather than one: V8 starts a module in its baseline compiler and switches to the
          // optimized code only at a later call, so one long call would run entirely unoptimized.
          for (let s = a4; s < b4; s += CALL_ROWS) wasmRun(argsPtr, s, Math.min(b4, s + CALL_ROWS), scratch);
        }
        for (const [a, p] of copies) a.set(new Uint32Array(memory.buffer, p + 4 * a4, b4 - a4), a4);
      } finally {
        // Newest first, so the heap's top shrinks back instead of fragmenting its free list.
        for (let t = temps.length - 1; t >= 0; t--) heap.release(temps[t]![0], temps[t]![1]);
      }
    },
  };
  return Object.freeze(kernel);
}

/** Rows per call of a kernel on the main thread (see the comment at its use). */
export const CALL_ROWS = 1 << 12;

/** Rows per call of a row module: its outputs are written to heap buffers of this many rows, then copied out. */
export const ROW_CHUNK = 1 << 14;

/**
 * Compiles a {@link RowKernel} for `exprs` (the logUp numerators and denominators of the interaction trace)
 * that runs in WebAssembly SIMD, with the JavaScript kernel for rows outside the largest 4-aligned
 * sub-range. Returns `undefined` where WebAssembly SIMD is unavailable or `exprs` is empty (then use
 * `compileRowKernel`). Identical results: every value is an exact field element.
 */
export function compileWasmRowKernel(exprs: readonly Expr[]): RowKernel | undefined {
  if (!wasmSimdSupported() || exprs.length === 0) return undefined;
  const heap = defaultHeap();
  const memory = heap.memory;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const gen = generateRowModule(exprs, shared);
  const module = new WebAssembly.Module(gen.bytes as Uint8Array<ArrayBuffer>);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const wasmRun = instance.exports.run as (args: number, start: number, end: number, scratch: number) => void;
  const name = `air.rows.${moduleCounter++}`;
  const layout = kernelLayout(exprs);
  const wasmCols = indexMap(gen.columns, layout.columns, slotKey);
  const wasmOffs = indexMap(gen.offsets, layout.offsets, String);
  const wasmParams = indexMap(gen.params, layout.params, String);
  const nOut = 4 * exprs.length;
  // The JavaScript kernel, for rows outside the 4-aligned range (its own slot order: arguments remapped).
  let js: { k: RowKernel; cols: number[]; offs: number[]; params: number[] } | undefined;
  const runJs = (cols: readonly Uint32Array[], idx: readonly Int32Array[], params: Uint32Array, outs: readonly Uint32Array[], start: number, end: number) => {
    if (!js) {
      const k = compileRowKernel(exprs);
      js = { k, cols: indexMap(k.columns, layout.columns, slotKey), offs: indexMap(k.offsets, layout.offsets, String), params: indexMap(k.params, layout.params, String) };
    }
    const j = js;
    const pp = new Uint32Array(4 * j.params.length);
    j.params.forEach((g, i) => pp.set(params.subarray(4 * g, 4 * g + 4), 4 * i));
    j.k.run(j.cols.map((i) => cols[i]!), j.offs.map((i) => idx[i]!), pp, outs, start, end);
  };
  const kernel: RowKernel = {
    columns: Object.freeze(layout.columns),
    offsets: Object.freeze(layout.offsets),
    params: Object.freeze(layout.params),
    source: `;; WebAssembly row kernel ${name}: ${exprs.length} expressions (${gen.bytes.length} bytes)`,
    run(cols, idx, params, outs, start, end) {
      const a4 = Math.min(end, (start + 3) & ~3);
      const b4 = Math.max(a4, end & ~3);
      if (a4 > start) runJs(cols, idx, params, outs, start, a4);
      if (b4 < end) runJs(cols, idx, params, outs, b4, end);
      if (a4 >= b4) return;
      const temps: [number, number][] = [];
      const alloc = (bytes: number) => {
        const p = heap.alloc(Math.max(4, bytes));
        temps.push([p, Math.max(4, bytes)]);
        return p;
      };
      // Inputs: in place when in the shared heap, else copied in whole (neighbours may be read anywhere).
      const ptr = (a: Arr): number => {
        if (heap.owns(a)) return a.byteOffset;
        const p = alloc(a.byteLength);
        new Uint8Array(memory.buffer, p, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
        return p;
      };
      try {
        const head: number[] = [];
        for (const i of wasmCols) head.push(ptr(cols[i]!));
        for (const i of wasmOffs) head.push(ptr(idx[i]!));
        const pp = new Uint32Array(4 * wasmParams.length);
        wasmParams.forEach((g, i) => pp.set(params.subarray(4 * g, 4 * g + 4), 4 * i));
        head.push(ptr(pp));
        const argWords = head.length + nOut;
        const argsPtr = alloc(4 * argWords);
        const chunk = Math.min(ROW_CHUNK, b4 - a4);
        const outBuf = alloc(4 * chunk * nOut);
        const pool = getKernelPool();
        const parts = pool && chunk >= PARALLEL_MIN_ROWS ? pool.threads : 1;
        if (parts > 1) pool!.register(name, module, memory);
        for (let s = a4; s < b4; s += chunk) {
          const e = Math.min(b4, s + chunk);
          // Output j's pointer is its buffer minus 4·s bytes, so row r lands at buffer word r − s (i32 wrap-around).
          const words = new Uint32Array(memory.buffer, argsPtr, argWords);
          words.set(head);
          for (let j = 0; j < nOut; j++) words[head.length + j] = (outBuf + 4 * chunk * j - 4 * s) >>> 0;
          if (parts > 1) {
            const step = Math.ceil((e - s) / parts / 4) * 4;
            const batches = [];
            for (let t = s; t < e; t += step) batches.push([[name, 'run', argsPtr, t, Math.min(e, t + step), 0] as const]);
            pool!.run(batches);
          } else {
            wasmRun(argsPtr, s, e, 0);
          }
          for (let j = 0; j < nOut; j++) outs[j]!.set(new Uint32Array(memory.buffer, outBuf + 4 * chunk * j, e - s), s);
        }
      } finally {
        for (let t = temps.length - 1; t >= 0; t--) heap.release(temps[t]![0], temps[t]![1]);
      }
    },
  };
  return Object.freeze(kernel);
}
