/**
 * The circle STARK over AIRs built with `air/`: `prove` / `verify`, the binary proof format, the
 * configuration presets, and the zero-knowledge construction (documented in `layout.ts`). The verifier
 * (`verifier.ts`, `serialize.ts`, `preprocessed.ts`) imports no prover code.
 * @module
 */
export * from './config.js';
export * from './errors.js';
export * from './layout.js';
export * from './link.js';
export * from './proof.js';
export * from './serialize.js';
export * from './shape.js';
export * from './transcript.js';
export { preprocessedRoot } from './preprocessed.js';
export { commitMain, commitMainDigest, prove, proveUnchecked, logUpBlindingColumns, PROVE_PHASES, type ProveOptions, type UncheckedProveOptions, type MainCommitment } from './prover/prove.js';
export { mainDigest, verify, verifyLinked, verifyProofBytes, verifierSecurity, verifierSecurityBits, type VerifyOptions } from './verifier.js';
export * from './security.js';
export * from './presets.js';
export type { Air, Statement, Witness } from '../air/index.js';
