/**
 * The WebAssembly SIMD backend: the same semantics as `jsBackend`, with the hot loops in the kernels of
 * `wasm/fft.wat`, `wasm/field.wat`, `wasm/fold.wat` and `wasm/eval.wat` (4 M31 lanes per vector).
 *
 * Data placement: kernels read and write the module's linear memory. Arrays obtained from
 * {@link PolyBackend.alloc} live there (when the memory is shared, i.e. a `SharedArrayBuffer`, whose views
 * survive growth), so operating on them costs no copies; any other array is copied into scratch space
 * and back. Tiny inputs (below one SIMD group) are delegated to the plain-TypeScript code.
 *
 * Every kernel takes (pointer, count) ranges, so halves of a transform can later run on worker threads
 * over the same shared memory.
 * @module
 */
import { secureDoubleX } from '../../circle/index.js';
import type { SecurePoint } from '../../circle/index.js';
import { columnLength, checkColumns, m31, qm31, secureColumn } from '../../field/index.js';
import type { QM31, SecureColumn } from '../../field/index.js';
import { compileModule, defaultHeap, instantiate, WasmHeap } from '../../wasm/runtime.js';
import { getKernelPool, type KernelCall } from '../../wasm/threads.js';
import type { PolyBackend } from './backend.js';
import { PolyError } from '../errors.js';
import { accumulateLinearCombination as jsAccumulateLinearCombination, checkLinearCombination } from './js-backend.js';
import { evaluateAtSecurePoint } from './circle-poly.js';
import { fft as jsFft, ifft as jsIfft, inversePowerOfTwo, transformLogSize } from '../fft.js';
import { foldCircleIntoLine as jsFoldCircleIntoLine, foldLine as jsFoldLine } from './fold.js';
import { getTwiddleTree } from '../twiddles.js';
import { WASM_BASE64 as EVAL_WASM } from './wasm/eval.wat.gen.js';
import { WASM_BASE64 as FFT_WASM } from './wasm/fft.wat.gen.js';
import { WASM_BASE64 as FIELD_WASM } from './wasm/field.wat.gen.js';
import { WASM_BASE64 as FOLD_WASM } from './wasm/fold.wat.gen.js';

type Fn = (...args: number[]) => void;

interface FftKernels {
  fft_layer: Fn;
  ifft_layer: Fn;
  fft_layer2: Fn;
  ifft_layer2: Fn;
  fft_bottom: Fn;
  ifft_bottom: Fn;
}

interface FieldKernels {
  m31_add: Fn;
  m31_sub: Fn;
  m31_mul: Fn;
  m31_scale: Fn;
  qm31_mul: Fn;
  qm31_scale: Fn;
  qm31_mul_m31: Fn;
  qm31_acc_lincomb: Fn;
}

interface FoldKernels {
  fold_line: Fn;
  fold_circle_into_line: Fn;
}

interface EvalKernels {
  eval_first: Fn;
  eval_level: Fn;
}

/**
 * Layers of a transform whose blocks fit in 2^FFT_CHUNK_LOG values are run chunk by chunk (all remaining
 * layers of one chunk before the next), so the chunk stays in cache; larger blocks are done layer pair by
 * layer pair over the whole array. 2^14 values = 64 KiB, inside L2 (measured at 2^20: chunk logs 10–16
 * within noise of each other: the gain from blocking is small).
 */
export const FFT_CHUNK_LOG = 14;

/** Whether this platform can compile the SIMD kernels. */
export function wasmSimdSupported(): boolean {
  try {
    compileModule(FFT_WASM);
    return true;
  } catch {
    return false;
  }
}

type Role = 0 | 1 | 2; // input, output, both

/** Smallest transform worth sending to other threads (a message costs tens of microseconds). */
const PARALLEL_MIN_LOG = 12;

/** A stand-in for a kernel instance that appends each call to `calls` instead of running it. */
function recordCalls<T>(module: string, calls: KernelCall[]): T {
  return new Proxy({}, { get: (_, fn) => (...args: number[]) => void calls.push([module, String(fn), ...args]) }) as T;
}

