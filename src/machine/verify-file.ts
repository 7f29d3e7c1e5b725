/**
 * Verifying a proof file against a program and the caller's expectations: the one implementation behind
 * the SDK's `verify`, `zkvm verify` and the browser's `verifyProofFile`, for both kinds of file (a single
 * proof, verified by `verify.ts`, or a sharded one, by `verify-shards.ts`). Every rejection — a malformed
 * file, another program, a statement that differs from what the caller expects, too little security, an
 * invalid proof — is a {@link ProofRejectedError} whose code and message say what did not match.
 * Browser-safe; imports no prover code.
 * @module
 */
import type { Air } from '../air/verifier.js';
import type { StarkConfig } from '../stark/config.js';
import { proofLayout } from '../stark/layout.js';
import { starkConfig } from '../stark/config.js';
import { CONFIG_PRESETS, DEFAULT_PRESET, isPresetName, PRESET_NAMES, presetName } from '../stark/presets.js';
import type { PresetName } from '../stark/presets.js';
import type { StarkProof } from '../stark/proof.js';
import type { SecurityReport } from '../stark/security.js';
import { VerificationError } from '../stark/errors.js';
import { proofShape } from '../stark/shape.js';
import type { ProofShape } from '../stark/shape.js';
import type { ElfImage } from '../vm/elf.js';
import { programIdHex } from '../vm/program-id.js';
import { machineMinLogSize, machineProgram, shardAir } from './air.js';
import type { MachineSizes, ShardSizes } from './air.js';
import { MachineError } from './errors.js';
import { shardRegistry } from './families/registry.js';
import { ProofFileError, ProofRejectedError } from './proof-errors.js';
import { decodeEnvelopeProof, decodeEnvelopeShard, readProofFileEnvelope } from './proof-file.js';
import type { AnyProofFile, AnyProofFileEnvelope, ShardedProofFile, ShardedProofFileEnvelope } from './proof-file.js';
import { MAX_SHARDS } from './relations.js';
import type { MachineStatement } from './statement.js';
import { asInvalidInput, executionSetupOf, statementSecurity, statementSecurityBits, verifyWithSetup } from './verify.js';
import type { ExecutionSetup } from './verify.js';
import { verifySharded } from './verify-shards.js';
import type { ShardProof } from './verify-shards.js';

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

/** What {@link verifyProofFile} established about a proof of either kind. */
interface VerifiedCommon {
  /** The statement the proof establishes about the run (program id, exit code, public input and output). */
  readonly statement: MachineStatement;
  /** The STARK configuration of the proof. */
  readonly config: StarkConfig;
  /** The name of the preset of {@link config}. */
  readonly preset: PresetName;
  /** Conjectured security of the proof, in bits (every term; `security.conjectured`). */
  readonly securityBits: number;
  /**
   * The full security report of this proof: conjectured and provable figures and their terms
   * (`stark/security.ts`); of a sharded proof, the report of its weakest shard.
   */
  readonly security: SecurityReport;
  /** Number of shards: 1 for a single proof. */
  readonly shards: number;
}

/** What {@link verifyProofFile} established from a single proof: the statement, and the terms under which it was proven. */
export interface VerifiedSingleProof extends VerifiedCommon {
  readonly kind: 'single';
  /** Log sizes of the execution components. */
  readonly sizes: MachineSizes;
}

/** What {@link verifyProofFile} established from a sharded proof. */
export interface VerifiedShardedProof extends VerifiedCommon {
  readonly kind: 'sharded';
  /** Log sizes of each shard's components, in run order. */
  readonly shardSizes: readonly ShardSizes[];
}

/** What {@link verifyProofFile} established (tell the kinds apart by `kind`). */
export type VerifiedProof = VerifiedSingleProof | VerifiedShardedProof;

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

/** Whether a file or envelope is of the sharded kind (a caller's object without `kind` is a single proof). */
function isSharded(file: AnyProofFileEnvelope | AnyProofFile): file is ShardedProofFileEnvelope | ShardedProofFile {
  return (file as { kind?: unknown }).kind === 'sharded';
}

/**
 * Decodes `proof` (a proof file's bytes, or an already decoded one, of either kind) and accepts it only
 * when it is a valid proof that `image` ran to its exit with the expected public input, output and exit code.
 * @returns the verified proof (its kind, statement, configuration, security and shard count)
 * @throws ProofRejectedError for every rejection (and nothing else for well-typed arguments)
 */
export function verifyProofFile(image: ElfImage, proof: Uint8Array | AnyProofFile, expect: ProofExpectations = {}): VerifiedProof {
  // 1. The file's envelope: format and AIR version, configuration, sizes, statement (the STARK proofs
  // stay encoded until their expected shapes are known).
  let file: AnyProofFileEnvelope | AnyProofFile;
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
  const minBits = expect.minSecurityBits ?? preset.minConjecturedBits;
  if (isSharded(file)) return verifyShardedFile(image, file, wanted, minBits);
  // 2. The setup from the program, sizes and configuration: cheap, and it bounds everything after it.
  // Only the enforced (conjectured) figure here: the full report, provable figures included, costs
  // milliseconds and is computed once the proof has verified.
  let setup: ExecutionSetup;
  let securityBits: number;
  try {
    setup = executionSetupOf(image, id, file.sizes, file.config);
    securityBits = statementSecurityBits(setup.air, setup.config, st);
  } catch (e) {
    throw rejectedProof(e);
  }
  if (!(securityBits >= minBits)) throw insufficient(securityBits, minBits, '');
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
  const security = statementSecurity(setup.air, setup.config, st);
  return Object.freeze({
    kind: 'single' as const,
    statement: st,
    config: setup.config,
    preset: wanted,
    securityBits,
    security,
    shards: 1,
    sizes: setup.sizes,
  });
}

