/**
 * Proving runs of a program: {@link proveExecution} executes the program (traced), builds the witness and
 * proves it. The verifier is `verify.ts`, which imports nothing from here.
 * @module
 */
import { prove } from '../stark/prover.js';
import type { ProveOptions } from '../stark/prover.js';
import type { StarkConfig } from '../stark/config.js';
import type { ElfImage } from '../vm/elf.js';
import { execute } from '../vm/executor.js';
import type { ExecuteOptions } from '../vm/executor.js';
import { machineMinLogSize, machineProgram, machineStatement } from './air.js';
import type { ExecutionClaim } from './air.js';
import type { MachineProof } from './verify.js';
import { toWitness, traceFromExecution } from './witness.js';

/** Options of {@link proveExecution}. */
export interface ProveExecutionOptions {
  readonly execute?: Omit<ExecuteOptions, 'mode' | 'trace' | 'onTraceChunk'>;
  /** STARK prover options; `onPhase` also hears the machine's own phases, `execute` and `machine trace`, first. */
  readonly prove?: ProveOptions;
}

/** The machine's phases before the STARK prover's (see `ProveOptions.onPhase`), in order. */
export const EXECUTION_PHASES = Object.freeze(['execute', 'machine trace'] as const);

/**
 * Runs `image` (traced) and proves the run.
 * @throws VmError for a faulting guest; MachineError `UNSUPPORTED` for instructions without a component
 */
export function proveExecution(image: ElfImage, config: StarkConfig, options: ProveExecutionOptions = {}): { claim: ExecutionClaim; proof: MachineProof; cycles: number } {
  const onPhase = options.prove?.onPhase;
  let t0 = performance.now();
  const result = execute(image, { ...options.execute, mode: 'traced' });
  onPhase?.(EXECUTION_PHASES[0], performance.now() - t0);
  t0 = performance.now();
  const t = traceFromExecution(image, result, machineProgram(image, machineMinLogSize(config)), { publicInput: options.execute?.publicInput, privateInput: options.execute?.privateInput });
  onPhase?.(EXECUTION_PHASES[1], performance.now() - t0);
  const claim: ExecutionClaim = Object.freeze({
    exitCode: result.exitCode,
    publicInput: Uint8Array.from(options.execute?.publicInput ?? []),
    publicOutput: Uint8Array.from(result.publicOutput),
  });
  const proof = prove(t.air, toWitness(t), machineStatement(image, claim), config, options.prove);
  return { claim, proof: Object.freeze({ sizes: t.sizes, proof }), cycles: result.cycles };
}