class WasmPoly {
  readonly memory: WebAssembly.Memory;
  readonly heap: WasmHeap;
  readonly shared: boolean;
  readonly k: FftKernels;
  readonly f: FieldKernels;
  readonly fo: FoldKernels;
  readonly ev: EvalKernels;
  // Uploaded twiddle tree: serves canonic domains up to twLog (smaller ones use its tail).
  private twLog = 0;
  private twLen = 0;
  private twPtr = 0;
  private itwPtr = 0;

  constructor(heap: WasmHeap) {
    this.heap = heap;
    this.memory = heap.memory;
    this.shared = typeof SharedArrayBuffer !== 'undefined' && this.memory.buffer instanceof SharedArrayBuffer;
    this.k = instantiate(FFT_WASM, this.memory) as unknown as FftKernels;
    this.f = instantiate(FIELD_WASM, this.memory) as unknown as FieldKernels;
    this.fo = instantiate(FOLD_WASM, this.memory) as unknown as FoldKernels;
    this.ev = instantiate(EVAL_WASM, this.memory) as unknown as EvalKernels;
  }

  view(ptr: number, n: number): Uint32Array {
    return this.heap.view(ptr, n);
  }

  inHeap(a: Uint32Array): boolean {
    return this.heap.owns(a);
  }

  alloc(n: number): Uint32Array {
    if (!Number.isSafeInteger(n) || n < 0) throw new PolyError(`invalid allocation length ${n}`);
    // Without shared memory a view would be detached by the next growth, so hand out plain arrays.
    if (!this.shared) return new Uint32Array(n);
    const v = this.view(this.heap.alloc(4 * n), n);
    v.fill(0);
    return v;
  }

  free(a: Uint32Array): void {
    if (this.inHeap(a)) this.heap.release(a.byteOffset, a.byteLength);
  }

  /**
   * Runs `body` with byte pointers for `arrays`: arrays in the heap are used in place, others are copied
   * into scratch (if read) and back (if written). The same array passed twice gets one pointer.
   */
  withPointers(arrays: readonly Uint32Array[], roles: readonly Role[], body: (ptrs: number[]) => void): void {
    const scratch = new Map<Uint32Array, { ptr: number; role: number }>();
    const ptrs: number[] = [];
    for (let i = 0; i < arrays.length; i++) {
      const a = arrays[i]!;
      if (this.inHeap(a)) {
        ptrs.push(a.byteOffset);
        continue;
      }
      let s = scratch.get(a);
      if (!s) {
        s = { ptr: this.heap.alloc(Math.max(4 * a.length, 16)), role: roles[i]! };
        scratch.set(a, s);
      } else if (s.role !== roles[i]) {
        s.role = 2;
      }
      ptrs.push(s.ptr);
    }
    try {
      for (const [a, s] of scratch) if (s.role !== 1) this.view(s.ptr, a.length).set(a);
      body(ptrs);
      for (const [a, s] of scratch) if (s.role !== 0) a.set(this.view(s.ptr, a.length));
    } finally {
      for (const [a, s] of scratch) this.heap.release(s.ptr, Math.max(4 * a.length, 16));
    }
  }

  /** Makes sure uploaded twiddles cover canonic domains of log size n. */
  ensureTwiddles(n: number): void {
    if (this.twLog >= n) return;
    const tree = getTwiddleTree(n);
    if (this.twLog > 0) {
      this.heap.release(this.twPtr, 4 * this.twLen);
      this.heap.release(this.itwPtr, 4 * this.twLen);
    }
    this.twLen = tree.twiddles.length;
    this.twPtr = this.heap.alloc(4 * this.twLen);
    this.itwPtr = this.heap.alloc(4 * this.twLen);
    this.view(this.twPtr, this.twLen).set(tree.twiddles);
    this.view(this.itwPtr, this.twLen).set(tree.itwiddles);
    this.twLog = tree.logSize;
  }

