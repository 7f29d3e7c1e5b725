/**
 * The AIR framework: components described once in a small typed expression DSL (columns at row offsets,
 * constraints, logUp `use`/`yield` entries), from which everything else is derived — the compiled
 * constraint kernel and interaction-trace generator of the prover, the out-of-domain evaluation of the
 * verifier, the reference interpreter and a row-wise witness checker.
 *
 * The verifier needs only `expr`, `relation`, `component`, `air`, `interpret` and `ood`; the prover
 * modules (`codegen`, `composition`, `interaction`, `domain-tables`, `witness`, `checker`) are separate
 * files so a verifier bundle can leave them out (import from `air/verifier.js`).
 * @module
 */
export * from './expr.js';
export * from './relation.js';
export * from './component.js';
export * from './air.js';
export * from './interpret.js';
export * from './ood.js';
export * from './prover/codegen.js';
export * from './prover/wasm-codegen.js';
export * from './prover/domain-tables.js';
export * from './prover/witness.js';
export * from './prover/interaction.js';
export * from './prover/composition.js';
export * from './prover/checker.js';
export { AirError, type AirErrorCode } from './errors.js';
