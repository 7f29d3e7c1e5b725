/**
 * Commitment-scheme benchmark: commit + prove + verify for 100 random columns at 2^16 and 2^18 rows,
 * with TEST_CONFIG, DEFAULT_CONFIG and the other ≥ 100-bit candidates DEFAULT_CONFIG was chosen from.
 * Run after `npm run build`:
 *   node --expose-gc dist/bench/pcs.bench.js [--quick] [--js]
 * `--quick`: 2^16 only, one run; `--js`: also the plain-TypeScript backend at 2^16.
 * Writes bench/results/pcs.md with the machine and date.
 */
import { Blake2sChannel, grind } from '../src/channel/index.js';
import { canonicCoset, securePointAddM31, securePointFromT } from '../src/circle/index.js';
import type { SecurePoint } from '../src/circle/index.js';
import {
  CommitmentSchemeProver,
  CommitmentSchemeVerifier,
  DEFAULT_CONFIG,
  pcsConfig,
  pcsProofBytes,
  securityBits,
  TEST_CONFIG,
} from '../src/pcs/index.js';
import type { PcsConfig, PcsProof } from '../src/pcs/index.js';
import { jsBackend, wasmBackend } from '../src/poly/index.js';
import type { PolyBackend } from '../src/poly/index.js';
import { markdownTable, median, writeResults } from './util.js';

const quick = process.argv.includes('--quick');
const withJs = process.argv.includes('--js');
const N_COLUMNS = 100;

function randomColumns(logRows: number, seed: number): Uint32Array[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: N_COLUMNS }, () =>
    Uint32Array.from({ length: 2 ** logRows }, () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) % 0x7fffffff;
    }),
  );
}

interface Measured {
  commitMs: number;
  proveMs: number;
  verifyMs: number;
  bytes: number;
  nonces: number;
}

/**
 * One full run. Samples like an AIR's: every column at the OOD point P, every other one also at P + G
 * (a "next row" mask), so two DEEP batches.
 */
function once(config: PcsConfig, columns: Uint32Array[], logRows: number, backend: PolyBackend): Measured {
  // Collect the previous run's hundreds of MiB of columns now, not in the middle of this one.
  (globalThis as { gc?: () => void }).gc?.();
  const sizes = columns.map(() => logRows);
  const ch = new Blake2sChannel();
  let t = performance.now();
  const prover = new CommitmentSchemeProver(config, backend);
  prover.commit(columns, sizes, ch);
  const commitMs = performance.now() - t;
  const f = ch.drawFelt();
  const p = securePointFromT([f[0]!, f[1]!, f[2]!, f[3]!]);
  const next = securePointAddM31(p, canonicCoset(logRows).step);
  const samples: SecurePoint[][][] = [columns.map((_, i) => (i % 2 === 0 ? [p, next] : [p]))];
  t = performance.now();
  const proof: PcsProof = prover.prove(samples, ch);
  const proveMs = performance.now() - t;

  // Verification is quick and noisy: the median of several.
  const vms: number[] = [];
  for (let r = 0; r < 7; r++) {
    const vch = new Blake2sChannel();
    t = performance.now();
    const verifier = new CommitmentSchemeVerifier(config);
    verifier.commit(prover.root(0), sizes, vch);
    vch.drawFelt();
    verifier.verify(samples, proof, vch);
    vms.push(performance.now() - t);
  }
  const verifyMs = median(vms);
  return { commitMs, proveMs, verifyMs, bytes: pcsProofBytes(proof), nonces: proof.powNonce + 1 };
}

// Grinding rate, to separate the (random, geometric) proof-of-work time from the rest of `prove`.
function grindRate(): number {
  let nonces = 0;
  const t = performance.now();
  for (let s = 0; s < 8; s++) {
    const c = new Blake2sChannel();
    c.mixU64(7000 + s);
    nonces += grind(c, 18) + 1;
  }
  return nonces / ((performance.now() - t) / 1000);
}
grindRate(); // warm-up
const rate = grindRate();