  /** Byte pointer of line layer i's twiddles for a domain of log size n (inverse twiddles if `inv`). */
  layerPtr(n: number, i: number, inv: boolean): number {
    return (inv ? this.itwPtr : this.twPtr) + 4 * (this.twLen - 2 ** (n - i));
  }

  /**
   * Forward FFT of the 2^n values at byte pointer v (n ≥ 4; twiddles already uploaded). `k` defaults to this
   * thread's kernels; a recorder (see {@link recordCalls}) turns the transform into calls for another thread.
   */
  fftAt(v: number, n: number, k: FftKernels = this.k): void {
    const c = Math.min(n, FFT_CHUNK_LOG);
    let i = n - 1;
    // Layers whose blocks exceed a chunk: over the whole array, two at a time where possible.
    while (i >= c && i >= 3) {
      if (i - 1 >= c && i - 1 >= 3) {
        k.fft_layer2(v, this.layerPtr(n, i, false), this.layerPtr(n, i - 1, false), i - 1, 2 ** (n - 1 - i));
        i -= 2;
      } else {
        k.fft_layer(v, this.layerPtr(n, i, false), i, 2 ** (n - 1 - i));
        i -= 1;
      }
    }
    const top = i;
    const chunk = 2 ** c;
    for (let s = 0; s < 2 ** n; s += chunk) {
      const p = v + 4 * s;
      let j = top;
      while (j >= 3) {
        if (j - 1 >= 3) {
          k.fft_layer2(p, this.layerPtr(n, j, false) + 4 * (s >>> (j + 1)), this.layerPtr(n, j - 1, false) + 4 * (s >>> j), j - 1, chunk >>> (j + 1));
          j -= 2;
        } else {
          k.fft_layer(p, this.layerPtr(n, j, false) + 4 * (s >>> (j + 1)), j, chunk >>> (j + 1));
          j -= 1;
        }
      }
      k.fft_bottom(p, this.layerPtr(n, 2, false) + 4 * (s >>> 3), this.layerPtr(n, 1, false) + 4 * (s >>> 2), chunk >>> 4);
    }
  }

  /** Inverse FFT of the 2^n values at byte pointer v (n ≥ 4; twiddles already uploaded), including the N⁻¹ scaling. */
  ifftAt(v: number, n: number, k: FftKernels = this.k, f: Pick<FieldKernels, 'm31_scale'> = this.f): void {
    const c = Math.min(n, FFT_CHUNK_LOG);
    const chunk = 2 ** c;
    // Layers inside a chunk, bottom-up: 0, 1, 2 fused, then pairs (j, j+1) below c.
    for (let s = 0; s < 2 ** n; s += chunk) {
      const p = v + 4 * s;
      k.ifft_bottom(p, this.layerPtr(n, 2, true) + 4 * (s >>> 3), this.layerPtr(n, 1, true) + 4 * (s >>> 2), chunk >>> 4);
      let j = 3;
      while (j < c) {
        if (j + 1 < c) {
          k.ifft_layer2(p, this.layerPtr(n, j + 1, true) + 4 * (s >>> (j + 2)), this.layerPtr(n, j, true) + 4 * (s >>> (j + 1)), j, chunk >>> (j + 2));
          j += 2;
        } else {
          k.ifft_layer(p, this.layerPtr(n, j, true) + 4 * (s >>> (j + 1)), j, chunk >>> (j + 1));
          j += 1;
        }
      }
    }
    let i = Math.max(c, 3);
    while (i < n) {
      if (i + 1 < n) {
        k.ifft_layer2(v, this.layerPtr(n, i + 1, true), this.layerPtr(n, i, true), i, 2 ** (n - 2 - i));
        i += 2;
      } else {
        k.ifft_layer(v, this.layerPtr(n, i, true), i, 2 ** (n - 1 - i));
        i += 1;
      }
    }
    f.m31_scale(v, v, inversePowerOfTwo(n), 2 ** n);
  }

