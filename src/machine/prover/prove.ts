/**
 * Proving runs of a program: {@link proveExecution} executes the program (traced), builds the witness and
 * proves it. The verifier is `verify.ts`, which imports nothing from here.
 * @module
 */
import type { Air, Statement } from '../../air/verifier.js';
import type { Witness } from '../../air/prover/witness.js';
import { prove } from '../../stark/prover/prove.js';
import type { ProveOptions } from '../../stark/prover/prove.js';
import type { StarkConfig } from '../../stark/config.js';
import type { StarkProof } from '../../stark/proof.js';
import type { SecurityReport } from '../../stark/security.js';
import { verify } from '../../stark/verifier.js';
import { VerificationError } from '../../stark/errors.js';
import type { ElfImage } from '../../vm/elf.js';
import { execute } from '../../vm/executor.js';
import { VmError } from '../../vm/errors.js';
import type { ExecuteOptions } from '../../vm/executor.js';
import { programIdHex } from '../../vm/program-id.js';
import { machineMinLogSize, machineProgram } from '../air.js';
import { MachineError } from '../errors.js';
import { machineStatement, starkStatement } from '../statement.js';
import type { MachineStatement } from '../statement.js';
import { statementSecurity } from '../verify.js';
import type { MachineProof } from '../verify.js';
import { toWitness, traceFromExecution } from './witness.js';

/** Options of {@link proveExecution}. */
export interface ProveExecutionOptions {
  readonly execute?: Omit<ExecuteOptions, 'mode' | 'trace' | 'onTraceChunk'>;
  /**
   * STARK prover options. `check` defaults to false here: {@link proveChecked} verifies the finished proof
   * instead (the row-by-row witness check costs over ten times more); set it to also check first (its
   * error names the failing constraint and row). `onPhase` also hears the machine's own phases, `execute` and `machine trace`, first.
   */
  readonly prove?: ProveOptions;
}

/** The machine's phases before the STARK prover's (see `ProveOptions.onPhase`), in order. */
export const EXECUTION_PHASES = Object.freeze(['execute', 'machine trace'] as const);

/**
 * Proves `witness` and verifies the proof before returning it, so that a witness-builder bug surfaces as
 * an error rather than as a proof that no verifier accepts. The verification is as strong as the
 * witness check for this purpose at any configuration: an unbalanced logUp sum fails deterministically,
 * and a violated constraint leaves a composition that is not a polynomial, which the out-of-domain check
 * catches except with probability about degree / |QM31| (whatever the query count).
 * @throws MachineError `INTERNAL` if the proof does not verify; StarkError from the prover
 */
export function proveChecked(air: Air, witness: Witness, statement: Statement, config: StarkConfig, options: ProveOptions = {}): StarkProof {
  // The prover commits the preprocessed tree anyway: its root is the one the check below needs.
  let root: Uint8Array | undefined;
  const onPreprocessedRoot = (r: Uint8Array) => {
    root = r;
    options.onPreprocessedRoot?.(r);
  };
  const proof = prove(air, witness, statement, config, { ...options, check: options.check ?? false, onPreprocessedRoot });
  try {
    // minSecurityBits 0: the caller chose the configuration; this checks the witness, not the parameters.
    verify(air, statement, proof, config, { preprocessedRoot: root!, minSecurityBits: 0 });
  } catch (e) {
    if (e instanceof VerificationError) throw new MachineError('INTERNAL', `the proof just made does not verify (${e.code}: ${e.message}); the witness does not satisfy the machine AIR`, { cause: e });
    throw e;
  }
  return proof;
}

/**
 * Most cycles one proof covers. The prover holds the whole trace: measured ~6.3 GiB at 2^20 cycles under the
 * default configuration, so 2^21 fits a 24 GB machine and 2^22 does not. Longer runs need splitting into
 * several proofs (a later issue); they are refused before any proving work.
 */
export const MAX_PROVE_CYCLES = 2 ** 21;

/** What {@link proveExecution} returns. */
export interface ExecutionProof {
  /** The statement proven (program id, exit code, public input and output). */
  readonly statement: MachineStatement;
  /** The proof and the component sizes it was made for. */
  readonly proof: MachineProof;
  /** Instructions the run retired. */
  readonly cycles: number;
  /** The security the verifier will find for this proof (`verify.ts` `statementSecurity`; computed from the AIR, no setup). */
  readonly security: SecurityReport;
}

/**
 * Runs `image` (traced) and proves the run (the proof is verified before it is returned, see {@link proveChecked}).
 * `config` must be valid; it is validated once (`stark/config.ts` `starkConfig` returns a configuration
 * it made as it is).
 * @throws VmError for a faulting guest (every instruction and system call the executor completes has a
 *   component); MachineError `INVALID_PROGRAM` for code the table cannot hold, `TOO_LARGE` for a run longer than {@link MAX_PROVE_CYCLES}, `INTERNAL` if the proof does not verify
 */
export function proveExecution(image: ElfImage, config: StarkConfig, options: ProveExecutionOptions = {}): ExecutionProof {
  const onPhase = options.prove?.onPhase;
  let t0 = performance.now();
  // Stop the traced run just past the proof limit rather than record a trace that cannot be proven.
  const userMax = options.execute?.maxCycles;
  const maxCycles = userMax !== undefined && userMax <= MAX_PROVE_CYCLES ? userMax : MAX_PROVE_CYCLES + 1;
  let result;
  try {
    result = execute(image, { ...options.execute, maxCycles, mode: 'traced' });
  } catch (e) {
    if (e instanceof VmError && e.code === 'cycle-limit' && maxCycles === MAX_PROVE_CYCLES + 1) {
      throw new MachineError('TOO_LARGE', `the run takes more than ${MAX_PROVE_CYCLES} cycles, the most one proof covers: prove it in shards (proveSharded, docs/continuations.md)`, { cause: e });
    }
    throw e;
  }
  onPhase?.(EXECUTION_PHASES[0], performance.now() - t0);
  t0 = performance.now();
  const t = traceFromExecution(image, result, machineProgram(image, machineMinLogSize(config)), { publicInput: options.execute?.publicInput, privateInput: options.execute?.privateInput });
  onPhase?.(EXECUTION_PHASES[1], performance.now() - t0);
  const statement = machineStatement({
    programId: programIdHex(image),
    exitCode: result.exitCode,
    publicInput: Uint8Array.from(options.execute?.publicInput ?? []),
    publicOutput: Uint8Array.from(result.publicOutput),
  });
  const proof = proveChecked(t.air, toWitness(t), starkStatement(statement), config, options.prove);
  const security = statementSecurity(t.air, config, statement);
  return Object.freeze({ statement, proof: Object.freeze({ sizes: t.sizes, proof }), cycles: result.cycles, security });
}
