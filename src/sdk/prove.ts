/**
 * Proving and verifying runs from the host: {@link prove} runs a program and returns a proof file (see
 * `machine/proof-file.ts`) with the statement it proves; {@link verify} checks a proof file against a
 * program and the caller's expectations and returns the verified statement.
 *
 * ```ts
 * import { prove, verify } from 'zkvm/sdk';
 * const { proof, statement } = prove('guest.elf', { publicInput, privateInput });
 * const verified = verify('guest.elf', proof, { publicInput, expectExit: 0 });
 * console.log(new TextDecoder().decode(verified.statement.publicOutput));
 * ```
 * @module
 */
import { EXECUTION_PHASES, MachineError, proveExecution, verifyProofFile } from '../machine/index.js';
import { encodeProofFile, ProofRejectedError } from '../machine/index.js';
import type { MachineSizes, MachineStatement, ProofExpectations, ProofFile, VerifiedProof } from '../machine/index.js';
import { configPreset, DEFAULT_STARK_CONFIG, DEFAULT_STARK_CONFIG_NO_ZK, presetName, PROVE_PHASES, StarkError, starkConfig, VerificationError } from '../stark/index.js';
import type { PresetName, SecurityReport } from '../stark/index.js';
import type { StarkConfig } from '../stark/index.js';
import { parseElf } from '../vm/elf.js';
import type { ElfImage } from '../vm/elf.js';
import { ElfError, VmError } from '../vm/errors.js';
import { ProveError } from './errors.js';
import type { ProveErrorCode } from './errors.js';
import { loadProgramFile } from './files.js';

export { ProveError, type ProveErrorCode } from './errors.js';

/**
 * The configuration {@link prove} uses by default: 100 conjectured bits (20 proof-of-work bits, blowup 2,
 * 80 queries) with zero knowledge, so the proof reveals nothing about the private input. Blowup 4 with 40
 * queries gives ~40% smaller proofs (measured 665 → 392 KiB at 2^16 cycles) for a few percent more time,
 * but its low-degree extensions overflow the 4 GiB WebAssembly heap before 2^21 cycles, the length one
 * proof must cover; pass it as `config` for shorter runs.
 */
export const DEFAULT_PROVE_CONFIG: StarkConfig = DEFAULT_STARK_CONFIG;

/** {@link DEFAULT_PROVE_CONFIG} without zero knowledge (same security; for runs whose private input may leak). */
export const DEFAULT_PROVE_CONFIG_NO_ZK: StarkConfig = DEFAULT_STARK_CONFIG_NO_ZK;

/** A program: a path to an ELF file, the ELF file's bytes, or a loaded image. */
export type ProgramSource = string | Uint8Array | ElfImage;

/** Where proving is (for progress displays). */
export interface ProveProgress {
  /** The phase that just finished (`execute`, `machine trace`, the STARK prover's `PROVE_PHASES`, `encode`). */
  readonly phase: string;
  /** How long it took, in milliseconds. */
  readonly ms: number;
  /** Phases finished so far (1 … total). */
  readonly done: number;
  /** Number of phases of a proof. */
  readonly total: number;
  /** The phase that runs next, if any. */
  readonly next?: string;
}

/** Every phase {@link ProveProgress} reports, in order. */
export const PROGRESS_PHASES: readonly string[] = Object.freeze([...EXECUTION_PHASES, ...PROVE_PHASES, 'encode']);

/** Options of {@link prove}. */
export interface ProveProgramOptions {
  /** Bytes the guest reads from fd 0; never part of the statement. */
  readonly privateInput?: Uint8Array;
  /** Bytes the guest reads from fd 3; part of the statement. */
  readonly publicInput?: Uint8Array;
  /** Refuse runs longer than this many instructions (the executor's cycle limit). */
  readonly maxCycles?: number;
  /** Refuse programs that declare more memory than this many bytes. */
  readonly memoryLimit?: number;
  /**
   * STARK configuration: a preset name (`stark/presets.ts`: `'default'`, `'default-no-zk'`,
   * `'provable-queries-100'`, `'test'`, `'test-zk'`) or a configuration object (default
   * {@link DEFAULT_PROVE_CONFIG}, the `'default'` preset). Verifiers accept only presets, by name.
   */
  readonly config?: StarkConfig | string;
  /** Called after each phase. */
  readonly onProgress?: (progress: ProveProgress) => void;
  /** Randomness for zero knowledge (default `crypto.getRandomValues`); tests pass a seeded generator. */
  readonly random?: (out: Uint32Array) => void;
}

/** A proof and what it proves. */
export interface ProveResult {
  /** The proof file's bytes. */
  readonly proof: Uint8Array;
  /** The statement it proves (program id, exit code, public input and output). */
  readonly statement: MachineStatement;
  /** Instructions the run retired. */
  readonly cycles: number;
  /** Wall-clock time of execution and proving, in milliseconds. */
  readonly proveMs: number;
  /** Conjectured security of the proof, in bits (every term; `security.conjectured`). */
  readonly securityBits: number;
  /** The full security report: conjectured and provable figures with their terms (`stark/security.ts`). */
  readonly security: SecurityReport;
  /** The configuration used. */
  readonly config: StarkConfig;
  /** The preset the configuration is (verifiers need this name), or undefined for a configuration that is none. */
  readonly preset: PresetName | undefined;
  /** Log sizes of the execution components. */
  readonly sizes: MachineSizes;
}

