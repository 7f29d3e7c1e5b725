/**
 * The logUp relations of the machine and the constants their tuples use (`docs/machine.md`, "Relations"; logUp in `docs/stark.md`).
 * Sign convention of the AIR framework: yield = provide = +m, use = consume = −m.
 *
 * | Relation | Tuple | Provided by | Consumed by |
 * |---|---|---|---|
 * | `state` | (pc, ts) | every non-exit instruction row (next state); verifier (entry, 1) | every instruction row |
 * | `prog` | (pc, op, rd, rs1, rs2, imm.l, imm.h, val.l, val.h, next) | program table (multiplicity column) | every instruction row |
 * | `reg` | (idx, v.l, v.h, ts) | each access (new value, its time); verifier (i, 0, 0, 0) for i < 36, but (35, in_len, 0, 0) | each access (previous value and time); RegFinal |
 * | `u16` | (v) | U16 table (multiplicity column) | limbs, timestamp differences |
 * | `halt` | (code.l, code.h, out_len) | the exit row | verifier (statement's exit code and output length) |
 * | `copy` | (mode, t, W, off, pos, rem) | system-call rows (start), copy rows (next byte) | copy rows, system-call rows (end) |
 * | `in` / `out` | (pos, byte) | verifier (public input) / copy rows (fd 1) | copy rows (fd 3, drain) / verifier (public output) |
 * | `and` | (x, y, x & y) | AND table (multiplicity column), x, y bytes | Bitwise (one per byte) |
 * | `shift` | (x, k, dir, u, v) | SHIFT table (multiplicity column), x byte, k < 8, dir boolean | Shift (five per row) |
 * | `mem` | (W, ro, v.l, v.h, ts) | each access (new value); image and zero-RAM boundaries (initial) | each access (previous); boundaries (final) |
 * | `zpage` | (page) | zero-page table (multiplicity column) | zero-RAM rows |
 * | `zero_end` | (0) | the zero-RAM row with is_last = 1 | verifier (once) |
 * | `byte_pair` | (x, y) | the AND table's second yield (own multiplicity column), x, y bytes | Mul, DivRem (operand bytes, sign bits, carries) |
 * @module
 */
import { relation } from '../air/verifier.js';

/** Machine state: (pc, ts). */
export const STATE = relation('state', 2);
/**
 * Pre-decoded program rows: (pc, op, rd, rs1, rs2, imm.l, imm.h, val.l, val.h, next); a use with fewer
 * entries stands for zeros in the rest.
 */
export const PROG = relation('prog', 10);
/** Register cells: (idx, v.l, v.h, ts). */
export const REG = relation('reg', 4);
/** 16-bit range table: (v). */
export const U16 = relation('u16', 1);
/** Byte AND table: (x, y, x & y) for bytes x, y. */
export const AND = relation('and', 3);
/**
 * Byte shift table: (x, k, dir, u, v) for a byte x, k < 8 and dir ∈ {0, 1}. Left (dir = 0):
 * u = (x << k) & 255, v = x >> (8 − k); right (dir = 1): u = x >> k, v = (x << (8 − k)) & 255; v = 0 when k = 0.
 */
export const SHIFT = relation('shift', 5);
/**
 * Byte pairs: (x, y) for bytes x, y — two byte range checks in one fraction. Provided by the AND table
 * component from its own preprocessed x, y columns with a second multiplicity column, so the fraction
 * pairs with the AND yield in the same interaction column (no new table, one more main column).
 */
export const BYTE_PAIR = relation('byte_pair', 2);
/**
 * Data-memory word cells: (W, ro, v.l, v.h, ts) with W = address / 4 and ro = 1 for read-only words
 * (`docs/machine.md`, "Data memory" "RAM: word cells"). Own relation, so register i and word i never alias.
 */
export const MEM = relation('mem', 5);
/**
 * The one `mem_zero` row where its cyclic word order starts over: (0), provided with multiplicity
 * `is_last` and consumed once by the verifier, so exactly one row has is_last = 1.
 */