const candidates: Array<[string, PcsConfig]> = [
  ['TEST_CONFIG', TEST_CONFIG],
  ['DEFAULT_CONFIG', DEFAULT_CONFIG],
  ['candidate', pcsConfig({ powBits: 20, fri: { logBlowupFactor: 2, logLastLayerDegreeBound: 0, nQueries: 40 } })],
  ['candidate', pcsConfig({ powBits: 20, fri: { logBlowupFactor: 3, logLastLayerDegreeBound: 0, nQueries: 27 } })],
];
/** Measured at 2^18 too: all but log blowup 3 (which needs several GiB and minutes for one data point there). */
const at18 = (config: PcsConfig) => config.fri.logBlowupFactor <= 2;
const label = (name: string, c: PcsConfig) =>
  `${name}: log blowup ${c.fri.logBlowupFactor}, ${c.fri.nQueries} queries, ${c.powBits} PoW bits → ${securityBits(c)}`;

// A global warm-up (JIT tiers, WebAssembly memory growth, twiddles) before anything is timed.
once(TEST_CONFIG, randomColumns(16, 1), 16, wasmBackend);

const rows: string[][] = [];
const header = ['rows × cols', 'config (conjectured bits)', 'backend', 'commit ms', 'prove ms (PoW part)', 'commit+prove ms', 'verify ms', 'proof bytes'];
console.log(header.join(' | '));
for (const logRows of quick ? [16] : [16, 18]) {
  const columns = randomColumns(logRows, logRows);
  for (const [name, config] of candidates) {
    if (logRows >= 18 && !at18(config)) continue;
    const backends: PolyBackend[] = withJs && logRows === 16 && name === 'DEFAULT_CONFIG' ? [wasmBackend, jsBackend] : [wasmBackend];
    for (const backend of backends) {
      const runs = quick || backend === jsBackend ? 1 : logRows >= 18 ? 2 : 5;
      if (logRows === 16 || name === 'TEST_CONFIG') once(config, columns, logRows, backend); // warm-up
      const ms: Measured[] = [];
      for (let r = 0; r < runs; r++) ms.push(once(config, columns, logRows, backend));
      const med = (k: keyof Measured) => median(ms.map((m) => m[k]));
      const powMs = (med('nonces') / rate) * 1000;
      const cells = [
        `2^${logRows} × ${N_COLUMNS}`,
        label(name, config),
        backend.name,
        med('commitMs').toFixed(0),
        `${med('proveMs').toFixed(0)} (${powMs.toFixed(0)})`,
        (med('commitMs') + med('proveMs')).toFixed(0),
        med('verifyMs').toFixed(1),
        String(med('bytes')),
      ];
      rows.push(cells);
      console.log(cells.join(' | '));
    }
  }
}

writeResults(
  'pcs',
  'Polynomial commitment scheme benchmark (commit, prove, verify)',
  [
    `Command: \`node --expose-gc dist/bench/pcs.bench.js${quick ? ' --quick' : ''}${withJs ? ' --js' : ''}\`. One thread; commit and prove: medians of 5 runs at 2^16 (2 at 2^18, 1 for JS) after a warm-up; verify: median of 7 per run.`,
    `${N_COLUMNS} columns of random values (full-degree polynomials) in one tree; every column sampled at the OOD point,`,
    'every other one also at the next-row point (two DEEP batches). "commit": interpolate, extend by the blowup,',
    'Merkle-commit. "prove": OOD evaluation, DEEP quotients, FRI, proof of work, decommitment. The PoW part is',
    `the ground nonce count divided by the measured grinding rate (${(rate / 1e6).toFixed(1)} M nonces/s): it is random`,
    '(geometric, mean 2^powBits nonces), so compare the rest. Proof bytes: plain binary size (32 per hash,',
    '4 per M31, no framing). Bits: conjectured security, powBits + logBlowup · nQueries. The machine is shared',
    'with other jobs (see the load average): compare ratios between rows rather than absolute times.',
  ],
  markdownTable(header, rows),
);
