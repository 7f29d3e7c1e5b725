/**
 * The WebAssembly SIMD path of the interaction trace's quotient step (see `interaction.ts`): for every
 * batch b, S_b = S_{b−1} + num_b / den_b over QM31 columns, by Montgomery batch inversion in the kernels
 * of `poly/prover/wasm/logup.wat` (8 independent product chains: 4 lanes × 2 vectors).
 *
 * Work goes block by block of {@link LOGUP_BLOCK} rows, all batches of a block before the next: the
 * block's numerators, denominators, prefix products and running sum (about 1 MiB) stay in cache, and the
 * kernels' scratch in the WebAssembly heap stays small whatever the trace size. Each block and batch costs
 * one inversion of its 8 chain products on the host (itself batched: 1 QM31 inversion, 21 products).
 *
 * The results are exact field values, so they equal the plain-TypeScript `addQuotients` bit for bit.
 * @module
 */
import { qm31 } from '../../field/index.js';
import type { QM31, SecureColumn } from '../../field/index.js';
import { WASM_BASE64 } from '../../poly/prover/wasm/logup.wat.gen.js';
import { defaultHeap, instantiate } from '../../wasm/runtime.js';
import type { WasmHeap } from '../../wasm/runtime.js';

/** Rows per block (2^13: 16 QM31 block columns of 32 KiB each fit in L2). */
export const LOGUP_BLOCK = 1 << 13;

/** Fewest rows the SIMD path handles (one iteration of the kernels); smaller traces use the reference. */
export const LOGUP_SIMD_MIN_ROWS = 8;

type Fn = (...args: number[]) => void;
interface LogupKernels {
  logup_prefix: Fn;
  logup_quotients: Fn;
}

let kernels: { k: LogupKernels; heap: WasmHeap } | null | undefined;

/** The kernels on the process heap, or null where WebAssembly SIMD (or shared memory) is unavailable. */
function getKernels(): { k: LogupKernels; heap: WasmHeap } | null {
  if (kernels === undefined) {
    try {
      const heap = defaultHeap();
      kernels = { k: instantiate(WASM_BASE64, heap.memory) as unknown as LogupKernels, heap };
    } catch {
      kernels = null;
    }
  }
  return kernels;
}

/** Whether {@link addQuotientsSimd} can run here (WebAssembly SIMD with the process heap's memory). */
export function logupSimdSupported(): boolean {
  return getKernels() !== null;
}

/**
 * For batches b = 0 … k−1 in order: `nums[b][i] ← S_{b−1}[i] + nums[b][i] / dens[b][i]` (S_{−1} = 0,
 * S_b the new `nums[b]`), i.e. the in-row running sums of the interaction columns. All columns have the
 * same length n, a power of two ≥ {@link LOGUP_SIMD_MIN_ROWS}.
 * @returns the first batch with a zero denominator (then `nums` are unspecified), or −1
 * @throws Error when the SIMD kernels are unavailable (check {@link logupSimdSupported})
 */
export function addQuotientsSimd(nums: readonly SecureColumn[], dens: readonly SecureColumn[]): number {
  const kk = getKernels();
  if (!kk) throw new Error('WebAssembly SIMD logUp kernels are unavailable');
  const { k, heap } = kk;
  const n = nums[0]?.[0].length ?? 0;
  if (nums.length === 0) return -1;
  if (n < LOGUP_SIMD_MIN_ROWS || (n & (n - 1)) !== 0) throw new RangeError(`column length ${n} is not a power of two ≥ 8`);
  const B = Math.min(n, LOGUP_BLOCK);
  // Scratch: num, den, pre, acc (4 coordinate columns of B words each), then tot (32 words).
  const bytes = 16 * 4 * B + 128;
  const base = heap.alloc(bytes);
  try {
    const coord = (region: number, c: number): number => base + 4 * B * (4 * region + c);
    const num = [0, 1, 2, 3].map((c) => coord(0, c));
    const den = [0, 1, 2, 3].map((c) => coord(1, c));
    const pre = [0, 1, 2, 3].map((c) => coord(2, c));
    const acc = [0, 1, 2, 3].map((c) => coord(3, c));
    const totPtr = base + 16 * 4 * B;
    // Views after the allocation (growing a non-shared memory detaches older ones).
    const view = (ptr: number): Uint32Array => heap.view(ptr, B);
    const numV = num.map(view), denV = den.map(view), accV = acc.map(view);
    const tot = heap.view(totPtr, 32);
    const accAll = heap.view(acc[0]!, 4 * B);
    const chain: QM31[] = new Array<QM31>(8);
    const partial: QM31[] = new Array<QM31>(8);
    for (let s = 0; s < n; s += B) {
      const e = s + B;
      accAll.fill(0);
      for (let b = 0; b < nums.length; b++) {
        const nb = nums[b]!, db = dens[b]!;
        for (let c = 0; c < 4; c++) {
          numV[c]!.set(nb[c].subarray(s, e));
          denV[c]!.set(db[c].subarray(s, e));
        }
        k.logup_prefix(pre[0]!, pre[1]!, pre[2]!, pre[3]!, den[0]!, den[1]!, den[2]!, den[3]!, totPtr, B);
        // Invert the 8 chain products (lane l of chain h at tot[16h + 4c + l]) with one inversion.
        let run: QM31 = qm31.ONE;
        for (let j = 0; j < 8; j++) {
          const o = 16 * (j >> 2) + (j & 3);
          const v: QM31 = [tot[o]!, tot[o + 4]!, tot[o + 8]!, tot[o + 12]!];
          if (qm31.isZero(v)) return b;
          chain[j] = v;
          partial[j] = run;
          run = qm31.mul(run, v);
        }
        let inv = qm31.inv(run);
        for (let j = 7; j >= 0; j--) {
          const x = qm31.mul(inv, partial[j]!);
          inv = qm31.mul(inv, chain[j]!);
          const o = 16 * (j >> 2) + (j & 3);
          tot[o] = x[0];
          tot[o + 4] = x[1];
          tot[o + 8] = x[2];
          tot[o + 12] = x[3];
        }
        k.logup_quotients(
          acc[0]!, acc[1]!, acc[2]!, acc[3]!,
          num[0]!, num[1]!, num[2]!, num[3]!,
          den[0]!, den[1]!, den[2]!, den[3]!,
          pre[0]!, pre[1]!, pre[2]!, pre[3]!,
          acc[0]!, acc[1]!, acc[2]!, acc[3]!,
          totPtr,
          B,
        );
        for (let c = 0; c < 4; c++) nb[c].set(accV[c]!, s);
      }
    }
    return -1;
  } finally {
    heap.release(base, bytes);
  }
}
