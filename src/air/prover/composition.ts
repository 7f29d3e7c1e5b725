/**
 * The prover's constraint evaluation (`docs/stark.md`, "Constraints, composition and the degree bound"): for each component, Σ_g α^(M−1−g)·C_g / Z_H on
 * `CanonicCoset(logSize + L)`, accumulated into a QM31 column of that size. The per-component kernels are
 * compiled once (cached per component object).
 * @module
 */
import { qm31 } from '../../field/index.js';
import type { QM31, SecureColumn } from '../../field/index.js';
import type { Air } from '../air.js';
import { compileCompositionKernel } from './codegen.js';
import type { ConstraintKernel } from './codegen.js';
import type { Component } from '../component.js';
import { SHIFT_PARAM } from '../component.js';
import { evalOffsetTable, traceOffsetTable, vanishingInverseTable } from './domain-tables.js';
import { AirError } from '../errors.js';
import { kernelColumns, kernelParams } from './interaction.js';
import { relationParams } from '../relation.js';
import type { RelationElements } from '../relation.js';
import { compileWasmCompositionKernel } from './wasm-codegen.js';

/** Which composition kernels the prover uses: WebAssembly SIMD where available (`auto`), or JavaScript only. */
export type CompositionKernelMode = 'auto' | 'js';

let kernelMode: CompositionKernelMode = 'auto';
const kernels = { auto: new WeakMap<Component, ConstraintKernel>(), js: new WeakMap<Component, ConstraintKernel>() };

/**
 * Selects the composition kernels from now on: `auto` (default) compiles base-field constraints to
 * WebAssembly SIMD when the platform has it (extension-field ones stay in JavaScript), `js` uses the
 * JavaScript kernel only. Both give identical results; `js` exists for comparisons and debugging.
 */
export function setCompositionKernelMode(mode: CompositionKernelMode): void {
  if (mode !== 'auto' && mode !== 'js') throw new AirError('INVALID_DESCRIPTION', `unknown composition kernel mode ${String(mode)}`);
  kernelMode = mode;
}

/** The current composition kernel mode (see {@link setCompositionKernelMode}). */
export function compositionKernelMode(): CompositionKernelMode {
  return kernelMode;
}

/** The compiled composition kernel of a component (compiled on first use, then cached per mode). */
export function compositionKernel(c: Component, mode: CompositionKernelMode = kernelMode): ConstraintKernel {
  const cache = kernels[mode];
  let k = cache.get(c);
  if (!k) {
    k = (mode === 'auto' ? compileWasmCompositionKernel(c.constraints) : undefined) ?? compileCompositionKernel(c.constraints);
    cache.set(c, k);
  }
  return k;
}

/**
 * The QM31 weight of every constraint of the AIR: constraint g (global numbering, component by component)
 * gets α^(M−1−g), so the composition is the Horner sum with the first constraint highest.
 * Returns one array of 4·(its constraint count) coordinates per component.
 */
export function constraintWeights(air: Air, alpha: QM31): Uint32Array[] {
  const m = air.nConstraints;
  const pows: QM31[] = new Array<QM31>(m);
  let p: QM31 = qm31.ONE;
  for (let i = 0; i < m; i++) {
    pows[i] = p;
    p = qm31.mul(p, alpha);
  }
  let g = 0;
  return air.components.map((c) => {
    const w = new Uint32Array(4 * c.constraints.length);
    for (let j = 0; j < c.constraints.length; j++, g++) w.set(pows[m - 1 - g]!, 4 * j);
    return w;
  });
}

/** The parameter bindings of a component: its relations' challenges and (with lookups) the shift claimed/N. */
export function componentParams(c: Component, elements: RelationElements, claimedSum: QM31): Map<string, QM31> {
  const params = relationParams(c.relations, elements);
  if (c.nInteraction > 0) params.set(SHIFT_PARAM, qm31.mulM31(claimedSum, invPow2(c.logSize)));
  return params;
}

/** 2^−n mod p = 2^(31−n) (2^31 ≡ 1). */
function invPow2(n: number): number {
  return 2 ** ((31 - (n % 31)) % 31);
}

/** A component's columns evaluated on `CanonicCoset(evalLogSize)` (storage order). */
export interface ExtendedColumns {
  /** Local preprocessed columns. */
  readonly pre: readonly Uint32Array[];
  /** Main columns. */
  readonly main: readonly Uint32Array[];
  /** Interaction columns (4 per QM31 column). */
  readonly inter: readonly Uint32Array[];
}

/**
 * Adds Σ_g w_g·C_g / Z_H of component `c` into `out`, for the rows [start, end) (default all) of the
 * evaluation domain `CanonicCoset(evalLogSize)` (default `c.evalLogSize`; any larger size works too: the
 * quotient's coefficients beyond 2^c.evalLogSize are then zero for a satisfying witness).
 */
export function accumulateComposition(
  c: Component,
  cols: ExtendedColumns,
  params: ReadonlyMap<string, QM31>,
  weights: Uint32Array,
  out: SecureColumn,
  evalLogSize = c.evalLogSize,
  start = 0,
  end = 2 ** evalLogSize,
): void {
  if (!Number.isInteger(evalLogSize) || evalLogSize <= c.logSize || evalLogSize > 30) {
    throw new AirError('INVALID_WITNESS', `component ${c.name}: bad evaluation log size ${String(evalLogSize)}`);
  }
  const size = 2 ** evalLogSize;
  for (const col of [...cols.pre, ...cols.main, ...cols.inter, ...out]) {
    if (col.length !== size) throw new AirError('INVALID_WITNESS', `component ${c.name}: column of length ${col.length}, expected ${size}`);
  }
  if (weights.length !== 4 * c.constraints.length) throw new AirError('INVALID_WITNESS', 'constraint weights of the wrong length');
  const kernel = compositionKernel(c);
  kernel.run(
    kernelColumns(kernel, cols.pre, cols.main, cols.inter),
    kernel.offsets.map((o) => evalOffsetTable(c.logSize, evalLogSize, o)),
    kernelParams(kernel, params),
    weights,
    vanishingInverseTable(c.logSize, evalLogSize),
    c.logSize,
    out,
    start,
    end,
  );
}

/**
 * Evaluates Σ_g w_g·C_g on the trace domain itself (storage order; columns are the trace values): zero on
 * every row exactly when every constraint holds (for random weights, with overwhelming probability).
 * Returns the storage index of the first row where it is not zero, or −1. The prover's cheap witness check.
 */
export function firstViolatedRow(
  c: Component,
  cols: ExtendedColumns,
  params: ReadonlyMap<string, QM31>,
  weights: Uint32Array,
): number {
  const n = 2 ** c.logSize;
  for (const col of [...cols.pre, ...cols.main, ...cols.inter]) {
    if (col.length !== n) throw new AirError('INVALID_WITNESS', `component ${c.name}: column of length ${col.length}, expected ${n}`);
  }
  const kernel = compositionKernel(c);
  const out = [new Uint32Array(n), new Uint32Array(n), new Uint32Array(n), new Uint32Array(n)] as const;
  kernel.run(
    kernelColumns(kernel, cols.pre, cols.main, cols.inter),
    kernel.offsets.map((o) => traceOffsetTable(c.logSize, o)),
    kernelParams(kernel, params),
    weights,
    Uint32Array.of(1),
    c.logSize,
    out,
    0,
    n,
  );
  for (let r = 0; r < n; r++) if ((out[0][r]! | out[1][r]! | out[2][r]! | out[3][r]!) !== 0) return r;
  return -1;
}
