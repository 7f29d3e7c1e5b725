/**
 * Merkle / BLAKE2s / grinding benchmark. Run after `npm run build`:
 *   node dist/bench/merkle.bench.js [--quick]
 * Prints a table and writes it to bench/results/merkle.md with the machine and date.
 * Figures are medians of several runs (CPU on a shared machine is noisy: compare ratios).
 */
import { hashLayerJs } from '../src/hash/node.js';
import { createBlake2sWasm } from '../src/hash/wasm.js';
import { MerkleTree } from '../src/merkle/index.js';
import { Blake2sChannel, grind } from '../src/channel/index.js';
import { markdownTable, timeRuns, writeResults } from './util.js';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 7;

const time = (fn: () => void, runs = RUNS): [number, number] => timeRuns(fn, runs);
const fmt = ([med, best]: [number, number], scale = 1, digits = 1) =>
  `${(med * scale).toFixed(digits)} (best ${(best * scale).toFixed(digits)})`;

const rows: string[][] = [];
const row = (...cells: string[]) => {
  rows.push(cells);
  console.log(cells.join(' | '));
};

// ---- ns per node: 64-byte internal nodes (two child hashes), the bulk of any tree
const N = 1 << 16;
const prev = Uint32Array.from({ length: 16 * N }, (_, i) => Math.imul(i, 0x9e3779b1) >>> 0);
const out = new Uint32Array(8 * N);
const kernel = createBlake2sWasm();
const pp = kernel.heap.alloc(64 * N);
const op = kernel.heap.alloc(32 * N);
const tab = kernel.heap.alloc(64);
new Uint32Array(kernel.memory.buffer, pp, 16 * N).set(prev);
const perNode = 1e6 / N;
row('node hash, 64-byte node (ns/node)', 'JS', fmt(time(() => hashLayerJs(out, 0, prev, 0, [], 0, N)), perNode));
row('node hash, 64-byte node (ns/node)', 'WASM SIMD ×4', fmt(time(() => kernel.hashLayer(op, pp, true, tab, 0, N)), perNode));

// ---- commit: 2^k leaves × C columns (plus the children of every internal node)
const C = 4;
for (const log of quick ? [16] : [16, 18, 20]) {
  const cols = Array.from({ length: C }, (_, j) =>
    Uint32Array.from({ length: 2 ** log }, (_, i) => (Math.imul(i + 1, 0x85ebca6b) ^ j) & 0x3fffffff),
  );
  for (const backend of ['wasm', 'js'] as const) {
    const runs = backend === 'js' && log === 20 ? 3 : RUNS;
    const ms = time(() => MerkleTree.commit(cols, { backend, trustCanonical: true }), runs);
    row(`commit 2^${log} rows × ${C} columns (ms)`, backend === 'js' ? 'JS' : 'WASM SIMD ×4', fmt(ms));
  }
}

// ---- grinding: nonces per second (least-nonce search, as the prover runs it)
function grindRate(backend: 'js' | 'wasm', bits: number, seeds: number): [number, number] {
  let nonces = 0;
  let ms = 0;
  for (let s = 0; s < seeds; s++) {
    const c = new Blake2sChannel();
    c.mixU64(1000 + s);
    const t = performance.now();
    const n = grind(c, bits, { backend });
    ms += performance.now() - t;
    nonces += n + 1;
  }
  return [nonces / (ms / 1000), ms / seeds];
}
grindRate('wasm', 8, 4); // warm-up
grindRate('js', 8, 4);
for (const backend of ['wasm', 'js'] as const) {
  const bits = quick ? 14 : backend === 'js' ? 18 : 20;
  const [rate, avg] = grindRate(backend, bits, quick ? 4 : 16);
  row(`grind (Mnonce/s; mean ms for ${bits} bits)`, backend === 'js' ? 'JS' : 'WASM SIMD ×4', `${(rate / 1e6).toFixed(2)} M/s; ${avg.toFixed(0)} ms`);
}

writeResults(
  'merkle',
  'Merkle / BLAKE2s benchmark',
  [
    `Command: \`node dist/bench/merkle.bench.js\`${quick ? ' --quick' : ''}. Median of several runs after a warm-up, best run in parentheses; one thread.`,
    'Commit times skip the canonicity check (`trustCanonical`) and include copying the columns into WebAssembly',
    'memory and every finished layer out of it. Grinding: least-nonce searches over several channels.',
  ],
  markdownTable(['measurement', 'backend', 'result'], rows),
);
