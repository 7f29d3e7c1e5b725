/**
 * Verifying a proof file against a program and the caller's expectations: the one implementation behind
 * the SDK's `verify`, `zkvm verify` and the browser's `verifyProofFile`. Every rejection — a malformed
 * file, another program, a statement that differs from what the caller expects, too little security, an
 * invalid proof — is a {@link ProofRejectedError} whose code and message say what did not match.
 * Browser-safe; imports no prover code.
 * @module
 */
import type { StarkConfig } from '../stark/config.js';
import { CONFIG_PRESETS, DEFAULT_PRESET, isPresetName, PRESET_NAMES, presetName } from '../stark/presets.js';
import type { PresetName } from '../stark/presets.js';
import type { StarkProof } from '../stark/proof.js';
import type { SecurityReport } from '../stark/security.js';
import { VerificationError } from '../stark/errors.js';
import type { ElfImage } from '../vm/elf.js';
import { programIdHex } from '../vm/program-id.js';
import type { MachineSizes } from './air.js';
import { ProofFileError, ProofRejectedError } from './proof-errors.js';
import { decodeEnvelopeProof, readProofFileEnvelope } from './proof-file.js';
import type { ProofFile, ProofFileEnvelope } from './proof-file.js';
import type { MachineStatement } from './statement.js';
import { executionSetupOf, statementSecurity, verifyWithSetup } from './verify.js';
import type { ExecutionSetup } from './verify.js';

export { ProofRejectedError, type ProofRejectedCode } from './proof-errors.js';

/** What the caller expects of the statement; anything left out is taken from the proof (and returned). */
export interface ProofExpectations {
  /** The public input the run must have read (fd 3). */
  readonly publicInput?: Uint8Array;
  /** The public output the run must have written (fd 1). */
  readonly expectOutput?: Uint8Array;
  /** The exit code the run must have ended with (compared modulo 2^32). */
  readonly expectExit?: number;
  /**
   * The configuration preset the proof must have been made with (`stark/presets.ts`; default
   * `'default'`). A proof under any other configuration is rejected (`CONFIG_NOT_ACCEPTED`) before any
   * expensive work; the test presets are accepted only when named.
   */
  readonly config?: string;
  /** Least conjectured security accepted, in bits, every term included (default: the preset's floor, 80; 0 for the test presets). */
  readonly minSecurityBits?: number;
}

/** What {@link verifyProofFile} established: the statement, and the terms under which it was proven. */
export interface VerifiedProof {
  /** The statement the proof establishes about the run (program id, exit code, public input and output). */
  readonly statement: MachineStatement;
  /** The STARK configuration of the proof. */
  readonly config: StarkConfig;
  /** The name of the preset of {@link config}. */
  readonly preset: PresetName;
  /** Conjectured security of the proof, in bits (every term; `security.conjectured`). */
  readonly securityBits: number;
  /** The full security report of this proof: conjectured and provable figures and their terms (`stark/security.ts`). */
  readonly security: SecurityReport;
  /** Log sizes of the execution components. */
  readonly sizes: MachineSizes;
}

/** A file that could not be decoded, as a rejection (another zkvm version gets a code of its own). */
function rejectedFile(e: unknown): unknown {
  if (!(e instanceof ProofFileError)) return e;
  if (e.code === 'UNSUPPORTED_VERSION') return new ProofRejectedError('UNSUPPORTED_VERSION', `unsupported proof file: ${e.message}`, { cause: e });
  return new ProofRejectedError('MALFORMED_PROOF', `malformed proof file (${e.code}): ${e.message}`, { cause: e });
}

/** A verifier error as a rejection. */
function rejectedProof(e: unknown): unknown {
  if (e instanceof VerificationError) return new ProofRejectedError('INVALID_PROOF', `invalid proof (${e.code}): ${e.message}`, { cause: e });
  return e;
}

/** Index of the first difference of two byte strings, or −1 when equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** "N bytes" and where `proven` and `given` first differ. */
function describeDifference(proven: Uint8Array, given: Uint8Array, what: string): string {
  const at = firstDifference(proven, given);
  const bytes = (n: number) => `${n} byte${n === 1 ? '' : 's'}`;
  const lens = proven.length === given.length ? `both ${bytes(proven.length)}` : `${bytes(proven.length)} proven, ${bytes(given.length)} ${what}`;
  return `${lens}, first difference at byte ${at}`;
}

