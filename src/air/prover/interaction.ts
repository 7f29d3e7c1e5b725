/**
 * The prover's logUp interaction trace (`docs/stark.md`, "logUp"): per component, from its main and preprocessed columns
 * (storage order on the trace domain) and the relation challenges, the QM31 columns S_0 … S_{k−1}
 * (4 M31 columns each, storage order) and the claimed sum Σ_rows T(row).
 *
 * Per batch, numerators and denominators are evaluated by a compiled row kernel, the denominators are
 * inverted with one batch inversion, and the fractions summed; the last column is the prefix sum of
 * T − claimed/N in row (coset) order. The quotient step, the bulk of the work, runs in WebAssembly SIMD
 * (`interaction-simd.ts`) where available, else in plain TypeScript ({@link addQuotients}, the reference);
 * both give identical columns.
 * @module
 */
import { m31, qm31 } from '../../field/index.js';
import type { QM31, SecureColumn } from '../../field/index.js';
import { compileRowKernel } from './codegen.js';
import type { KernelLayout, RowKernel } from './codegen.js';
import type { Component } from '../component.js';
import { rowToStorageTable, traceOffsetTable } from './domain-tables.js';
import { AirError } from '../errors.js';
import { addQuotientsSimd, LOGUP_SIMD_MIN_ROWS, logupSimdSupported } from './interaction-simd.js';
import { MAIN_TREE, PREPROCESSED_TREE } from '../expr.js';
import { compileWasmRowKernel } from './wasm-codegen.js';

/** A component's interaction columns and claimed sum. */
export interface InteractionTrace {
  /** 4·k M31 columns (QM31 column j = columns 4j … 4j + 3), storage order on the trace domain. */
  readonly columns: Uint32Array[];
  /** Σ over rows of the row's fraction total. */
  readonly claimedSum: QM31;
}

const kernels = { simd: new WeakMap<Component, RowKernel>(), js: new WeakMap<Component, RowKernel>() };

/** The numerator/denominator kernel of a component: WebAssembly SIMD where available (`simd`), or JavaScript. */
function fractionsKernel(c: Component, engine: 'simd' | 'js'): RowKernel {
  const cache = kernels[engine];
  let k = cache.get(c);
  if (!k) {
    const exprs = c.batches.flatMap((b) => [b.num, b.den]);
    k = (engine === 'simd' ? compileWasmRowKernel(exprs) : undefined) ?? compileRowKernel(exprs);
    cache.set(c, k);
  }
  return k;
}

/** Arrays for a kernel's column slots, taken from a component's trees (interaction columns by coordinate). */
export function kernelColumns(
  layout: KernelLayout,
  pre: readonly Uint32Array[],
  main: readonly Uint32Array[],
  inter: readonly Uint32Array[] = [],
): Uint32Array[] {
  return layout.columns.map((s) => {
    const col = s.tree === PREPROCESSED_TREE ? pre[s.index] : s.tree === MAIN_TREE ? main[s.index] : inter[4 * s.index + s.coord];
    if (!col) throw new AirError('INVALID_WITNESS', `missing column ${s.tree}:${s.index}:${s.coord}`);
    return col;
  });
}

/** Parameter values in a kernel's layout order. */
export function kernelParams(layout: KernelLayout, params: ReadonlyMap<string, QM31>): Uint32Array {
  const out = new Uint32Array(4 * layout.params.length);
  layout.params.forEach((name, i) => {
    const v = params.get(name);
    if (!v) throw new AirError('EVALUATION_FAILED', `parameter ${name} is not bound`);
    out.set(v, 4 * i);
  });
  return out;
}

/** Options of {@link generateInteraction}. */
export interface InteractionOptions {
  /**
   * `'simd'` (the default where available): numerators and denominators by a WebAssembly SIMD row kernel
   * (`wasm-codegen.ts`) and the quotients by batch inversion in the kernels of `interaction-simd.ts`;
   * `'js'`: the JavaScript row kernel and the plain-TypeScript reference {@link addQuotients}. Both give
   * identical columns.
   */
  readonly engine?: 'simd' | 'js';
}

/**
 * Builds a component's interaction trace. `params` must bind the relation challenges (see
 * `relationParams`); the shift parameter is not needed here.
 * @throws AirError `EVALUATION_FAILED` when a denominator vanishes on some row (probability ~N/|QM31|)
 */