  transform(columns: readonly Uint32Array[], inverse: boolean): void {
    if (columns.length === 0) return;
    const len = columns[0]!.length;
    for (const c of columns) if (c.length !== len) throw new PolyError('columns of a batch must have the same length');
    const n = transformLogSize(len);
    if (n < 4) {
      for (const c of columns) (inverse ? jsIfft : jsFft)(c);
      return;
    }
    this.ensureTwiddles(n);
    const pool = getKernelPool();
    if (pool && columns.length > 1 && n >= PARALLEL_MIN_LOG && columns.every((c) => this.inHeap(c))) {
      // One batch of recorded kernel calls per column; the pool spreads the columns over its threads.
      pool.register('poly.fft', compileModule(FFT_WASM), this.memory);
      pool.register('poly.field', compileModule(FIELD_WASM), this.memory);
      pool.run(
        columns.map((c) => {
          const calls: KernelCall[] = [];
          const k = recordCalls<FftKernels>('poly.fft', calls);
          if (inverse) this.ifftAt(c.byteOffset, n, k, recordCalls<FieldKernels>('poly.field', calls));
          else this.fftAt(c.byteOffset, n, k);
          return calls;
        }),
      );
      return;
    }
    for (const c of columns) {
      this.withPointers([c], [2], ([p]) => (inverse ? this.ifftAt(p!, n) : this.fftAt(p!, n)));
    }
  }

  binary(kernel: Fn, out: Uint32Array, a: Uint32Array, b: Uint32Array, tail: (x: number, y: number) => number): void {
    const n = out.length;
    if (a.length !== n || b.length !== n) throw new PolyError(`length mismatch (${n}, ${a.length}, ${b.length})`);
    const n4 = n & ~3;
    if (n4 > 0) this.withPointers([out, a, b], [1, 0, 0], ([o, x, y]) => kernel(o!, x!, y!, n4));
    for (let i = n4; i < n; i++) out[i] = tail(a[i]!, b[i]!);
  }

  qm31Tail(out: SecureColumn, from: number, f: (t: Uint32Array, i: number) => void): void {
    const t = new Uint32Array(4);
    for (let i = from; i < columnLength(out); i++) {
      f(t, i);
      for (let c = 0; c < 4; c++) out[c]![i] = t[c]!;
    }
  }
}

/**
 * Creates a WASM SIMD backend over `heap` (default: the process-wide `defaultHeap()`, shared when the
 * platform allows). Pass the same heap as other kernels (e.g. Merkle hashing) to share column data.
 */
