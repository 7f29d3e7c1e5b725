/**
 * The execution trace: what a prover needs from each cycle, recorded into columns of typed arrays
 * (one array per field, one entry per cycle), never into per-cycle objects.
 *
 * Per cycle `i`:
 * - `pc[i]`: the address of the instruction retired in cycle `i` (the instruction word and its decoding are
 *   the program's, looked up by pc);
 * - `rs1[i]`, `rs2[i]`: the values read from the instruction's rs1 and rs2 (0 when it reads none);
 * - `rd[i]`: the value the instruction computes for rd (also when rd is x0, which discards it; 0 when it
 *   writes none);
 * - `mem[i]`: the effective address of a load or store (0 otherwise).
 * For `ecall` rows: `rs1` = a0 and `rs2` = a7 as read, `rd` = a0 as written (the syscall's result, or the exit
 * code), `mem` = a1 (the buffer); the details of each system call are in {@link ExecutionTrace.ecalls}.
 * @module
 */

/** One system call, with what it moved. */
export interface EcallRecord {
  readonly cycle: number;
  /** The syscall number (a7). */
  readonly number: number;
  /** File descriptor (a0) for read/write, the exit code for exit. */
  readonly fd: number;
  readonly addr: number;
  readonly len: number;
  /** The value returned in a0. */
  readonly result: number;
}

/** Names of the per-cycle columns. */
export const TRACE_COLUMNS = ['pc', 'rs1', 'rs2', 'rd', 'mem'] as const;
/** A per-cycle column name. */
export type TraceColumn = (typeof TRACE_COLUMNS)[number];

/** A contiguous block of trace rows. */
export type TraceChunk = { readonly length: number } & { readonly [K in TraceColumn]: Uint32Array };

/** The complete trace of a run. */
export type ExecutionTrace = TraceChunk & { readonly ecalls: readonly EcallRecord[] };

/** Rows per chunk: small enough to stay in cache-friendly sizes, large enough that chunk switches are rare. */
export const TRACE_CHUNK_ROWS = 1 << 16;

/**
 * Collects chunks while a run records its trace. The executors write into the public arrays of the current
 * chunk and call {@link flush} when it is full.
 */
export class TraceRecorder {
  pc = new Uint32Array(TRACE_CHUNK_ROWS);
  rs1 = new Uint32Array(TRACE_CHUNK_ROWS);
  rs2 = new Uint32Array(TRACE_CHUNK_ROWS);
  rd = new Uint32Array(TRACE_CHUNK_ROWS);
  mem = new Uint32Array(TRACE_CHUNK_ROWS);
  readonly ecalls: EcallRecord[] = [];
  private readonly chunks: TraceChunk[] = [];
  private total = 0;

  /** @param onChunk when given, receives each full chunk instead of keeping it (streaming consumers, benchmarks). */
  constructor(private readonly onChunk?: (chunk: TraceChunk) => void) {}

  /** Hands over the first `rows` rows of the current chunk and starts a new one; returns the new write index (0). */
  flush(rows: number): number {
    if (rows === 0) return 0;
    const chunk: TraceChunk = {
      length: rows,
      pc: this.pc.subarray(0, rows),
      rs1: this.rs1.subarray(0, rows),
      rs2: this.rs2.subarray(0, rows),
      rd: this.rd.subarray(0, rows),
      mem: this.mem.subarray(0, rows),
    };
    this.total += rows;
    if (this.onChunk) {
      this.onChunk(chunk);
    } else {
      this.chunks.push(chunk);
      this.pc = new Uint32Array(TRACE_CHUNK_ROWS);
      this.rs1 = new Uint32Array(TRACE_CHUNK_ROWS);
      this.rs2 = new Uint32Array(TRACE_CHUNK_ROWS);
      this.rd = new Uint32Array(TRACE_CHUNK_ROWS);
      this.mem = new Uint32Array(TRACE_CHUNK_ROWS);
    }
    return 0;
  }

  /** Flushes the last `rows` rows and joins every kept chunk into one trace. */
  finish(rows: number): ExecutionTrace {
    this.flush(rows);
    const cols = {} as Record<TraceColumn, Uint32Array>;
    for (const name of TRACE_COLUMNS) {
      const out = new Uint32Array(this.onChunk ? 0 : this.total);
      let o = 0;
      for (const c of this.chunks) {
        out.set(c[name], o);
        o += c.length;
      }
      cols[name] = out;
    }
    return Object.freeze({ length: this.onChunk ? 0 : this.total, ...cols, ecalls: Object.freeze(this.ecalls) });
  }
}