function insufficient(bits: number, minBits: number, where: string): ProofRejectedError {
  return new ProofRejectedError('INSUFFICIENT_SECURITY', `insufficient security: the proof's configuration gives ${bits.toFixed(1)} conjectured bits on this run${where}, below the required ${minBits}`);
}

/** A frozen copy of a caller's shard sizes: each key of the shard's registry read once, from own data properties. */
function copyShardSizes(sizes: unknown, keys: readonly string[]): ShardSizes {
  if (sizes === null || typeof sizes !== 'object') throw new MachineError('INVALID_INPUT', 'shard sizes must be an object');
  const out: Record<string, number> = {};
  for (const k of keys) {
    const d = Object.getOwnPropertyDescriptor(sizes, k);
    if (d === undefined || !('value' in d) || typeof d.value !== 'number') throw new MachineError('INVALID_INPUT', `shard sizes.${k} must be an own number property`);
    out[k] = d.value as number;
  }
  return Object.freeze(out);
}

/**
 * Steps 2 to 4 for a sharded file: shard by shard, the AIR from the program and the shard's sizes, its
 * security (the weakest shard's is the proof's) and its shape, and the shard's STARK proof read against
 * that shape; then `verifySharded` (the preprocessed roots, the joint challenges, every shard's proof and
 * the joint sum). A shard's AIR is dropped once its proof is read, so the memory held before the
 * verifier runs is the decoded proofs'.
 */
function verifyShardedFile(image: ElfImage, file: ShardedProofFileEnvelope | ShardedProofFile, wanted: PresetName, minBits: number): VerifiedShardedProof {
  const st = file.statement;
  const list: unknown = file.shards;
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_SHARDS) throw new ProofRejectedError('MALFORMED_PROOF', `malformed proof: a sharded proof holds 1 to ${MAX_SHARDS} shards`);
  const count = list.length;
  // The weakest shard's figure is the proof's; its AIR is kept for the full report at the end.
  let weakest = { bits: Infinity, at: 0, air: undefined as Air | undefined };
  let config: StarkConfig;
  let program: ReturnType<typeof machineProgram>;
  try {
    ({ config, program } = asInvalidInput(() => {
      const config = starkConfig(file.config);
      return { config, program: machineProgram(image, machineMinLogSize(config)) };
    }));
  } catch (e) {
    throw rejectedProof(e);
  }
  const shards: ShardProof[] = [];
  for (let index = 1; index <= count; index++) {
    const shard: unknown = list[index - 1];
    if (shard === null || typeof shard !== 'object') throw new ProofRejectedError('MALFORMED_PROOF', `malformed proof: shard ${index} is not an object`);
    const position = { index, count };
    let sizes: ShardSizes;
    let air: Air;
    let shape: ProofShape;
    try {
      ({ sizes, air, shape } = asInvalidInput(() => {
        const sizes = copyShardSizes((shard as { sizes?: unknown }).sizes, shardRegistry(position).sizeKeys);
        const air = shardAir(program, sizes, position);
        return { sizes, air, shape: proofShape(air, config, proofLayout(air, config)) };
      }));
      const bits = statementSecurityBits(air, config, st);
      if (bits < weakest.bits) weakest = { bits, at: index, air };
    } catch (e) {
      throw rejectedProof(e instanceof VerificationError ? new VerificationError(e.code, `shard ${index}: ${e.message}`, { cause: e }) : e);
    }
    if (!(weakest.bits >= minBits)) throw insufficient(weakest.bits, minBits, ` (shard ${weakest.at})`);
    let starkProof: StarkProof;
    if ('proofBody' in shard) {
      try {
        starkProof = decodeEnvelopeShard(file as ShardedProofFileEnvelope, index, shape).proof;
      } catch (e) {
        throw rejectedFile(e);
      }
    } else starkProof = (shard as ShardProof).proof;
    shards.push(Object.freeze({ sizes, proof: starkProof }));
  }
  try {
    verifySharded(image, st, Object.freeze({ shards: Object.freeze(shards) }), config, { minSecurityBits: minBits });
  } catch (e) {
    throw rejectedProof(e);
  }
  const security = statementSecurity(weakest.air!, config, st);
  return Object.freeze({
    kind: 'sharded' as const,
    statement: st,
    config,
    preset: wanted,
    securityBits: security.conjectured,
    security,
    shards: count,
    shardSizes: Object.freeze(shards.map((s) => s.sizes)),
  });
}
