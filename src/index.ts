/**
 * zkvm: run RISC-V RV32IM guests, and prove and verify computations with a circle STARK over Mersenne-31.
 *
 * Entry points by concern (each also importable on its own): `zkvm/sdk` (load, run, prove and verify programs),
 * `zkvm/vm` (the executor), `zkvm/stark` (prove and verify AIRs; the verifier imports no prover code when
 * imported from `zkvm/stark/verifier`).
 * @module
 */
export * from './sdk/index.js';
export * as stark from './stark/index.js';