/**
 * Decodes `proof` (a proof file's bytes, or an already decoded one) and accepts it only when it is a
 * valid proof that `image` ran to its exit with the expected public input, output and exit code.
 * @returns the verified proof (its statement, configuration and security)
 * @throws ProofRejectedError for every rejection (and nothing else for well-typed arguments)
 */
export function verifyProofFile(image: ElfImage, proof: Uint8Array | ProofFile, expect: ProofExpectations = {}): VerifiedProof {
  // 1. The file's envelope: format and AIR version, configuration, sizes, statement (the STARK proof
  // stays encoded until its expected shape is known).
  let file: ProofFileEnvelope | ProofFile;
  try {
    file = proof instanceof Uint8Array ? readProofFileEnvelope(proof) : proof;
  } catch (e) {
    throw rejectedFile(e);
  }
  const wanted = expect.config ?? DEFAULT_PRESET;
  if (!isPresetName(wanted)) throw new ProofRejectedError('CONFIG_NOT_ACCEPTED', `unknown configuration preset ${JSON.stringify(String(wanted))} (known: ${PRESET_NAMES.join(', ')})`);
  const preset = CONFIG_PRESETS[wanted];
  const got = presetName(file.config);
  if (got !== wanted) {
    throw new ProofRejectedError('CONFIG_NOT_ACCEPTED', `configuration not accepted: the proof was made with ${got === undefined ? 'a configuration that is no preset' : `preset ${got}`}, the verifier accepts ${wanted}`);
  }
  const st = file.statement;
  // The program is hashed once; the setup and the statement check below reuse the id.
  const id = programIdHex(image);
  const provenId = st.programId;
  if (provenId !== id) throw new ProofRejectedError('PROGRAM_MISMATCH', `program mismatch: the proof is about program ${provenId}, not ${id}`);
  if (expect.publicInput !== undefined && firstDifference(st.publicInput, expect.publicInput) >= 0) {
    throw new ProofRejectedError('PUBLIC_INPUT_MISMATCH', `public input mismatch: the proof is for another public input (${describeDifference(st.publicInput, expect.publicInput, 'given')})`);
  }
  if (expect.expectExit !== undefined && st.exitCode >>> 0 !== expect.expectExit >>> 0) {
    throw new ProofRejectedError('EXIT_MISMATCH', `exit code mismatch: the proven exit code is ${st.exitCode}, expected ${expect.expectExit | 0}`);
  }
  if (expect.expectOutput !== undefined && firstDifference(st.publicOutput, expect.expectOutput) >= 0) {
    throw new ProofRejectedError('OUTPUT_MISMATCH', `public output mismatch: the proven output differs from the expected one (${describeDifference(st.publicOutput, expect.expectOutput, 'expected')})`);
  }
  // 2. The setup from the program, sizes and configuration: cheap, and it bounds everything after it.
  const minBits = expect.minSecurityBits ?? preset.minConjecturedBits;
  let setup: ExecutionSetup;
  let security: SecurityReport;
  try {
    setup = executionSetupOf(image, id, file.sizes, file.config);
    security = statementSecurity(setup.air, setup.config, st);
  } catch (e) {
    throw rejectedProof(e);
  }
  const securityBits = security.conjectured;
  if (!(securityBits >= minBits)) {
    throw new ProofRejectedError('INSUFFICIENT_SECURITY', `insufficient security: the proof's configuration gives ${securityBits.toFixed(1)} conjectured bits on this run, below the required ${minBits}`);
  }
  // 3. The STARK proof, read against the shape the setup expects (its length first, then every count).
  let starkProof: StarkProof;
  if ('proofBody' in file) {
    try {
      starkProof = decodeEnvelopeProof(file, { shape: setup.shape }).proof;
    } catch (e) {
      throw rejectedFile(e);
    }
  } else starkProof = file.proof;
  // 4. The expensive part: the preprocessed commitment, then the STARK verifier.
  try {
    verifyWithSetup(setup, st, starkProof, { minSecurityBits: minBits });
  } catch (e) {
    throw rejectedProof(e);
  }
  return Object.freeze({
    statement: st,
    config: setup.config,
    preset: wanted,
    securityBits,
    security,
    sizes: setup.sizes,
  });
}