/**
 * The image of a program given as a path, ELF bytes or an image.
 * @throws InputFileError (unreadable file) or ElfError (not a valid program)
 */
export function loadProgram(program: ProgramSource): ElfImage {
  if (typeof program === 'string') return loadProgramFile(program);
  if (program instanceof Uint8Array) return parseElf(program);
  if (program !== null && typeof program === 'object' && Array.isArray((program as ElfImage).segments)) return program;
  throw new ElfError('a program must be a path, the bytes of an ELF file or a loaded image');
}

function asProveError(e: unknown): unknown {
  if (e instanceof VmError) {
    const at = `at pc 0x${(e.pc >>> 0).toString(16)} after ${e.cycles} cycles`;
    if (e.code === 'cycle-limit') return new ProveError('CYCLE_LIMIT', `the run hit the cycle limit (${e.cycles} cycles) before exiting`, { cause: e });
    return new ProveError('GUEST_FAULT', `the guest faulted (${e.code}) ${at}: ${e.message}`, { cause: e });
  }
  if (e instanceof MachineError) {
    const code: ProveErrorCode = e.code === 'TOO_LARGE' ? 'TOO_LARGE' : e.code === 'INVALID_PROGRAM' ? 'UNSUPPORTED' : 'INTERNAL';
    return new ProveError(code, e.message, { cause: e });
  }
  if (e instanceof VerificationError) return new ProveError('INTERNAL', `cannot estimate the proof's security: ${e.message}`, { cause: e });
  if (e instanceof StarkError) {
    if (e.code === 'UNSATISFIED' || e.code === 'UNLUCKY') return new ProveError('INTERNAL', `the prover failed: ${e.message}`, { cause: e });
    return new ProveError('CONFIG', `the run cannot be proven with this configuration: ${e.message}`, { cause: e });
  }
  return e;
}

/**
 * Runs `program` and proves the run.
 * @throws InputFileError / ElfError for a bad program; ProveError for a run that cannot be proven
 */
export function prove(program: ProgramSource, options: ProveProgramOptions = {}): ProveResult {
  const image = loadProgram(program);
  let config: StarkConfig;
  try {
    const c = options.config ?? DEFAULT_PROVE_CONFIG;
    config = typeof c === 'string' ? configPreset(c).config : starkConfig(c);
  } catch (e) {
    throw new ProveError('INVALID_INPUT', `invalid configuration: ${(e as Error).message}`, { cause: e });
  }
  const total = PROGRESS_PHASES.length;
  let done = 0;
  const report = (phase: string, ms: number) => {
    done++;
    const next = PROGRESS_PHASES[done];
    options.onProgress?.(Object.freeze({ phase, ms, done, total, ...(next === undefined ? {} : { next }) }));
  };
  const t0 = performance.now();
  let run;
  try {
    run = proveExecution(image, config, {
      execute: {
        ...(options.privateInput === undefined ? {} : { privateInput: options.privateInput }),
        ...(options.publicInput === undefined ? {} : { publicInput: options.publicInput }),
        ...(options.maxCycles === undefined ? {} : { maxCycles: options.maxCycles }),
        ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
      },
      prove: { onPhase: report, ...(options.random === undefined ? {} : { random: options.random }) },
    });
  } catch (e) {
    throw asProveError(e);
  }
  const t1 = performance.now();
  const { statement, proof, cycles, security } = run;
  const bytes = encodeProofFile({ sizes: proof.sizes, statement, proof: proof.proof });
  report('encode', performance.now() - t1);
  const proveMs = performance.now() - t0;
  return Object.freeze({ proof: bytes, statement, cycles, proveMs, securityBits: security.conjectured, security, config, preset: presetName(config), sizes: proof.sizes });
}

/** Options of {@link verify}: what the statement must be (see `ProofExpectations`). */
export type VerifyProgramOptions = ProofExpectations;

/**
 * Verifies a proof of a run of `program`: `proof` is a proof file's bytes, a decoded proof file, or a
 * {@link ProveResult}. Accepts only a valid proof whose statement matches the expectations given.
 * @returns the verified proof: its statement (public output, exit code, …), configuration and security
 * @throws InputFileError / ElfError for a bad program; ProofRejectedError for every rejected proof
 */
export function verify(program: ProgramSource, proof: Uint8Array | ProofFile | ProveResult, options: VerifyProgramOptions = {}): VerifiedProof {
  const image = loadProgram(program);
  const p = proof !== null && typeof proof === 'object' && !(proof instanceof Uint8Array) && 'proof' in proof && proof.proof instanceof Uint8Array ? proof.proof : proof;
  if (!(p instanceof Uint8Array) && (p === null || typeof p !== 'object' || !('statement' in p))) {
    throw new ProofRejectedError('MALFORMED_PROOF', 'a proof must be a proof file (bytes), a decoded proof file or a prove() result');
  }
  try {
    return verifyProofFile(image, p as Uint8Array | ProofFile, options);
  } catch (e) {
    // A hand-built ProofFile object can hold anything; whatever it breaks is still a rejection.
    if (e instanceof ProofRejectedError) throw e;
    if (e instanceof VerificationError) throw new ProofRejectedError('INVALID_PROOF', `invalid proof (${e.code}): ${e.message}`, { cause: e });
    if (!(proof instanceof Uint8Array) && e instanceof Error) throw new ProofRejectedError('MALFORMED_PROOF', `malformed proof object: ${e.message}`, { cause: e });
    throw e;
  }
}
