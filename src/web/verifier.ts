/**
 * Browser entry point of the verifiers: everything needed to check a serialized STARK proof of an AIR, or
 * a machine proof file of a program run ({@link verifyProofFile}), in a web page, and nothing of the prover.
 *
 * It re-exports from the defining modules (`stark/verifier.js`, `stark/config.js`, …) rather than from
 * `stark/index.js`, because the index also exports `prove`, whose module graph pulls in the compiled
 * constraint kernels, FFTs and Merkle tree building. Everything this module reaches uses only typed
 * arrays and plain ECMAScript — no prover code, no WebAssembly (BLAKE2s is the pure-JS one), no `node:`
 * module and no package (checked by `test/layers.test.ts`, and by loading it in Chromium in
 * `test/web/browser.test.ts`).
 *
 * The compiled files under `dist/src/` load in a browser as they are (every import is relative and ends
 * in `.js`), so no bundler is needed:
 *
 * ```js
 * import { verifyProofBytes, DEFAULT_STARK_CONFIG, VerificationError } from './dist/src/web/verifier.js';
 * try {
 *   verifyProofBytes(air, statement, bytes, DEFAULT_STARK_CONFIG);
 * } catch (e) {
 *   if (e instanceof VerificationError) console.log('rejected:', e.code);
 * }
 * ```
 * @module
 */
export { verify, verifyProofBytes, type VerifyOptions } from '../stark/verifier.js';
export { VerificationError, type VerificationErrorCode } from '../stark/errors.js';
export {
  configsEqual,
  configWords,
  DEFAULT_MIN_SECURITY_BITS,
  DEFAULT_STARK_CONFIG,
  DEFAULT_STARK_CONFIG_NO_ZK,
  starkConfig,
  starkSecurityBits,
  TEST_STARK_CONFIG,
  TEST_ZK_STARK_CONFIG,
  type StarkConfig,
} from '../stark/config.js';
export {
  deserializeProof,
  MAX_PROOF_BYTES,
  PROOF_FORMAT_VERSION,
  PROOF_HEADER_BYTES,
  PROOF_MAGIC,
  readProofHeader,
} from '../stark/serialize.js';
export type { StarkProof } from '../stark/proof.js';
export { CONFIG_PRESETS, configPreset, DEFAULT_PRESET, isPresetName, PRESET_NAMES, presetName, type ConfigPreset, type PresetName } from '../stark/presets.js';
export { airSecurity, airSecurityShape, securityReport, type SecurityReport, type SecurityShape, type SecurityTerms } from '../stark/security.js';
export { verifierSecurity, verifierSecurityBits } from '../stark/verifier.js';
// AIRs are code: the page that verifies builds the same AIR object as the prover did.
export { component, defineAir, AirError, type AirErrorCode } from '../air/verifier.js';
export type { Air, AirDefinition, Component, ComponentBuilder, Statement } from '../air/verifier.js';

// Machine proofs: proof files of runs of RV32IM programs (`zkvm prove`).
import { verifyProofFile as verifyMachineProofFile } from '../machine/verify-file.js';
import type { ProofExpectations, VerifiedProof } from '../machine/verify-file.js';
import { parseElf } from '../vm/elf.js';
export {
  verifyProofFile as verifyMachineProofFile,
  ProofRejectedError,
  type ProofExpectations,
  type ProofRejectedCode,
  type VerifiedProof,
} from '../machine/verify-file.js';
export type { MachineStatement } from '../machine/statement.js';
export { decodeProofFile, ProofFileError, PROOF_FILE_VERSION, type ProofFile, type ProofFileErrorCode } from '../machine/proof-file.js';
export { parseElf, type ElfImage } from '../vm/elf.js';
export { ElfError } from '../vm/errors.js';
export { programIdHex } from '../vm/program-id.js';

/**
 * Verifies a machine proof file in the browser: `elfBytes` is the program's ELF file, `proofBytes` the
 * proof file `zkvm prove` wrote. Accepts only a valid proof, made with the configuration preset
 * `opts.config` names (default `'default'`), that the program ran to its exit with the expected public
 * input, output and exit code (each optional; see `ProofExpectations`).
 * @returns the verified proof: its statement (program id, exit code, public input and output) and security
 * @throws ElfError when `elfBytes` is not a valid program; ProofRejectedError for every rejected proof
 */
export function verifyProofFile(elfBytes: Uint8Array, proofBytes: Uint8Array, opts: ProofExpectations = {}): VerifiedProof {
  return verifyMachineProofFile(parseElf(elfBytes), proofBytes, opts);
}
