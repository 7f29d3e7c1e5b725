/**
 * Verifying runs of a program: {@link verifyExecution} rebuilds the machine AIR from the program and the
 * claimed component sizes, commits the program's preprocessed columns itself and checks the STARK proof
 * against the statement (program id, public input and output, exit code). Imports no prover code (a test
 * walks its import graph), so it runs in browsers.
 * @module
 */
import type { Air } from '../air/verifier.js';
import { configsEqual, configWords, starkConfig } from '../stark/config.js';
import type { StarkConfig } from '../stark/config.js';
import { StarkError, VerificationError } from '../stark/errors.js';
import { LayoutError, proofLayout } from '../stark/layout.js';
import { preprocessedRoot } from '../stark/preprocessed.js';
import { PRESET_MIN_CONJECTURED_BITS } from '../stark/presets.js';
import type { StarkProof } from '../stark/proof.js';
import type { SecurityReport } from '../stark/security.js';
import { checkProofShape, proofShape } from '../stark/shape.js';
import type { ProofShape } from '../stark/shape.js';
import { verifierSecurity, verifierSecurityBits, verify } from '../stark/verifier.js';
import type { ElfImage } from '../vm/elf.js';
import { VmError } from '../vm/errors.js';
import { programIdHex } from '../vm/program-id.js';
import { checkSizes, MAX_FAMILY_LOG_SIZE, machineAir, machineMinLogSize, machineProgram, SIZE_KEYS } from './air.js';
import type { MachineSizes } from './air.js';
import { MachineError } from './errors.js';
import { logSizeFor } from './program-table.js';
import { machineStatement, starkStatement } from './statement.js';
import type { ExecutionClaim, MachineStatement } from './statement.js';

/** A proof of a run: the STARK proof and the execution-component sizes it was made for. */
export interface MachineProof {
  readonly sizes: MachineSizes;
  readonly proof: StarkProof;
}

/** Options of {@link verifyExecution}. */
export interface VerifyExecutionOptions {
  /** Minimum conjectured security in bits (passed to the STARK verifier). */
  readonly minSecurityBits?: number;
}

/**
 * Largest commitment-domain log size of the preprocessed tree the verifier commits itself: 2^25 leaves,
 * what the largest execution component (2^24 rows) needs at log blowup 1. Committing costs about 1.2 µs
 * and 50 bytes per leaf here (`preprocessed.ts` keeps whole tree layers), so this caps that work at about
 * 40 s and 2 GiB whatever the configuration and sizes; what a proof can make the verifier commit is
 * usually far less, because the one claimed size that reaches the preprocessed tree is also bounded by
 * the program (see {@link executionSetup}).
 */
export const MAX_PREPROCESSED_COMMIT_LOG_SIZE = MAX_FAMILY_LOG_SIZE + 1;

/** Words per page of data memory (4 KiB pages). */
const PAGE_WORDS = 1024;

/**
 * What the verifier derives from a program, sizes and configuration alone, before any work sized by a
 * proof: the validated copies of the sizes and the configuration, the AIR, the proof's expected shape
 * (and so the largest proof it accepts) and the security estimate.
 */
export interface ExecutionSetup {
  /** Program id (hex) of the program the setup is for: only statements about it verify against it. */
  readonly programId: string;
  /** The configuration (validated, frozen). */
  readonly config: StarkConfig;
  /** The sizes (a frozen plain copy, each key read once from the caller's object). */
  readonly sizes: MachineSizes;
  /** The machine AIR of the program with these sizes. */
  readonly air: Air;
  /** What a proof must look like (counts, item bounds, `maxBytes`). */
  readonly shape: ProofShape;
  /** Largest commitment-domain log size of the preprocessed tree (the verifier's one large computation). */
  readonly preprocessedLogSize: number;
}

/**
 * Setups of the last few (program, sizes, configuration) triples, keyed by the program id (a
 * collision-resistant digest of the loaded image) and the validated copies. The preprocessed root, the
 * one expensive part (one FFT per column and a hash per node of a tree of up to
 * 2^{@link MAX_PREPROCESSED_COMMIT_LOG_SIZE} leaves), is computed on first use by {@link rootFor} and
 * kept with the setup, so a verifier that checks many proofs of one program pays it once.
 */
