/**
 * Proving and verifying runs from the host: {@link prove} runs a program and returns a proof file (see
 * `machine/proof-file.ts`) with the statement it proves; {@link verify} checks a proof file against a
 * program and the caller's expectations and returns the verified statement.
 *
 * Proving shards transparently (`docs/continuations.md`): a run that fits one shard (and one proof, at
 * most `MAX_PROVE_CYCLES`) gets a single proof; a longer one is proven in shards of `shardCycles` cycles
 * and gets a sharded proof file. `verify` accepts both kinds. The two phases of sharded proving as jobs
 * for other processes are in `shards.ts`.
 *
 * ```ts
 * import { prove, verify } from 'zkvm/sdk';
 * const { proof, statement } = prove('guest.elf', { publicInput, privateInput });
 * const verified = verify('guest.elf', proof, { publicInput, expectExit: 0 });
 * console.log(new TextDecoder().decode(verified.statement.publicOutput));
 * ```
 * @module
 */
import { checkShardCycles, DEFAULT_SHARD_CYCLES, EXECUTION_PHASES, MachineError, MAX_PROVE_CYCLES, proveExecution, proveSharded, verifyProofFile } from '../machine/index.js';
import { encodeProofFile, machineMinLogSize, machineProgram, ProofRejectedError, shardAir, statementSecurity } from '../machine/index.js';
import type { AnyProofFile, MachineSizes, MachineStatement, ProofExpectations, ShardedExecutionProof, ShardEvent, ShardSizes, VerifiedProof } from '../machine/index.js';
import { configPreset, DEFAULT_STARK_CONFIG, DEFAULT_STARK_CONFIG_NO_ZK, presetName, PROVE_PHASES, StarkError, starkConfig, VerificationError } from '../stark/index.js';
import type { PresetName, SecurityReport } from '../stark/index.js';
import type { StarkConfig } from '../stark/index.js';
import { parseElf } from '../vm/elf.js';
import type { ElfImage } from '../vm/elf.js';
import { ElfError, VmError } from '../vm/errors.js';
import { execute } from '../vm/executor.js';
import type { ExecuteOptions } from '../vm/executor.js';
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
  /**
   * Cycles per shard: a power of two in [2^10, 2^22] (default `DEFAULT_SHARD_CYCLES`, 2^19). A run of at
   * most this many cycles (and at most `MAX_PROVE_CYCLES`) gets a single proof, a longer one a sharded proof.
   */
  readonly shardCycles?: number;
  /** Called after each phase of a single proof. */
  readonly onProgress?: (progress: ProveProgress) => void;
  /** Called after each shard's phase of a sharded proof (commit: phase one, prove: phase two). */
  readonly onShard?: (event: ShardEvent) => void;
  /**
   * Randomness for zero knowledge (default `crypto.getRandomValues`); tests pass a seeded generator. A
   * sharded proof draws its secret 32-byte seed (`machine/prover/shards.ts` `seededRandom`) from it.
   */
  readonly random?: (out: Uint32Array) => void;
}

/** What a proof of either kind tells about itself. */
interface ProveResultCommon {
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
  /** Number of shards: 1 for a single proof. */
  readonly shards: number;
  /** The shard size the run was planned with (cycles). */
  readonly shardCycles: number;
}

/** A single proof (the run fit one shard) and what it proves. */
export interface SingleProveResult extends ProveResultCommon {
  readonly kind: 'single';
  /** Log sizes of the execution components. */
  readonly sizes: MachineSizes;
}

/** A sharded proof and what it proves; its security is the weakest shard's. */
export interface ShardedProveResult extends ProveResultCommon {
  readonly kind: 'sharded';
  /** Log sizes of each shard's components, in run order. */
  readonly shardSizes: readonly ShardSizes[];
}

/** A proof and what it proves (tell the kinds apart by `kind`). */
export type ProveResult = SingleProveResult | ShardedProveResult;

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

