/**
 * Commitment-scheme parameters (Stwo's `PcsConfig`): proof-of-work bits and the FRI configuration, with
 * the conjectured security estimate and two presets.
 * @module
 */
import { friConfig, friQueryBits } from '../fri/config.js';
import type { FriConfig } from '../fri/config.js';
import { FriError } from '../fri/errors.js';
import { PcsError } from './errors.js';

/** Commitment-scheme parameters. Build with {@link pcsConfig}, which validates them. */
export interface PcsConfig {
  /** Proof-of-work bits ground before the queries are drawn, in [0, {@link MAX_POW_BITS}]. */
  readonly powBits: number;
  /** FRI parameters. */
  readonly fri: FriConfig;
}

/**
 * Largest accepted `powBits`: the same cap as the channel's `grind` (2^40 compressions already take
 * hours here); a larger value is a configuration error, not a proof anyone could produce.
 */
export const MAX_POW_BITS = 40;

/**
 * log2 |QM31| rounded down: p⁴ = (2^31 − 1)⁴ ≈ 2^124. Every random challenge (OOD point, DEEP and FRI
 * coefficients) lives in QM31, so no configuration can claim more security than this.
 */
export const QM31_LOG_SIZE = 124;

/**
 * A validated, frozen configuration.
 * @throws PcsError `INVALID_CONFIG`
 */
export function pcsConfig(config: PcsConfig): PcsConfig {
  if (config === null || typeof config !== 'object') throw new PcsError('INVALID_CONFIG', 'PCS config must be an object');
  const { powBits } = config;
  if (typeof powBits !== 'number' || !Number.isInteger(powBits) || powBits < 0 || powBits > MAX_POW_BITS) {
    throw new PcsError('INVALID_CONFIG', `powBits ${String(powBits)} is not an integer in [0, ${MAX_POW_BITS}]`);
  }
  let fri: FriConfig;
  try {
    fri = friConfig(config.fri);
  } catch (e) {
    if (e instanceof FriError) throw new PcsError('INVALID_CONFIG', e.message, { cause: e });
    throw e;
  }
  return Object.freeze({ powBits, fri });
}

/**
 * Conjectured bits of security (Stwo's `PcsConfig::security_bits`): powBits + logBlowupFactor · nQueries.
 *
 * The formula is the "ethSTARK conjecture" for FRI in the list-decoding regime: each query draw lets a
 * word δ-far from the code pass with probability about 2^−B, and grinding multiplies a cheating prover's
 * work by 2^powBits. It counts query *draws* (duplicates included), as Stwo does. It ignores the algebraic
 * soundness terms — the OOD point, the DEEP coefficient, the FRI folding coefficients — which are of order
 * (largest domain size · number of columns) / |QM31|. Hence the cap: the result never exceeds
 * {@link QM31_LOG_SIZE} = 124 bits, and when `maxLogDomainSize` (the largest commitment domain, log2) is
 * given it is also capped at 124 − maxLogDomainSize, a conservative bound for those terms (a 2^21-row
 * trace at log blowup 1, domain 2^22, still keeps 102 bits).
 */
export function securityBits(config: PcsConfig, maxLogDomainSize?: number): number {
  const conjectured = config.powBits + friQueryBits(config.fri);
  const cap = maxLogDomainSize === undefined ? QM31_LOG_SIZE : QM31_LOG_SIZE - maxLogDomainSize;
  return Math.min(conjectured, cap);
}

/** Stwo's `PcsConfig::default()`: 5 PoW bits, blowup 2 (log 1), a constant last layer, 3 queries → 8 bits. Tests only. */
export const TEST_CONFIG: PcsConfig = pcsConfig({
  powBits: 5,
  fri: { logBlowupFactor: 1, logLastLayerDegreeBound: 0, nQueries: 3 },
});

/**
 * The production preset: 20 PoW bits + blowup 2 (log 1) × 80 queries = 100 conjectured bits; last layer a
 * constant (Stwo's production value; larger last layers changed the proof size by under 4 %).
 *
 * Chosen from `bench/pcs.bench.ts` (bench/results/pcs.md, 100 columns of 2^16 and 2^18 rows): log blowup 1
 * commits and proves 1.5× (2^16) to 1.9× (2^18) faster than log blowup 2 with 40 queries (commitment FFTs
 * and hashing scale with the domain) for a proof 1.5–1.6× larger (192 KB against 127 KB at 2^16, 256 KB
 * against 157 KB at 2^18); verification takes 10–20 ms either way. Log blowup 3 (27 queries) is 2.8×
 * slower than log blowup 1 for another ~15 % off the proof. Proving is the expensive side
 * of a ZK-VM here, and with log blowup 1 the commitment domain of a trace is also the composition domain
 * of degree-3 constraints, so the AIR prover reuses the committed evaluations instead of computing new
 * ones. The proof of work is 20 bits
 * (~1 M BLAKE2s compressions, ~50 ms with the WebAssembly kernel on one thread): each further bit doubles
 * that to save one query (~2.4 KB); Stwo's 26 bits would cost ~3 s here.
 */
export const DEFAULT_CONFIG: PcsConfig = pcsConfig({
  powBits: 20,
  fri: { logBlowupFactor: 1, logLastLayerDegreeBound: 0, nQueries: 80 },
});
