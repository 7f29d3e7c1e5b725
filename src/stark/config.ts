/**
 * STARK configuration: the commitment-scheme parameters and the zero-knowledge switch, with presets and
 * the security estimate the verifier enforces.
 * @module
 */
import { DEFAULT_CONFIG, pcsConfig, securityBits, TEST_CONFIG } from '../pcs/config.js';
import type { PcsConfig } from '../pcs/config.js';
import { PcsError } from '../pcs/errors.js';
import { StarkError } from './errors.js';
import { countWork } from './work-counts.js';

/** Parameters of a proof. Build with {@link starkConfig}. */
export interface StarkConfig {
  /** Commitment scheme: proof-of-work bits and FRI (log blowup, last-layer bound, queries). */
  readonly pcs: PcsConfig;
  /**
   * Zero knowledge (see `layout.ts`): randomize every committed witness polynomial, mask the FRI input,
   * and blind the per-component logUp claimed sums (four extra main columns per component with lookups).
   * Costs about 2× in trace commitment (and in constraint evaluation for degree-3 constraints).
   */
  readonly zeroKnowledge: boolean;
}

/** The configurations {@link starkConfig} returned (frozen, so still valid): later calls return them as they are. */
const validated = new WeakSet<StarkConfig>();

/**
 * A validated, frozen configuration. Validates once: a configuration this function returned comes back
 * unchanged, so every layer may call it at its boundary without repeating the work.
 * @throws StarkError `INVALID_INPUT`
 */
export function starkConfig(config: StarkConfig): StarkConfig {
  if (validated.has(config)) return config;
  countWork('config validation');
  if (config === null || typeof config !== 'object') throw new StarkError('INVALID_INPUT', 'config must be an object');
  if (typeof config.zeroKnowledge !== 'boolean') throw new StarkError('INVALID_INPUT', 'config.zeroKnowledge must be a boolean');
  let pcs: PcsConfig;
  try {
    pcs = pcsConfig(config.pcs);
  } catch (e) {
    if (e instanceof PcsError) throw new StarkError('INVALID_INPUT', e.message, { cause: e });
    throw e;
  }
  const out: StarkConfig = Object.freeze({ pcs, zeroKnowledge: config.zeroKnowledge });
  validated.add(out);
  return out;
}

/** Tests only: Stwo's default PCS parameters (5 PoW bits, blowup 2, 3 queries ≈ 8 bits), no zero knowledge. */
export const TEST_STARK_CONFIG: StarkConfig = starkConfig({ pcs: TEST_CONFIG, zeroKnowledge: false });

/** Tests of the zero-knowledge path: {@link TEST_STARK_CONFIG} with zero knowledge on. */
export const TEST_ZK_STARK_CONFIG: StarkConfig = starkConfig({ pcs: TEST_CONFIG, zeroKnowledge: true });

/**
 * Production: the PCS default (20 PoW bits + log blowup 1 × 80 queries = 100 conjectured query bits), zero
 * knowledge on. The figures on a given AIR, all terms included, come from `security.ts` (≈ 53 provable
 * bits with unique decoding: each query catches a far word only with probability θ = 1/4).
 */
export const DEFAULT_STARK_CONFIG: StarkConfig = starkConfig({ pcs: DEFAULT_CONFIG, zeroKnowledge: true });

/** The same parameters without zero knowledge (faster; for proofs whose witness is public anyway, and benchmarks). */
export const DEFAULT_STARK_CONFIG_NO_ZK: StarkConfig = starkConfig({ pcs: DEFAULT_CONFIG, zeroKnowledge: false });

/** The configuration as u32 words (transcript and proof header): powBits, logBlowup, logLastLayer, nQueries, flags (bit 0: ZK). */
export function configWords(config: StarkConfig): number[] {
  const f = config.pcs.fri;
  return [config.pcs.powBits, f.logBlowupFactor, f.logLastLayerDegreeBound, f.nQueries, config.zeroKnowledge ? 1 : 0];
}

/** Whether two configurations are identical. */
export function configsEqual(a: StarkConfig, b: StarkConfig): boolean {
  const x = configWords(a);
  const y = configWords(b);
  return x.every((v, i) => v === y[i]);
}

/**
 * The old query-only estimate: PoW bits + log blowup × queries, capped at 124 − maxLogDomainSize (see
 * `pcs/config.ts` `securityBits`). It ignores the logUp, constraint and DEEP terms of the AIR: the
 * verifier enforces `security.ts` `airSecurity(…).conjectured` instead. Kept for callers that only have
 * a configuration and a domain size.
 */
export function starkSecurityBits(config: StarkConfig, maxLogDomainSize: number): number {
  return securityBits(config.pcs, maxLogDomainSize);
}

/**
 * The STARK verifier's default minimum of the conjectured figure (bits, every term included). Test
 * configurations must be accepted explicitly with a lower minimum; the machine verifier uses its
 * presets' floors (`presets.ts`) instead.
 */
export const DEFAULT_MIN_SECURITY_BITS = 96;