/** A prover-side failure as a {@link ProveError} (other errors come back as they are). */
export function asProveError(e: unknown): unknown {
  if (e instanceof VmError) {
    const at = `at pc 0x${(e.pc >>> 0).toString(16)} after ${e.cycles} cycles`;
    if (e.code === 'cycle-limit') return new ProveError('CYCLE_LIMIT', `the run hit the cycle limit (${e.cycles} cycles) before exiting`, { cause: e });
    return new ProveError('GUEST_FAULT', `the guest faulted (${e.code}) ${at}: ${e.message}`, { cause: e });
  }
  if (e instanceof MachineError) {
    const code: ProveErrorCode = e.code === 'TOO_LARGE' ? 'TOO_LARGE' : e.code === 'INVALID_PROGRAM' ? 'UNSUPPORTED' : e.code === 'INVALID_INPUT' ? 'INVALID_INPUT' : 'INTERNAL';
    return new ProveError(code, e.message, { cause: e });
  }
  if (e instanceof VerificationError) return new ProveError('INTERNAL', `cannot estimate the proof's security: ${e.message}`, { cause: e });
  if (e instanceof StarkError) {
    if (e.code === 'UNSATISFIED' || e.code === 'UNLUCKY') return new ProveError('INTERNAL', `the prover failed: ${e.message}`, { cause: e });
    return new ProveError('CONFIG', `the run cannot be proven with this configuration: ${e.message}`, { cause: e });
  }
  return e;
}

/** A configuration given as a preset name or an object, validated. @throws ProveError `INVALID_INPUT` */
export function resolveConfig(c: StarkConfig | string | undefined): StarkConfig {
  try {
    const v = c ?? DEFAULT_PROVE_CONFIG;
    return typeof v === 'string' ? configPreset(v).config : starkConfig(v);
  } catch (e) {
    throw new ProveError('INVALID_INPUT', `invalid configuration: ${(e as Error).message}`, { cause: e });
  }
}

/** The shard size, checked. @throws ProveError `INVALID_INPUT` */
export function resolveShardCycles(n: number | undefined): number {
  try {
    return checkShardCycles(n ?? DEFAULT_SHARD_CYCLES);
  } catch (e) {
    throw asProveError(e);
  }
}