const setups = new Map<string, ExecutionSetup>();
const roots = new WeakMap<ExecutionSetup, Uint8Array>();
const MAX_SETUPS = 8;

/**
 * A frozen plain copy of `sizes` that reads each key of {@link SIZE_KEYS} exactly once (own data
 * properties only: a getter, a proxy that answers differently on each read or an inherited value cannot
 * make the checks and the AIR see different numbers), then {@link checkSizes}.
 * @throws MachineError `INVALID_INPUT`
 */
export function copySizes(sizes: unknown): MachineSizes {
  if (sizes === null || typeof sizes !== 'object' || Array.isArray(sizes)) throw new MachineError('INVALID_INPUT', 'sizes must be a plain object');
  const proto: unknown = Object.getPrototypeOf(sizes);
  if (proto !== Object.prototype && proto !== null) throw new MachineError('INVALID_INPUT', 'sizes must be a plain object');
  const out: Record<string, number> = {};
  for (const k of SIZE_KEYS) {
    const d = Object.getOwnPropertyDescriptor(sizes, k);
    if (d === undefined || !('value' in d)) throw new MachineError('INVALID_INPUT', `sizes.${k} must be an own data property`);
    const v: unknown = d.value;
    if (typeof v !== 'number') throw new MachineError('INVALID_INPUT', `log size of ${k} must be a number: ${typeof v}`);
    out[k] = v;
  }
  const copy = Object.freeze(out) as unknown as MachineSizes;
  checkSizes(copy);
  return copy;
}

/**
 * The setup for proofs of `image` with `sizes` under `config`, in the verifier's order: configuration,
 * sizes, then the bounds the program puts on the sizes, then the AIR and the shape. Cheap (no FFT, no
 * hashing; the AIR is built from numbers), and cached.
 *
 * The preprocessed tree holds only the program's own tables (sized by the ELF the verifier's user
 * supplied, trusted; since v6 no preprocessed column is sized by a claimed size), and the whole
 * preprocessed commitment is capped by {@link MAX_PREPROCESSED_COMMIT_LOG_SIZE}. The claimed memZero is
 * still bounded by the program, as a plausibility check: at most every word of its zero pages is touched,
 * memZero ≤ log2(zero pages · 1024) (at least the minimum component size).
 * @throws MachineError, StarkError, VmError, LayoutError (mapped to `INVALID_INPUT` by the callers)
 */
function setupFor(image: ElfImage, id: string, sizesIn: unknown, configIn: StarkConfig): ExecutionSetup {
  const config = starkConfig(configIn);
  const sizes = copySizes(sizesIn);
  const key = `${id}|${configWords(config).join(',')}|${SIZE_KEYS.map((k) => sizes[k]).join(',')}`;
  const have = setups.get(key);
  if (have) return have;
  const program = machineProgram(image, machineMinLogSize(config));
  const zeroWords = program.layout.zeroPageCount * PAGE_WORDS;
  const maxMemZero = logSizeFor(zeroWords, program.minLog);
  if (sizes.memZero > maxMemZero) {
    throw new MachineError('INVALID_INPUT', `mem_zero claims 2^${sizes.memZero} rows, but the program has only ${zeroWords} zero-page words (at most 2^${maxMemZero} rows)`);
  }
  const air = machineAir(program, sizes);
  const B = config.pcs.fri.logBlowupFactor;
  const preprocessedLogSize = Math.max(0, ...air.preprocessed.map((c) => c.logSize + B));
  if (preprocessedLogSize > MAX_PREPROCESSED_COMMIT_LOG_SIZE) {
    throw new MachineError('INVALID_INPUT', `the preprocessed columns would need a commitment of 2^${preprocessedLogSize} leaves, above the verifier's limit of 2^${MAX_PREPROCESSED_COMMIT_LOG_SIZE}`);
  }
  const layout = proofLayout(air, config);
  const shape = proofShape(air, config, layout);
  const setup: ExecutionSetup = Object.freeze({ programId: id, config, sizes, air, shape, preprocessedLogSize });
  if (setups.size >= MAX_SETUPS) setups.delete(setups.keys().next().value!);
  setups.set(key, setup);
  return setup;
}

