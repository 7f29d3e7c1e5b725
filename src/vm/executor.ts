/**
 * Runs a program: `execute(image, options)` loads it, runs it to its `exit` and returns what it produced.
 *
 * Three modes with identical results: `fast` (translated blocks, no trace), `traced` (translated blocks that
 * also record the execution trace) and `interpret` (the reference interpreter, optionally traced).
 * @module
 */
import type { ElfImage } from './elf.js';
import { OP_COUNT } from './decoder.js';
import { loadProgram } from './program.js';
import type { CpuState } from './state.js';
import { GuestIo, type IoOptions } from './syscalls.js';
import { TraceRecorder, type ExecutionTrace, type TraceChunk } from './trace.js';
import { interpret } from './interpreter.js';
import { cycleLimit, runTranslated } from './translator.js';

/** Default cycle limit: 2^32 instructions, a few seconds of fast-mode execution. */
export const DEFAULT_MAX_CYCLES = 2 ** 32;

/** How to run. */
export type ExecutionMode = 'fast' | 'traced' | 'interpret';

/** Options for {@link execute}. */
export interface ExecuteOptions extends IoOptions {
  /** Stop with a `cycle-limit` error after this many instructions (default {@link DEFAULT_MAX_CYCLES}). */
  maxCycles?: number;
  /** Largest memory image the program may declare, in bytes (default 1 GiB). */
  memoryLimit?: number;
  /** Default `fast`. */
  mode?: ExecutionMode;
  /** With mode `interpret`: record the trace too. */
  trace?: boolean;
  /** In traced runs: receive trace chunks as they fill instead of keeping the whole trace. */
  onTraceChunk?: (chunk: TraceChunk) => void;
}

/** What a run produced. */
export interface ExecutionResult {
  /** The guest's exit code (a0 of `exit`, as a signed 32-bit value). */
  readonly exitCode: number;
  /** Instructions retired, the final `ecall` included. */
  readonly cycles: number;
  /** Bytes written to fd 1. */
  readonly publicOutput: Uint8Array;
  /** Bytes written to fd 2. */
  readonly debugLog: Uint8Array;
  /** x0..x31 when the guest exited. */
  readonly registers: Int32Array;
  /** pc of the exiting `ecall`. */
  readonly pc: number;
  /** Retired instructions per opcode number (see `OP_NAMES`). */
  readonly opCounts: Float64Array;
  /** The execution trace, in traced runs. */
  readonly trace?: ExecutionTrace;
}

/**
 * Executes a program until it exits.
 * @throws VmError for any guest fault, a bad system call, or the cycle or memory limit
 */
export function execute(image: ElfImage, options: ExecuteOptions = {}): ExecutionResult {
  const mode = options.mode ?? 'fast';
  const maxCycles = options.maxCycles ?? DEFAULT_MAX_CYCLES;
  if (!(Number.isSafeInteger(maxCycles) && maxCycles >= 0)) throw new RangeError(`maxCycles must be a non-negative integer, got ${maxCycles}`);
  const prog = loadProgram(image, options.memoryLimit);
  const traced = mode === 'traced' || (mode === 'interpret' && options.trace === true);
  const recorder = traced ? new TraceRecorder(options.onTraceChunk) : undefined;
  const io = new GuestIo(prog.memory, options);
  if (recorder) io.records = recorder.ecalls;
  const s: CpuState = {
    R: new Int32Array(32),
    pc: prog.entry,
    cycles: 0,
    maxCycles,
    mem: prog.memory,
    text: prog.text,
    io,
    trace: recorder,
    row: 0,
    opCounts: new Float64Array(OP_COUNT),
  };
  if (mode === 'interpret') {
    if (!interpret(s, maxCycles)) throw cycleLimit(s);
  } else {
    runTranslated(s, traced);
  }
  return Object.freeze({
    exitCode: io.exitCode,
    cycles: s.cycles,
    publicOutput: io.output.bytes(),
    debugLog: io.log.bytes(),
    registers: s.R,
    pc: s.pc,
    opCounts: s.opCounts,
    ...(recorder ? { trace: recorder.finish(s.row) } : {}),
  });
}
