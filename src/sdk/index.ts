/**
 * The host SDK: load a guest program, run it, prove the run and verify proofs.
 *
 * ```ts
 * import { loadProgramFile, execute, prove, verify } from 'zkvm/sdk';
 * const program = loadProgramFile('examples/hello.elf');
 * const { publicOutput, exitCode } = execute(program, { publicInput: new Uint8Array([1, 2, 3]) });
 * const { proof } = prove(program, { publicInput: new Uint8Array([1, 2, 3]) });
 * const verified = verify(program, proof, { publicInput: new Uint8Array([1, 2, 3]), expectExit: 0 });
 * ```
 * @module
 */
export * from '../vm/index.js';
export { InputFileError, readInputFile, loadProgramFile } from './files.js';
export {
  prove,
  verify,
  loadProgram,
  ProveError,
  DEFAULT_PROVE_CONFIG,
  DEFAULT_PROVE_CONFIG_NO_ZK,
  PROGRESS_PHASES,
  type ProgramSource,
  type ProveErrorCode,
  type ProveProgramOptions,
  type ProveProgress,
  type ProveResult,
  type VerifyProgramOptions,
} from './prove.js';
export {
  ProofRejectedError,
  ProofFileError,
  decodeProofFile,
  encodeProofFile,
  looksLikeProofFile,
  MAX_PROOF_FILE_BYTES,
  type ProofRejectedCode,
  type ProofFile,
  type ProofFileErrorCode,
  type MachineStatement,
  type VerifiedProof,
} from '../machine/index.js';
export { DEFAULT_STARK_CONFIG, DEFAULT_STARK_CONFIG_NO_ZK, TEST_STARK_CONFIG, type StarkConfig } from '../stark/index.js';
export {
  CONFIG_PRESETS,
  PRESET_NAMES,
  DEFAULT_PRESET,
  configPreset,
  presetName,
  displayBits,
  type ConfigPreset,
  type PresetName,
  type SecurityReport,
  type SecurityTerms,
} from '../stark/index.js';
