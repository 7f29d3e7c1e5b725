/**
 * The commitment to an AIR's preprocessed columns (tree 0), computed without any prover machinery so that
 * verifiers can derive it themselves: tree 0 is never sent in proofs, and a verifier that took the root
 * from the prover would accept any table.
 *
 * The result is bit for bit the root `CommitmentSchemeProver.commit` gives the same columns (a test checks
 * it): each column, in row order, is put in storage order (`cosetIndexToStorageIndex`), interpolated,
 * zero-padded by the blowup and evaluated on `CanonicCoset(logSize + B)`; the evaluations are committed
 * in Stwo's mixed-size Merkle tree (columns grouped by length, longest first; `hash/node.ts`). It uses the
 * plain-TypeScript FFT and node hash, one layer of the tree at a time, so it stays browser-safe and
 * imports no kernels, backends or tree builders.
 * @module
 */
import { cosetIndexToStorageIndex, MAX_CIRCLE_DOMAIN_LOG_SIZE } from '../circle/index.js';
import type { Air } from '../air/verifier.js';
import { wordsToBytes } from '../hash/bytes.js';
import { hashLayerJs, HASH_WORDS } from '../hash/node.js';
import { fft, ifft } from '../poly/fft.js';
import { starkConfig } from './config.js';
import type { StarkConfig } from './config.js';
import { StarkError } from './errors.js';
import { countWork } from './work-counts.js';

const P = 0x7fffffff;

/** Bit-reversed evaluations on `CanonicCoset(logSize + B)` of the column whose row-order values are `values`. */
function extendedColumn(id: string, values: unknown, logSize: number, B: number): Uint32Array {
  const n = 2 ** logSize;
  if (!(values instanceof Uint32Array) || values.length !== n) throw new StarkError('INVALID_INPUT', `preprocessed column ${id}: expected ${n} values`);
  const ext = new Uint32Array(2 ** (logSize + B));
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v >= P) throw new StarkError('INVALID_INPUT', `preprocessed column ${id} row ${i}: ${v} is not canonical`);
    ext[cosetIndexToStorageIndex(i, logSize)] = v;
  }
  ifft(ext.subarray(0, n));
  fft(ext);
  return ext;
}

/**
 * The Merkle root of an AIR's preprocessed tree under `config` (the verifier needs it: tree 0 is not sent
 * in proofs). Deterministic; costs one FFT per column and one hash per tree node, so compute it once per
 * AIR shape and configuration where that matters ("setup"). An AIR without preprocessed columns has the
 * empty tree's root, 32 zero bytes.
 * @throws StarkError `INVALID_INPUT` for an invalid configuration or malformed preprocessed columns
 */
export function preprocessedRoot(air: Air, config: StarkConfig): Uint8Array {
  const cfg = starkConfig(config);
  countWork('preprocessed commitment');
  const B = cfg.pcs.fri.logBlowupFactor;
  const minLog = cfg.pcs.fri.logLastLayerDegreeBound + 1;
  const columns = air.preprocessed;
  if (columns.length === 0) return new Uint8Array(32);
  // Commitment log size of each column, checked as the PCS checks it.
  const sizes = columns.map((c) => {
    const s = c.logSize;
    if (!Number.isInteger(s) || s < minLog || s + B > MAX_CIRCLE_DOMAIN_LOG_SIZE) {
      throw new StarkError('INVALID_INPUT', `preprocessed column ${c.id}: log size ${s} must be in [${minLog}, ${MAX_CIRCLE_DOMAIN_LOG_SIZE - B}]`);
    }
    return s + B;
  });
  const maxLog = Math.max(...sizes);
  // Layers from the leaves up; the columns of a layer are evaluated only when that layer is hashed.
  let prev: Uint32Array | null = null;
  for (let k = maxLog; k >= 0; k--) {
    const cols: Uint32Array[] = [];
    columns.forEach((c, i) => {
      if (sizes[i] === k) cols.push(extendedColumn(c.id, c.values(), c.logSize, B));
    });
    const out = new Uint32Array(HASH_WORDS * 2 ** k);
    hashLayerJs(out, 0, prev, 0, cols, 0, 2 ** k);
    prev = out;
  }
  return wordsToBytes(prev!, 0, HASH_WORDS);
}