export const ZERO_END = relation('zero_end', 1);
/** Writable zero-initialized pages (page number = address >> 12): (page). */
export const ZPAGE = relation('zpage', 1);
/** Halting: (exit code.l, exit code.h, public output length). */
export const HALT = relation('halt', 3);
/**
 * Byte-copy chains of the I/O system calls (`docs/machine.md`, "Input and output"): (mode, t, W, off, pos, rem) — the next byte's
 * time, word index and offset in memory, position in its stream, and the bytes still to copy.
 */
export const COPY = relation('copy', 6);
/** Public input bytes: (position, byte), provided by the verifier. */
export const IN = relation('in', 2);
/** Public output bytes: (position, byte), consumed by the verifier. */
export const OUT = relation('out', 2);
/** Modes of {@link COPY}: guest memory → public output (write fd 1). */
export const COPY_OUT = 1;
/** Public input → guest memory (read fd 3). */
export const COPY_IN = 2;
/** Private input → guest memory (read fd 0). */
export const COPY_PRIVATE = 3;
/** Public input bytes the guest never read, consumed at exit without touching memory. */
export const COPY_DRAIN = 4;

/** Register index that writes to x0 go to (written, never read), so reads of x0 always see the initial 0. */
export const SINK_REG = 32;
/** Virtual register: the public input cursor (bytes read from fd 3 so far). */
export const IN_CUR = 33;
/** Virtual register: the public output cursor (bytes written to fd 1 so far). */
export const OUT_CUR = 34;
/** Virtual register: the public input length (initialised by the verifier, only read). */
export const IN_LEN = 35;
/** Number of register cells: x0..x31, the sink and the three virtual registers. */
export const N_REGS = 36;
/** Timestamp advance of a system-call row before its copy rows (its own accesses use slots 0..6). */
export const TS_ECALL = 8;
/** Timestamp of the initial register values. */
export const INITIAL_TS = 0;
/** Timestamp of the first instruction. */
export const FIRST_TS = 1;
/** Timestamp advance per instruction row (`docs/machine.md`, "Timestamps": slots 0 rs1, 1 rs2, 2 memory, 3 rd). */
export const TS_STEP = 4;
/** Access slots inside a row. */
export const SLOT = Object.freeze({ RS1: 0, RS2: 1, MEM: 2, RD: 3 } as const);
/**
 * A timestamp difference d = t − t_prev − 1 is split as d0 + 2^13·d1 with both limbs in U16, which bounds
 * d below 2^16 + 2^29 < 2^30 (the limbs overlap; only the bound matters). Honest split: d1 = d >> 13.
 */
export const TS_LIMB_SHIFT = 13;
/**
 * Every timestamp must stay below this for the check to be sound: then a read of a later write gives
 * d ≥ p − 2^29 > 2^30, which has no decomposition.
 */
export const MAX_TS = 2 ** 29;

/** Most public input (and output) bytes a statement may carry, and most bytes one system call may move. */
export const MAX_IO_BYTES = 2 ** 24;

/**
 * Register cells across shards (`docs/continuations.md`): (idx, v.l, v.h, version). Shard k consumes each
 * cell's version k − 1 and provides version k; the verifier provides version 0 (the initial values, and the
 * entry pc as cell {@link PC_CELL}). Shared by all shards' proofs (one set of challenges).
 */
export const REG_CHAIN = relation('reg_chain', 4);
/**
 * Memory words across shards: (W, ro, v.l, v.h, version). A shard that touches W consumes the version of
 * the last shard before it that did (or the initial one, version 0) and provides its own; the last
 * shard's image and zero-RAM rows provide version 0 and consume each word's final version.
 */
export const MEM_CHAIN = relation('mem_chain', 5);
/** Cell index of the pc in {@link REG_CHAIN} (after the {@link N_REGS} register cells). */
export const PC_CELL = N_REGS;
/** The relations whose challenges all shards of a run share; the others are drawn per shard. */
export const SHARED_RELATIONS = Object.freeze([REG_CHAIN, MEM_CHAIN, HALT, IN, OUT]);
/** Tag of the {@link ZERO_END} tuple of `mem_shard` (that of `mem_zero` is 0). */
export const SHARD_END_TAG = 1;
/**
 * Most shards of one run: versions differ by less than 2^16 (one U16 lookup), so a shard index never
 * reaches p and the chain's versions strictly increase.
 */
export const MAX_SHARDS = 2 ** 16;
