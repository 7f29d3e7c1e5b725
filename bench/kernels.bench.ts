/**
 * Field and circle-FFT kernel benchmark. Run after `npm run build`:
 *   node dist/bench/kernels.bench.js [--quick]
 * Prints a table and writes it to bench/results/kernels.md with the machine and date. Figures are medians
 * of several runs after a warm-up (best run in parentheses); one thread. The machine is shared and noisy:
 * compare ratios, not absolute times.
 */
import { securePointFromT } from '../src/circle/index.js';
import { m31, qm31, secureColumn } from '../src/field/index.js';
import type { SecureColumn } from '../src/field/index.js';
import { jsBackend, wasmBackend } from '../src/poly/index.js';
import type { PolyBackend } from '../src/poly/index.js';
import { markdownTable, timeRuns, writeResults } from './util.js';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 9;
const P = m31.P;

const time = (fn: () => void, runs = RUNS): [number, number] => timeRuns(fn, runs);
const fmt = ([med, best]: [number, number], scale = 1, digits = 2) =>
  `${(med * scale).toFixed(digits)} (best ${(best * scale).toFixed(digits)})`;

const rows: string[][] = [];
function row(...cells: string[]): void {
  rows.push(cells);
  console.log(cells.join(' | '));
}

function fill(a: Uint32Array, seed: number): Uint32Array {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < a.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    a[i] = (s >>> 0) % P;
  }
  return a;
}
const allocFilled = (B: PolyBackend, n: number, seed: number) => fill(B.alloc(n), seed);
const name = (B: PolyBackend) => (B === jsBackend ? 'JS' : 'WASM SIMD ×4');

// ---- elementwise field operations over 2^20 elements (ns per element)
const E = quick ? 1 << 18 : 1 << 20;
const nsPerElem = 1e6 / E;
for (const B of [jsBackend, wasmBackend]) {
  const a = allocFilled(B, E, 1);
  const b = allocFilled(B, E, 2);
  const o = B.alloc(E);
  row('M31 mul (ns/element)', name(B), fmt(time(() => B.mulM31(o, a, b)), nsPerElem, 3));
  row('M31 add (ns/element)', name(B), fmt(time(() => B.addM31(o, a, b)), nsPerElem, 3));
  [a, b, o].forEach((x) => B.free(x));
}
{
  // Scalar JS multiply through the public function (what non-vector code pays).
  const a = fill(new Uint32Array(E), 3);
  const b = fill(new Uint32Array(E), 4);
  let acc = 0;
  const ms = time(() => {
    for (let i = 0; i < E; i++) acc ^= m31.mul(a[i]!, b[i]!);
  });
  row('M31 mul, scalar m31.mul in a loop (ns/op)', 'JS', fmt(ms, nsPerElem, 3));
  if (acc === 0.5) console.log(acc); // keeps the loop's result observable
}
const QE = quick ? 1 << 16 : 1 << 18;
for (const B of [jsBackend, wasmBackend]) {
  const col = (seed: number): SecureColumn => [0, 1, 2, 3].map((k) => allocFilled(B, QE, seed + k)) as unknown as SecureColumn;
  const a = col(10);
  const b = col(20);
  const o = B.allocSecure(QE);
  row('QM31 mul, secure columns (ns/element)', name(B), fmt(time(() => B.mulQM31(o, a, b)), 1e6 / QE, 3));
  const alpha = [5, 6, 7, 8] as const;
  const src = col(30);
  const dst = B.allocSecure(QE / 2);
  row('FRI circle→line fold (ns/output)', name(B), fmt(time(() => B.foldCircleIntoLine(dst, src, alpha)), 2e6 / QE, 3));
  const half = B.allocSecure(QE / 2);
  row('FRI line fold (ns/output)', name(B), fmt(time(() => B.foldLine(src, alpha, half)), 2e6 / QE, 3));
  [...a, ...b, ...o, ...src, ...dst, ...half].forEach((x) => B.free(x));
}
{
  // The same QM31 product through the allocation-free scalar API (`qm31.mulInto` per element).
  const a = secureColumn(QE).map((c, k) => fill(c, 40 + k)) as unknown as SecureColumn;
  const b = secureColumn(QE).map((c, k) => fill(c, 50 + k)) as unknown as SecureColumn;
  const t = new Uint32Array(4);
  const ms = time(() => {
    for (let i = 0; i < QE; i++) {
      qm31.mulInto(t, 0, a[0][i]!, a[1][i]!, a[2][i]!, a[3][i]!, b[0][i]!, b[1][i]!, b[2][i]!, b[3][i]!);
    }
  });
  row('QM31 mul, scalar qm31.mulInto in a loop (ns/op)', 'JS', fmt(ms, 1e6 / QE, 3));
}

// ---- evaluation of one column at an out-of-domain QM31 point (the O(N) fold)
{
  const ood = securePointFromT([1, 2, 3, 4]);
  const log = quick ? 16 : 20;
  for (const B of [jsBackend, wasmBackend]) {
    const c = allocFilled(B, 2 ** log, 77);
    row(`evaluate 2^${log} coefficients at a QM31 point (ms)`, name(B), fmt(time(() => B.evalAtSecurePoint(c, ood), 5)));
    B.free(c);
  }
}

// ---- circle FFT / IFFT: one column, and a batch of columns
const BATCH = 8;
for (const log of quick ? [16] : [16, 18, 20]) {
  const n = 2 ** log;
  const butterflies = (log * n) / 2;
  for (const B of [wasmBackend, jsBackend]) {
    B.precomputeTwiddles(log);
    const runs = B === jsBackend && log >= 18 ? 3 : RUNS;
    const v = allocFilled(B, n, log);
    const f = time(() => B.fft(v), runs);
    const i = time(() => B.ifft(v), runs);
    row(`FFT 2^${log}, one column: ms (ns/butterfly)`, name(B), `${fmt(f)} (${((f[0] * 1e6) / butterflies).toFixed(2)})`);
    row(`IFFT 2^${log}, one column: ms (ns/butterfly)`, name(B), `${fmt(i)} (${((i[0] * 1e6) / butterflies).toFixed(2)})`);
    B.free(v);
    if (B === jsBackend && log > 18) continue; // JS batches at 2^20 take tens of seconds; the ratio is clear.
    const cols = Array.from({ length: BATCH }, (_, k) => allocFilled(B, n, 100 * log + k));
    const bf = time(() => B.fftColumns(cols), B === jsBackend ? 1 : Math.min(RUNS, 5));
    const bi = time(() => B.ifftColumns(cols), B === jsBackend ? 1 : Math.min(RUNS, 5));
    row(`FFT 2^${log} × ${BATCH} columns: ms per column`, name(B), fmt(bf, 1 / BATCH));
    row(`IFFT 2^${log} × ${BATCH} columns: ms per column`, name(B), fmt(bi, 1 / BATCH));
    cols.forEach((c) => B.free(c));
  }
  // The copy path: a plain array handed to the WASM backend is copied into its memory and back.
  const plain = fill(new Uint32Array(n), 7);
  row(`FFT 2^${log}, plain (copied) array: ms`, 'WASM SIMD ×4', fmt(time(() => wasmBackend.fft(plain))));
}

writeResults(
  'kernels',
  'Field and circle-FFT kernel benchmark',
  [
    `Command: \`node dist/bench/kernels.bench.js${quick ? ' --quick' : ''}\`. Median of several runs after a warm-up, best run in parentheses; one thread.`,
    'Backend-allocated columns (no copies) unless stated; a transform of log size n has n·2^(n−1) butterflies.',
  ],
  markdownTable(['measurement', 'backend', 'result'], rows),
);