export function generateInteraction(
  c: Component,
  pre: readonly Uint32Array[],
  main: readonly Uint32Array[],
  params: ReadonlyMap<string, QM31>,
  options: InteractionOptions = {},
): InteractionTrace {
  const k = c.nInteraction;
  if (k === 0) return { columns: [], claimedSum: qm31.ZERO };
  const n = 2 ** c.logSize;
  const kernel = fractionsKernel(c, options.engine ?? 'simd');
  const outs: Uint32Array[] = [];
  for (let i = 0; i < 8 * k; i++) outs.push(new Uint32Array(n));
  kernel.run(
    kernelColumns(kernel, pre, main),
    kernel.offsets.map((o) => traceOffsetTable(c.logSize, o)),
    kernelParams(kernel, params),
    outs,
    0,
    n,
  );
  const sc = (j: number): SecureColumn => [outs[j]!, outs[j + 1]!, outs[j + 2]!, outs[j + 3]!] as const;
  const cols: SecureColumn[] = [];
  const dens: SecureColumn[] = [];
  for (let b = 0; b < k; b++) {
    cols.push(sc(8 * b));
    dens.push(sc(8 * b + 4));
  }
  const zeroAt = (b: number): AirError =>
    new AirError('EVALUATION_FAILED', `component ${c.name}: a logUp denominator of batch ${b} is zero`);
  const simd = options.engine !== 'js' && n >= LOGUP_SIMD_MIN_ROWS && logupSimdSupported();
  if (simd) {
    // S_b = S_{b−1} + num_b/den_b, written over the numerators.
    const bad = addQuotientsSimd(cols, dens);
    if (bad >= 0) throw zeroAt(bad);
  } else {
    for (let b = 0; b < k; b++) {
      if (!addQuotients(cols[b]!, dens[b]!, b > 0 ? cols[b - 1]! : null)) throw zeroAt(b);
    }
  }
  // The last column currently holds T (the row total); turn it into the shifted prefix sum in row order.
  const [l0, l1, l2, l3] = cols[k - 1]!;
  const P = 0x7fffffff;
  // Sums of up to 2^22 canonical values stay below 2^53 (exact in a double); reduce every 2^20 rows.
  let t0 = 0, t1 = 0, t2 = 0, t3 = 0;
  for (let r = 0; r < n; r++) {
    t0 += l0[r]!;
    t1 += l1[r]!;
    t2 += l2[r]!;
    t3 += l3[r]!;
    if ((r & 0xfffff) === 0xfffff) {
      t0 %= P;
      t1 %= P;
      t2 %= P;
      t3 %= P;
    }
  }
  const claimedSum: QM31 = [t0 % P, t1 % P, t2 % P, t3 % P];
  const shift = qm31.mulM31(claimedSum, m31.inv(n));
  // acc ← acc + col[r] − shift, one pass over all four coordinates (the row order is a scattered walk
  // through storage order, so each cache line is visited once instead of four times).
  const r2s = rowToStorageTable(c.logSize);
  const m0 = P - shift[0], m1 = P - shift[1], m2 = P - shift[2], m3 = P - shift[3];
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (let i = 0; i < n; i++) {
    const r = r2s[i]!;
    // acc + col + (p − shift) < 3p < 2^33: subtract p (at most twice) while ≥ p.
    a0 += l0[r]! + m0;
    a0 -= a0 >= P ? P : 0;
    a0 -= a0 >= P ? P : 0;
    l0[r] = a0;
    a1 += l1[r]! + m1;
    a1 -= a1 >= P ? P : 0;
    a1 -= a1 >= P ? P : 0;
    l1[r] = a1;
    a2 += l2[r]! + m2;
    a2 -= a2 >= P ? P : 0;
    a2 -= a2 >= P ? P : 0;
    l2[r] = a2;
    a3 += l3[r]! + m3;
    a3 -= a3 >= P ? P : 0;
    a3 -= a3 >= P ? P : 0;
    l3[r] = a3;
  }
  const columns: Uint32Array[] = [];
  for (const col of cols) columns.push(col[0], col[1], col[2], col[3]);
  return { columns, claimedSum };
}

/**
 * num[i] ← prev[i] + num[i] / den[i] for secure columns (prev optional), with one QM31 inversion
 * (Montgomery's trick: prefix products forwards, then inverse and quotients backwards). The QM31 products
 * are expanded inline (as in `qm31.mulInto`; one fused reduction per coordinate): this loop is the bulk of
 * the interaction trace. Returns false (and leaves `num` unspecified) when some denominator is zero.
 */