export function createWasmBackend(heap?: WasmHeap): PolyBackend {
  let state: WasmPoly | undefined;
  const st = (): WasmPoly => {
    if (!state) {
      if (!wasmSimdSupported()) throw new PolyError('WebAssembly SIMD is not supported on this platform');
      state = new WasmPoly(heap ?? defaultHeap());
    }
    return state;
  };
  const backend: PolyBackend = {
    name: 'wasm',
    precomputeTwiddles: (logSize: number) => st().ensureTwiddles(logSize),
    alloc: (n: number) => st().alloc(n),
    allocSecure: (n: number) => {
      const s = st();
      return Object.freeze([s.alloc(n), s.alloc(n), s.alloc(n), s.alloc(n)] as const);
    },
    free: (a: Uint32Array) => st().free(a),
    fft: (values: Uint32Array) => st().transform([values], false),
    ifft: (values: Uint32Array) => st().transform([values], true),
    fftColumns: (columns: readonly Uint32Array[]) => st().transform(columns, false),
    ifftColumns: (columns: readonly Uint32Array[]) => st().transform(columns, true),
    addM31: (o, a, b) => st().binary(st().f.m31_add, o, a, b, m31.add),
    subM31: (o, a, b) => st().binary(st().f.m31_sub, o, a, b, m31.sub),
    mulM31: (o, a, b) => st().binary(st().f.m31_mul, o, a, b, m31.mul),
    scaleM31(o, a, s) {
      m31.assertCanonical(s, 'scale factor');
      const S = st();
      const n = o.length;
      if (a.length !== n) throw new PolyError(`length mismatch (${n}, ${a.length})`);
      const n4 = n & ~3;
      if (n4 > 0) S.withPointers([o, a], [1, 0], ([po, pa]) => S.f.m31_scale(po!, pa!, s, n4));
      for (let i = n4; i < n; i++) o[i] = m31.mul(a[i]!, s);
    },
    addQM31(o, a, b) {
      checkColumns('addQM31', columnLength(o), a, b);
      for (let c = 0; c < 4; c++) backend.addM31(o[c]!, a[c]!, b[c]!);
    },
    subQM31(o, a, b) {
      checkColumns('subQM31', columnLength(o), a, b);
      for (let c = 0; c < 4; c++) backend.subM31(o[c]!, a[c]!, b[c]!);
    },
    mulQM31(o, a, b) {
      const S = st();
      const n = columnLength(o);
      checkColumns('mulQM31', n, o, a, b);
      const n4 = n & ~3;
      if (n4 > 0) S.withPointers([...o, ...a, ...b], [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0], (p) => S.f.qm31_mul(...p, n4));
      S.qm31Tail(o, n4, (t, i) =>
        qm31.mulInto(t, 0, a[0][i]!, a[1][i]!, a[2][i]!, a[3][i]!, b[0][i]!, b[1][i]!, b[2][i]!, b[3][i]!),
      );
    },
    mulQM31ByM31(o, a, m) {
      const S = st();
      const n = columnLength(o);
      checkColumns('mulQM31ByM31', n, o, a);
      if (m.length !== n) throw new PolyError(`mulQM31ByM31: M31 column length ${m.length} != ${n}`);
      const n4 = n & ~3;
      if (n4 > 0) S.withPointers([...o, ...a, m], [1, 1, 1, 1, 0, 0, 0, 0, 0], (p) => S.f.qm31_mul_m31(...p, n4));
      S.qm31Tail(o, n4, (t, i) => qm31.mulM31Into(t, 0, a[0][i]!, a[1][i]!, a[2][i]!, a[3][i]!, m[i]!));
    },
    scaleQM31(o, a, s: QM31) {
      const S = st();
      const n = columnLength(o);
      checkColumns('scaleQM31', n, o, a);
      const n4 = n & ~3;
      if (n4 > 0) S.withPointers([...o, ...a], [1, 1, 1, 1, 0, 0, 0, 0], (p) => S.f.qm31_scale(...p, ...s, n4));
      S.qm31Tail(o, n4, (t, i) => qm31.mulInto(t, 0, a[0][i]!, a[1][i]!, a[2][i]!, a[3][i]!, s[0], s[1], s[2], s[3]));
    },
    accumulateLinearCombination(acc: SecureColumn, columns: readonly Uint32Array[], coeffs: readonly QM31[]) {
      const n = columnLength(acc);
      checkLinearCombination(n, columns, coeffs);
      const k = columns.length;
      const n4 = n & ~3;
      if (k > 0 && n4 > 0) {
        const S = st();
        const pool = getKernelPool();
        // Row ranges (multiples of 4) for the threads; one range when running inline.
        const parts = pool && n4 >= 1 << PARALLEL_MIN_LOG ? pool.threads : 1;
        const step = Math.ceil(n4 / parts / 4) * 4;
        // One table per range in the heap: k column pointers (offset to the range), then k coefficients.
        const tabs = Array.from({ length: parts }, () => S.heap.alloc(20 * k));
        try {
          S.withPointers([...acc, ...columns], [2, 2, 2, 2, ...columns.map(() => 0 as const)], (p) => {
            const calls: KernelCall[] = [];
            for (let r = 0; r < parts; r++) {
              const from = r * step;
              const len = Math.min(step, n4 - from);
              if (len <= 0) break;
              const t = S.view(tabs[r]!, 5 * k);
              for (let c = 0; c < k; c++) {
                t[c] = p[4 + c]! + 4 * from;
                t.set(coeffs[c]!, k + 4 * c);
              }
              calls.push(['poly.field', 'qm31_acc_lincomb', ...[0, 1, 2, 3].map((j) => p[j]! + 4 * from), tabs[r]!, tabs[r]! + 4 * k, k, len]);
            }
            if (pool && calls.length > 1) {
              pool.register('poly.field', compileModule(FIELD_WASM), S.memory);
              pool.run(calls.map((c) => [c]));
            } else {
              for (const [, , ...args] of calls) S.f.qm31_acc_lincomb(...args);
            }
          });
        } finally {
          for (const t of tabs) S.heap.release(t, 20 * k);
        }
      }
      if (n4 < n) {
        const tail = acc.map((a) => a.subarray(n4)) as unknown as SecureColumn;
        jsAccumulateLinearCombination(tail, columns.map((c) => c.subarray(n4)), coeffs);
      }
    },
    foldLine(src: SecureColumn, alpha: QM31, dst?: SecureColumn): SecureColumn {
      const n = columnLength(src);
      if (n < 8) return jsFoldLine(src, alpha, dst);
      const k = transformLogSize(n);
      checkColumns('foldLine', n, src);
      const out = dst ?? secureColumn(n / 2);
      checkColumns('foldLine (destination)', n / 2, out);
      const S = st();
      S.ensureTwiddles(k + 1);
      const itw = S.layerPtr(k + 1, 1, true);
      S.withPointers([...out, ...src], [1, 1, 1, 1, 0, 0, 0, 0], (p) => S.fo.fold_line(...p, itw, ...alpha, n / 2));
      return out;
    },
    foldCircleIntoLine(dst: SecureColumn, src: SecureColumn, alpha: QM31): void {
      const n = columnLength(src);
      if (n < 8) return jsFoldCircleIntoLine(dst, src, alpha);
      const log = transformLogSize(n);
      checkColumns('foldCircleIntoLine', n, src);
      checkColumns('foldCircleIntoLine (destination)', n / 2, dst);
      const S = st();
      S.ensureTwiddles(log);
      const itw1 = S.layerPtr(log, 1, true);
      const sq = qm31.sqr(alpha);
      S.withPointers([...dst, ...src], [2, 2, 2, 2, 0, 0, 0, 0], (p) =>
        S.fo.fold_circle_into_line(...p, itw1, ...alpha, ...sq, n / 2),
      );
    },
    evalAtSecurePoint(coeffs: Uint32Array, point: SecurePoint): QM31 {
      const n = coeffs.length;
      if (n < 16) return evaluateAtSecurePoint(coeffs, point);
      transformLogSize(n); // power of two
      const S = st();
      const half = n / 2;
      const scratch = S.heap.alloc(16 * half);
      const d = [0, 1, 2, 3].map((k) => scratch + 4 * half * k);
      let x = point.x;
      let len = half;
      const rest = new Uint32Array(16);
      try {
        S.withPointers([coeffs], [0], ([c]) => S.ev.eval_first(...d, c!, ...point.y, half));
        // Levels in place while they produce a multiple of 4 outputs; the last few in plain code.
        for (; len >= 8; len /= 2, x = secureDoubleX(x)) S.ev.eval_level(...d, ...d, ...x, len / 2);
        for (let k = 0; k < 4; k++) rest.set(S.view(d[k]!, len), 4 * k);
      } finally {
        S.heap.release(scratch, 16 * half);
      }
      const w: QM31[] = [];
      for (let i = 0; i < len; i++) w.push([rest[i]!, rest[4 + i]!, rest[8 + i]!, rest[12 + i]!]);
      for (; len > 1; len /= 2, x = secureDoubleX(x)) {
        for (let k = 0; k < len / 2; k++) w[k] = qm31.add(w[2 * k]!, qm31.mul(x, w[2 * k + 1]!));
      }
      return w[0]!;
    },
  };
  return Object.freeze(backend);
}

/** The default WASM SIMD backend (its memory is created on first use). */
export const wasmBackend: PolyBackend = createWasmBackend();

