/**
 * The state of a run, shared by the interpreter and the translated blocks.
 * @module
 */
import type { Memory } from './memory.js';
import type { DecodedText } from './program.js';
import type { GuestIo } from './syscalls.js';
import type { TraceRecorder } from './trace.js';

/** Mutable machine state. `R[0]` is always 0. */
export interface CpuState {
  readonly R: Int32Array;
  pc: number;
  /** Instructions retired so far. */
  cycles: number;
  readonly maxCycles: number;
  readonly mem: Memory;
  readonly text: DecodedText;
  readonly io: GuestIo;
  /** Present in traced runs. */
  readonly trace: TraceRecorder | undefined;
  /** Next trace row to write in the current chunk. */
  row: number;
  /** Retired instructions per opcode number. */
  readonly opCounts: Float64Array;
}