export function addQuotients(num: SecureColumn, den: SecureColumn, prev: SecureColumn | null): boolean {
  const n = num[0].length;
  const [d0, d1, d2, d3] = den;
  const [n0, n1, n2, n3] = num;
  const red = qm31.reduceSum;
  const pre = new Uint32Array(4 * n);
  // Forward: pre[i] = den[0] ⋯ den[i−1].
  let a0 = 1, a1 = 0, a2 = 0, a3 = 0;
  for (let i = 0; i < n; i++) {
    const o = 4 * i;
    pre[o] = a0;
    pre[o + 1] = a1;
    pre[o + 2] = a2;
    pre[o + 3] = a3;
    const b0 = d0[i]!, b1 = d1[i]!, b2 = d2[i]!, b3 = d3[i]!;
    const f22 = a2 * b2, f33 = a3 * b3, f23 = a2 * b3, f32 = a3 * b2;
    const i22 = Math.imul(a2, b2), i33 = Math.imul(a3, b3), i23 = Math.imul(a2, b3), i32 = Math.imul(a3, b2);
    const c0 = red(a0 * b0 - a1 * b1 + 2 * (f22 - f33) - (f23 + f32), Math.imul(a0, b0) - Math.imul(a1, b1) + 2 * (i22 - i33) - (i23 + i32));
    const c1 = red(a0 * b1 + a1 * b0 + (f22 - f33) + 2 * (f23 + f32), Math.imul(a0, b1) + Math.imul(a1, b0) + (i22 - i33) + 2 * (i23 + i32));
    const c2 = red(a0 * b2 - a1 * b3 + a2 * b0 - a3 * b1, Math.imul(a0, b2) - Math.imul(a1, b3) + Math.imul(a2, b0) - Math.imul(a3, b1));
    const c3 = red(a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0, Math.imul(a0, b3) + Math.imul(a1, b2) + Math.imul(a2, b1) + Math.imul(a3, b0));
    a0 = c0;
    a1 = c1;
    a2 = c2;
    a3 = c3;
  }
  if ((a0 | a1 | a2 | a3) === 0) return false;
  // inv = (den[0] ⋯ den[n−1])⁻¹; backwards: 1/den[i] = inv · pre[i], then inv ← inv · den[i].
  const iv = qm31.inv([a0, a1, a2, a3]);
  let v0 = iv[0], v1 = iv[1], v2 = iv[2], v3 = iv[3];
  const q = new Uint32Array(4);
  const mul = (x0: number, x1: number, x2: number, x3: number, y0: number, y1: number, y2: number, y3: number): void => {
    const f22 = x2 * y2, f33 = x3 * y3, f23 = x2 * y3, f32 = x3 * y2;
    const i22 = Math.imul(x2, y2), i33 = Math.imul(x3, y3), i23 = Math.imul(x2, y3), i32 = Math.imul(x3, y2);
    q[0] = red(x0 * y0 - x1 * y1 + 2 * (f22 - f33) - (f23 + f32), Math.imul(x0, y0) - Math.imul(x1, y1) + 2 * (i22 - i33) - (i23 + i32));
    q[1] = red(x0 * y1 + x1 * y0 + (f22 - f33) + 2 * (f23 + f32), Math.imul(x0, y1) + Math.imul(x1, y0) + (i22 - i33) + 2 * (i23 + i32));
    q[2] = red(x0 * y2 - x1 * y3 + x2 * y0 - x3 * y1, Math.imul(x0, y2) - Math.imul(x1, y3) + Math.imul(x2, y0) - Math.imul(x3, y1));
    q[3] = red(x0 * y3 + x1 * y2 + x2 * y1 + x3 * y0, Math.imul(x0, y3) + Math.imul(x1, y2) + Math.imul(x2, y1) + Math.imul(x3, y0));
  };
  const P = 0x7fffffff;
  for (let i = n - 1; i >= 0; i--) {
    const o = 4 * i;
    const b0 = d0[i]!, b1 = d1[i]!, b2 = d2[i]!, b3 = d3[i]!;
    mul(v0, v1, v2, v3, pre[o]!, pre[o + 1]!, pre[o + 2]!, pre[o + 3]!);
    const e0 = q[0]!, e1 = q[1]!, e2 = q[2]!, e3 = q[3]!;
    mul(v0, v1, v2, v3, b0, b1, b2, b3);
    v0 = q[0]!;
    v1 = q[1]!;
    v2 = q[2]!;
    v3 = q[3]!;
    mul(n0[i]!, n1[i]!, n2[i]!, n3[i]!, e0, e1, e2, e3);
    if (prev) {
      let t = q[0]! + prev[0][i]! - P;
      n0[i] = t + ((t >> 31) & P);
      t = q[1]! + prev[1][i]! - P;
      n1[i] = t + ((t >> 31) & P);
      t = q[2]! + prev[2][i]! - P;
      n2[i] = t + ((t >> 31) & P);
      t = q[3]! + prev[3][i]! - P;
      n3[i] = t + ((t >> 31) & P);
    } else {
      n0[i] = q[0]!;
      n1[i] = q[1]!;
      n2[i] = q[2]!;
      n3[i] = q[3]!;
    }
  }
  return true;
}
