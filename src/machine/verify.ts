/**
 * Verifying runs of a program: {@link verifyExecution} rebuilds the machine AIR from the program and the
 * claimed component sizes, commits the program's preprocessed columns itself and checks the STARK proof
 * against the statement (program id, public input and output, exit code). Imports no prover code (a test
 * walks its import graph), so it runs in browsers.
 * @module
 */
import type { Air, Statement } from '../air/verifier.js';
import { toHex } from '../hash/bytes.js';
import { configWords, starkConfig } from '../stark/config.js';
import type { StarkConfig } from '../stark/config.js';
import { StarkError, VerificationError } from '../stark/errors.js';
import { LayoutError } from '../stark/layout.js';
import { preprocessedRoot } from '../stark/preprocessed.js';
import { PRESET_MIN_CONJECTURED_BITS } from '../stark/presets.js';
import type { StarkProof } from '../stark/proof.js';
import type { SecurityReport } from '../stark/security.js';
import { verifierSecurity, verify } from '../stark/verifier.js';
import type { ElfImage } from '../vm/elf.js';
import { VmError } from '../vm/errors.js';
import { programId } from '../vm/program-id.js';
import { checkSizes, machineAir, machineMinLogSize, machineProgram, machineStatement } from './air.js';
import type { ExecutionClaim, MachineSizes } from './air.js';
import { MachineError } from './errors.js';

/** A proof of a run: the STARK proof and the execution-component sizes it was made for. */
export interface MachineProof {
  readonly sizes: MachineSizes;
  readonly proof: StarkProof;
}

/** Options of {@link verifyExecution}. */
export interface VerifyExecutionOptions {
  /** Minimum conjectured security in bits, every term included (default `PRESET_MIN_CONJECTURED_BITS`, 80). */
  readonly minSecurityBits?: number;
}

/** What the verifier derives from a program, sizes and configuration alone. */
interface VerifierSetup {
  readonly air: Air;
  readonly root: Uint8Array;
}

/**
 * Setups of the last few (program, sizes, configuration) triples. The preprocessed commitment costs one FFT
 * per column and a hash per node of a 2^(16 + blowup)-leaf tree; a verifier that checks many proofs of one
 * program pays it once. Keyed by the program id, a collision-resistant digest of the loaded image.
 */
const setups = new Map<string, VerifierSetup>();
const MAX_SETUPS = 8;

/** The AIR and preprocessed root for proofs of `image` with `sizes` under `config`. @throws MachineError, StarkError, VmError, LayoutError */
function setupFor(image: ElfImage, sizes: MachineSizes, config: StarkConfig): VerifierSetup {
  checkSizes(sizes);
  config = starkConfig(config);
  const key = `${toHex(programId(image))}|${configWords(config).join(',')}|${[...Object.entries(sizes)].sort().join(',')}`;
  const have = setups.get(key);
  if (have) return have;
  const air = machineAir(machineProgram(image, machineMinLogSize(config)), sizes);
  // The verifier commits the program's preprocessed columns itself (note §4 "program identity": later
  // this becomes a root derived once per program and carried in its id).
  const root = preprocessedRoot(air, config);
  const setup = Object.freeze({ air, root });
  if (setups.size >= MAX_SETUPS) setups.delete(setups.keys().next().value!);
  setups.set(key, setup);
  return setup;
}

/** Maps the errors of building a verifier setup or statement to {@link VerificationError} `INVALID_INPUT`. */
function asInvalidInput<T>(f: () => T): T {
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
 * Bound on the public logUp fractions of a machine statement: the initial state, the halt tuple and the
 * register tuples (fewer than 64) plus one per public input and output byte (`air.ts` `publicTerms`).
 */
function publicFractions(claim?: Pick<ExecutionClaim, 'publicInput' | 'publicOutput'>): number {
  return 64 + (claim?.publicInput.length ?? 0) + (claim?.publicOutput.length ?? 0);
}

/**
 * The security report (`stark/security.ts`) of proofs of `image` with `sizes` under `config`, for a
 * statement with `claim`'s public input and output (their bytes are logUp fractions too).
 * @throws VerificationError `INVALID_INPUT` for sizes or a configuration the program's AIR does not fit
 */
export function executionSecurity(image: ElfImage, sizes: MachineSizes, config: StarkConfig, claim?: Pick<ExecutionClaim, 'publicInput' | 'publicOutput'>): SecurityReport {
  return asInvalidInput(() => verifierSecurity(setupFor(image, sizes, config).air, config, { publicLogUpFractions: publicFractions(claim) }));
}

/** The conjectured figure of {@link executionSecurity} (the one the verifier enforces). @throws as executionSecurity */
export function executionSecurityBits(image: ElfImage, sizes: MachineSizes, config: StarkConfig, claim?: Pick<ExecutionClaim, 'publicInput' | 'publicOutput'>): number {
  return executionSecurity(image, sizes, config, claim).conjectured;
}

/**
 * Verifies that `image`, run to its exit on `claim.publicInput`, wrote `claim.publicOutput` and exited
 * with `claim.exitCode`.
 * @throws VerificationError on any failure (`INVALID_INPUT` for malformed sizes or claim)
 */
export function verifyExecution(image: ElfImage, claim: ExecutionClaim, proof: MachineProof, config: StarkConfig, options: VerifyExecutionOptions = {}): void {
  const { air, root, statement } = asInvalidInput(() => {
    if (!proof || typeof proof !== 'object') throw new MachineError('INVALID_INPUT', 'proof must be an object');
    const setup = setupFor(image, proof.sizes, config);
    const st: Statement = machineStatement(image, claim);
    return { air: setup.air, root: setup.root, statement: st };
  });
  verify(air, statement, proof.proof, config, {
    preprocessedRoot: root,
    minSecurityBits: options.minSecurityBits ?? PRESET_MIN_CONJECTURED_BITS,
    publicLogUpFractions: publicFractions(claim),
  });
}