/** The preprocessed root of a setup, computed once (the verifier commits the program's columns itself). */
function rootFor(setup: ExecutionSetup): Uint8Array {
  let root = roots.get(setup);
  if (root === undefined) {
    // Later this becomes a root derived once per program and carried in its id.
    root = preprocessedRoot(setup.air, setup.config);
    roots.set(setup, root);
  }
  return root;
}

/** Maps the errors of building a verifier setup or statement to {@link VerificationError} `INVALID_INPUT`. */
export function asInvalidInput<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof VerificationError) throw e;
    if (e instanceof MachineError || e instanceof StarkError || e instanceof VmError || e instanceof LayoutError) {
      throw new VerificationError('INVALID_INPUT', e.message, { cause: e });
    }
    throw e;
  }
}

/**
 * The verifier's setup for proofs of `image` with `sizes` under `config` (see {@link ExecutionSetup}):
 * everything checked and derived before any work sized by a proof. `verifyProofFile` uses its shape to
 * decode the STARK proof.
 * @throws VerificationError `INVALID_INPUT` for sizes or a configuration the program's AIR does not fit
 */
export function executionSetup(image: ElfImage, sizes: MachineSizes, config: StarkConfig): ExecutionSetup {
  return asInvalidInput(() => setupFor(image, programIdHex(image), sizes, config));
}

/**
 * {@link executionSetup} for a caller that has already hashed the image: `id` must be
 * `programIdHex(image)` (it keys the cache and names the setup's program). For `verify-file.ts`, which
 * hashes the program once per verification; not exported by the package.
 * @throws VerificationError `INVALID_INPUT` as executionSetup
 */
export function executionSetupOf(image: ElfImage, id: string, sizes: MachineSizes, config: StarkConfig): ExecutionSetup {
  return asInvalidInput(() => setupFor(image, id, sizes, config));
}

/**
 * Bound on the public logUp fractions of a machine statement: the initial state, the halt tuple and the
 * register tuples (fewer than 64) plus one per public input and output byte (`air.ts` `publicTerms`).
 */
function publicFractions(claim?: Pick<ExecutionClaim, 'publicInput' | 'publicOutput'>): number {
  return 64 + (claim?.publicInput.length ?? 0) + (claim?.publicOutput.length ?? 0);
}

/**
 * The security report of proofs of `air` (a machine AIR) under `config` for a statement with `claim`'s
 * public input and output: what the verifier enforces, computed from the AIR's shape alone (no setup, no
 * commitment), so the prover can report it for the AIR it just proved.
 * @throws VerificationError `INVALID_INPUT` when the AIR does not fit the configuration
 */
export function statementSecurity(air: Air, config: StarkConfig, claim?: Pick<ExecutionClaim, 'publicInput' | 'publicOutput'>): SecurityReport {
  return verifierSecurity(air, config, { publicLogUpFractions: publicFractions(claim) });
}

/** The conjectured figure of {@link statementSecurity} alone (the one enforced; cheap). @throws as statementSecurity */
export function statementSecurityBits(air: Air, config: StarkConfig, claim?: Pick<ExecutionClaim, 'publicInput' | 'publicOutput'>): number {
  return verifierSecurityBits(air, config, { publicLogUpFractions: publicFractions(claim) });
}

/**
 * The security report (`stark/security.ts`) of proofs of `image` with `sizes` under `config`, for a
 * statement with `claim`'s public input and output (their bytes are logUp fractions too). Cheap: commits
 * nothing.
 * @throws VerificationError `INVALID_INPUT` for sizes or a configuration the program's AIR does not fit
 */
