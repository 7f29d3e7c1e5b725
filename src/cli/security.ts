/**
 * The security figures in `zkvm prove` and `zkvm verify` summaries: the preset lookup of `--config` and
 * the text and JSON forms of a proof's security report (`stark/security.ts`).
 * @module
 */
import { configPreset, isPresetName, PRESET_NAMES } from '../stark/presets.js';
import type { ConfigPreset } from '../stark/presets.js';
import type { SecurityReport } from '../stark/security.js';
import { displayBits } from '../stark/security.js';
import { UsageError } from './errors.js';

/** What a summary says about security. */
export interface SummarySecurity {
  readonly report: SecurityReport;
  readonly preset: string;
  readonly zeroKnowledge: boolean;
}

/** The preset `--config` names. @throws UsageError for an unknown name */
export function presetOf(name: string): ConfigPreset {
  if (!isPresetName(name)) throw new UsageError(`unknown --config ${JSON.stringify(name)} (known: ${PRESET_NAMES.join(', ')})`);
  return configPreset(name);
}

/** The JSON fields: `securityBits` (the conjectured figure, kept for compatibility), `zeroKnowledge`, `security`. */
export function securityJson(s: SummarySecurity): Record<string, unknown> {
  const r = s.report;
  return {
    securityBits: displayBits(r.conjectured),
    zeroKnowledge: s.zeroKnowledge,
    security: {
      conjectured: displayBits(r.conjectured),
      provableUniqueDecoding: displayBits(r.provableUniqueDecoding),
      provableJohnson: displayBits(r.provableJohnson),
      preset: s.preset,
    },
  };
}

/** One line: conjectured and provable bits, the preset and whether the proof is zero knowledge. */
export function securityText(s: SummarySecurity): string {
  const r = s.report;
  const test = s.preset.startsWith('test') ? ', NOT SECURE' : '';
  return (
    `${displayBits(r.conjectured)} conjectured bits, provable ${displayBits(r.provableUniqueDecoding)} (unique decoding) / ` +
    `${displayBits(r.provableJohnson)} (Johnson) (preset ${s.preset}${test}, ${s.zeroKnowledge ? 'zero knowledge' : 'no zero knowledge'})`
  );
}