/** The executor's options of a run (inputs and limits), without the ones left out. */
function executeOptions(options: ProveProgramOptions): Omit<ExecuteOptions, 'mode' | 'trace' | 'onTraceChunk'> {
  return {
    ...(options.privateInput === undefined ? {} : { privateInput: options.privateInput }),
    ...(options.publicInput === undefined ? {} : { publicInput: options.publicInput }),
    ...(options.maxCycles === undefined ? {} : { maxCycles: options.maxCycles }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  };
}

/**
 * Runs `program` and proves the run: a single proof when it fits one shard, a sharded proof otherwise
 * (see the module note). A sharded run is executed once untraced to plan it, then twice traced.
 * @throws InputFileError / ElfError for a bad program; ProveError for a run that cannot be proven
 */
export function prove(program: ProgramSource, options: ProveProgramOptions = {}): ProveResult {
  const image = loadProgram(program);
  const config = resolveConfig(options.config);
  const shardCycles = resolveShardCycles(options.shardCycles);
  const exec = executeOptions(options);
  const t0 = performance.now();
  // One fast run picks the kind: cheap next to proving (hundreds of millions of cycles per second).
  let cycles: number;
  try {
    cycles = execute(image, { ...exec, mode: 'fast' }).cycles;
  } catch (e) {
    throw asProveError(e);
  }
  if (cycles <= Math.min(shardCycles, MAX_PROVE_CYCLES)) return proveSingle(image, config, shardCycles, exec, options, t0);
  return proveInShards(image, config, shardCycles, exec, options, t0);
}

function proveSingle(image: ElfImage, config: StarkConfig, shardCycles: number, exec: ReturnType<typeof executeOptions>, options: ProveProgramOptions, t0: number): SingleProveResult {
  const total = PROGRESS_PHASES.length;
  let done = 0;
  const report = (phase: string, ms: number) => {
    done++;
    const next = PROGRESS_PHASES[done];
    options.onProgress?.(Object.freeze({ phase, ms, done, total, ...(next === undefined ? {} : { next }) }));
  };
  let run;
  try {
    run = proveExecution(image, config, {
      execute: exec,
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
  return Object.freeze({
    kind: 'single' as const,
    proof: bytes,
    statement,
    cycles,
    proveMs,
    securityBits: security.conjectured,
    security,
    config,
    preset: presetName(config),
    shards: 1,
    shardCycles,
    sizes: proof.sizes,
  });
}

/** A 32-byte seed drawn from `random` (the caller's generator), or undefined for the prover's own fresh one. */
function seedFrom(random: ((out: Uint32Array) => void) | undefined): Uint8Array | undefined {
  if (random === undefined) return undefined;
  const words = new Uint32Array(8);
  random(words);
  return new Uint8Array(words.buffer);
}

function proveInShards(image: ElfImage, config: StarkConfig, shardCycles: number, exec: ReturnType<typeof executeOptions>, options: ProveProgramOptions, t0: number): ShardedProveResult {
  const seed = seedFrom(options.random);
  let run;
  try {
    run = proveSharded(image, config, {
      shardCycles,
      execute: exec,
      ...(seed === undefined ? {} : { seed }),
      ...(options.onShard === undefined ? {} : { onShard: options.onShard }),
    });
  } catch (e) {
    throw asProveError(e);
  }
  return shardedProveResult(image, config, run, t0);
}

/**
 * The SDK's result of a sharded proof made anywhere (in process, or by workers: `src/distributed`): its
 * security (the weakest shard's) and its proof file. Checks nothing: callers verify first.
 * @throws ProveError
 */
export function shardedProveResult(image: ElfImage, config: StarkConfig, run: ShardedExecutionProof, t0: number): ShardedProveResult {
  const { statement, proof, cycles, shardCycles } = run;
  const count = proof.shards.length;
  let security: SecurityReport | undefined;
  try {
    // The verifier checks every shard against the floor; the proof is as strong as its weakest shard.
    const program = machineProgram(image, machineMinLogSize(config));
    for (const [i, s] of proof.shards.entries()) {
      const r = statementSecurity(shardAir(program, s.sizes, { index: i + 1, count }), config, statement);
      if (security === undefined || r.conjectured < security.conjectured) security = r;
    }
  } catch (e) {
    throw asProveError(e);
  }
  let bytes: Uint8Array;
  try {
    bytes = encodeProofFile({ statement, shards: proof.shards });
  } catch (e) {
    throw new ProveError('TOO_LARGE', (e as Error).message, { cause: e });
  }
  return Object.freeze({
    kind: 'sharded' as const,
    proof: bytes,
    statement,
    cycles,
    proveMs: performance.now() - t0,
    securityBits: security!.conjectured,
    security: security!,
    config,
    preset: presetName(config),
    shards: count,
    shardCycles,
    shardSizes: Object.freeze(proof.shards.map((s) => s.sizes)),
  });
}

/** Options of {@link verify}: what the statement must be (see `ProofExpectations`). */
export type VerifyProgramOptions = ProofExpectations;

/**
 * Verifies a proof of a run of `program`: `proof` is a proof file's bytes, a decoded proof file (either
 * kind), or a {@link ProveResult}. Accepts only a valid proof whose statement matches the expectations given.
 * @returns the verified proof: its statement (public output, exit code, …), configuration and security
 * @throws InputFileError / ElfError for a bad program; ProofRejectedError for every rejected proof
 */
export function verify(program: ProgramSource, proof: Uint8Array | AnyProofFile | ProveResult, options: VerifyProgramOptions = {}): VerifiedProof {
  const image = loadProgram(program);
  const p = proof !== null && typeof proof === 'object' && !(proof instanceof Uint8Array) && 'proof' in proof && proof.proof instanceof Uint8Array ? proof.proof : proof;
  if (!(p instanceof Uint8Array) && (p === null || typeof p !== 'object' || !('statement' in p))) {
    throw new ProofRejectedError('MALFORMED_PROOF', 'a proof must be a proof file (bytes), a decoded proof file or a prove() result');
  }
  try {
    return verifyProofFile(image, p as Uint8Array | AnyProofFile, options);
  } catch (e) {
    // A hand-built ProofFile object can hold anything; whatever it breaks is still a rejection.
    if (e instanceof ProofRejectedError) throw e;
    if (e instanceof VerificationError) throw new ProofRejectedError('INVALID_PROOF', `invalid proof (${e.code}): ${e.message}`, { cause: e });
    if (!(proof instanceof Uint8Array) && e instanceof Error) throw new ProofRejectedError('MALFORMED_PROOF', `malformed proof object: ${e.message}`, { cause: e });
    throw e;
  }
}