export function executionSecurity(image: ElfImage, sizes: MachineSizes, config: StarkConfig, claim?: Pick<ExecutionClaim, 'publicInput' | 'publicOutput'>): SecurityReport {
  return asInvalidInput(() => {
    const setup = setupFor(image, programIdHex(image), sizes, config);
    return statementSecurity(setup.air, setup.config, claim);
  });
}

/** The conjectured figure of {@link executionSecurity} (the one the verifier enforces). @throws as executionSecurity */
export function executionSecurityBits(image: ElfImage, sizes: MachineSizes, config: StarkConfig, claim?: Pick<ExecutionClaim, 'publicInput' | 'publicOutput'>): number {
  return executionSecurity(image, sizes, config, claim).conjectured;
}

/**
 * Verifies that `image`, run to its exit on `claim.publicInput`, wrote `claim.publicOutput` and exited
 * with `claim.exitCode` (a full {@link MachineStatement} must name this program). In order: the
 * configuration, the sizes (read once), the program's bounds on them, the proof's configuration, the
 * security estimate and the proof's shape — all cheap — and only then the preprocessed commitment and
 * the STARK verifier. The program is hashed once.
 * @throws VerificationError on any failure (`INVALID_INPUT` for malformed sizes or claim)
 */
export function verifyExecution(image: ElfImage, claim: ExecutionClaim, proof: MachineProof, config: StarkConfig, options: VerifyExecutionOptions = {}): void {
  const { setup, statement, starkProof } = asInvalidInput(() => {
    if (!proof || typeof proof !== 'object') throw new MachineError('INVALID_INPUT', 'proof must be an object');
    if (claim === null || typeof claim !== 'object') throw new MachineError('INVALID_INPUT', 'the claim must be an object');
    // Each field once: what is checked is what is verified.
    const sizes: unknown = proof.sizes;
    const starkProof = proof.proof;
    const id = programIdHex(image);
    const setup = setupFor(image, id, sizes, config);
    const statement = machineStatement({ ...claim, programId: claim.programId ?? id });
    return { setup, statement, starkProof };
  });
  verifyWithSetup(setup, statement, starkProof, options);
}

/**
 * The second half of {@link verifyExecution}, for a caller that holds the setup already (`verify-file.ts`):
 * checks that `statement` is about the setup's program, then the proof's configuration, the security,
 * the shape, and only then commits the preprocessed tree (once per setup) and runs the STARK verifier.
 * @throws VerificationError on any failure
 */
export function verifyWithSetup(setup: ExecutionSetup, statement: MachineStatement, starkProof: StarkProof, options: VerifyExecutionOptions = {}): void {
  const { s, st } = asInvalidInput(() => {
    const s = machineStatement(statement);
    if (s.programId !== setup.programId) throw new MachineError('INVALID_INPUT', `the statement is about program ${s.programId}, the setup about ${setup.programId}`);
    return { s, st: starkStatement(s) };
  });
  if (starkProof === null || typeof starkProof !== 'object') throw new VerificationError('MALFORMED_PROOF', 'proof is not an object');
  let proofConfig: StarkConfig;
  try {
    proofConfig = starkConfig(starkProof.config);
  } catch (e) {
    throw new VerificationError('MALFORMED_PROOF', `the proof's configuration is invalid: ${(e as Error).message}`, { cause: e });
  }
  if (!configsEqual(proofConfig, setup.config)) throw new VerificationError('CONFIG_MISMATCH', 'the proof was made with another configuration');
  const minBits = options.minSecurityBits ?? PRESET_MIN_CONJECTURED_BITS;
  const publicLogUpFractions = publicFractions(s);
  const bits = verifierSecurity(setup.air, setup.config, { publicLogUpFractions }).conjectured;
  if (!(bits >= minBits)) {
    throw new VerificationError('INSUFFICIENT_SECURITY', `the configuration gives ${bits.toFixed(1)} conjectured bits on this AIR, below the minimum ${minBits}`);
  }
  checkProofShape(starkProof, setup.shape);
  const root = asInvalidInput(() => rootFor(setup));
  verify(setup.air, st, starkProof, setup.config, { preprocessedRoot: root, minSecurityBits: minBits, publicLogUpFractions });
}
