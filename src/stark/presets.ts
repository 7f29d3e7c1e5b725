/**
 * Named STARK configurations. The machine verifier (`machine/verify-file.ts`) accepts a proof only when
 * its configuration is exactly the preset the caller names, so a proof file cannot pick its own
 * parameters; the figures of each preset on a given run come from `security.ts`.
 * @module
 */
import { pcsConfig } from '../pcs/config.js';
import { DEFAULT_STARK_CONFIG, DEFAULT_STARK_CONFIG_NO_ZK, configsEqual, starkConfig, TEST_STARK_CONFIG, TEST_ZK_STARK_CONFIG } from './config.js';
import type { StarkConfig } from './config.js';
import { StarkError } from './errors.js';

/** The names of the presets. */
export type PresetName = 'default' | 'default-no-zk' | 'provable-queries-100' | 'test' | 'test-zk';

/** A named configuration and what it is for. */
export interface ConfigPreset {
  /** Its name (`--config NAME`). */
  readonly name: PresetName;
  /** The configuration. */
  readonly config: StarkConfig;
  /** Least conjectured security (all terms, `security.ts`) the verifier accepts for a proof under it. */
  readonly minConjecturedBits: number;
  /** One line saying what it gives. */
  readonly description: string;
}

/**
 * 20 PoW bits, blowup 4 (log 2), 118 queries, zero knowledge: the query phase alone gives
 * 118·(−log2(5/8)) + 20 = 100.01 provable bits in the unique-decoding regime (θ = (1 − ρ)/2 = 3/8), and
 * 2·118 + 20 = 256 conjectured. Chosen for the least proving cost: log blowup 2 doubles the commitment
 * domains of log blowup 1 (which needs 193 queries for the same figure: proofs 1.6× larger), while log
 * blowup 3 (97 queries) or 4 (88) quadruple or octuple them for proofs only 10–20 % smaller; more PoW bits
 * would double the grinding time per bit to save 1.5 queries each. Zero-knowledge masking still fits:
 * `machineMinLogSize` needs 4·2 + 3·118 + 8 = 370 ≤ 2^9 rows per component.
 *
 * The *total* provable figure stays below 100 on every machine run: the FRI batching term
 * (`security.ts` friBatching, ≈ 113.9 − log2(largest commitment domain) bits for the machine's ~1100
 * sampled values) and the logUp term depend on the field (|QM31| ≈ 2^124) and the AIR, not on the
 * configuration — no preset of this field reaches 100 provable bits; the report says what a run gets.
 */
const PROVABLE_QUERIES_100: StarkConfig = starkConfig({
  pcs: pcsConfig({ powBits: 20, fri: { logBlowupFactor: 2, logLastLayerDegreeBound: 0, nQueries: 118 } }),
  zeroKnowledge: true,
});

/**
 * Floor of the conjectured figure for the production presets: 80 bits. The conjectured figure with
 * every term is ≈ 99 bits for small runs, but the logUp term (`security.ts` logUpErrorLog2) falls with the
 * number of lookups, to ≈ 89 bits at the largest run the machine verifier accepts (2^26 rows, up to 40
 * lookups per row). A floor of 96 would refuse honest proofs of runs above ~2^19 rows; 80 accepts every
 * run while refusing configurations with weak query phases.
 */
export const PRESET_MIN_CONJECTURED_BITS = 80;

/** The registry, by name (frozen). */
export const CONFIG_PRESETS: Readonly<Record<PresetName, ConfigPreset>> = Object.freeze({
  default: Object.freeze({
    name: 'default',
    config: DEFAULT_STARK_CONFIG,
    minConjecturedBits: PRESET_MIN_CONJECTURED_BITS,
    description: 'zero knowledge, 20 PoW bits, log blowup 1, 80 queries (100 conjectured query bits)',
  }),
  'default-no-zk': Object.freeze({
    name: 'default-no-zk',
    config: DEFAULT_STARK_CONFIG_NO_ZK,
    minConjecturedBits: PRESET_MIN_CONJECTURED_BITS,
    description: 'the default parameters without zero knowledge',
  }),
  'provable-queries-100': Object.freeze({
    name: 'provable-queries-100',
    config: PROVABLE_QUERIES_100,
    minConjecturedBits: PRESET_MIN_CONJECTURED_BITS,
    description: 'zero knowledge, 20 PoW bits, log blowup 2, 118 queries (100 provable query bits, unique decoding)',
  }),
  test: Object.freeze({
    name: 'test',
    config: TEST_STARK_CONFIG,
    minConjecturedBits: 0,
    description: 'tests only: 5 PoW bits, log blowup 1, 3 queries (8 bits), no zero knowledge',
  }),
  'test-zk': Object.freeze({
    name: 'test-zk',
    config: TEST_ZK_STARK_CONFIG,
    minConjecturedBits: 0,
    description: 'tests only: the test parameters with zero knowledge',
  }),
});

/** The preset names, production first. */
export const PRESET_NAMES: readonly PresetName[] = Object.freeze(Object.keys(CONFIG_PRESETS) as PresetName[]);

/** The preset a prover and verifier use when none is named. */
export const DEFAULT_PRESET: PresetName = 'default';

/** Whether `name` names a preset. */
export function isPresetName(name: unknown): name is PresetName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CONFIG_PRESETS, name);
}

/**
 * The preset called `name`.
 * @throws StarkError `UNKNOWN_PRESET` for any other name
 */
export function configPreset(name: string): ConfigPreset {
  if (!isPresetName(name)) throw new StarkError('UNKNOWN_PRESET', `unknown configuration preset ${JSON.stringify(String(name))} (known: ${PRESET_NAMES.join(', ')})`);
  return CONFIG_PRESETS[name];
}

/** The name of the preset whose configuration equals `config`, or undefined when none does. */
export function presetName(config: StarkConfig): PresetName | undefined {
  for (const n of PRESET_NAMES) if (configsEqual(CONFIG_PRESETS[n].config, config)) return n;
  return undefined;
}
