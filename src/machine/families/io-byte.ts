/**
 * Copy rows of the I/O system calls (`docs/machine.md`, "Input and output"): one row per byte moved between guest
 * memory and a stream. Rows are chained by the COPY relation: a row consumes (mode, t, W, off, pos, rem)
 * and provides (mode, t + 1, W', off', pos + 1, rem − 1), where (W', off') is the next byte address
 * (W' = W + o3, off' = off + 1 − 4·o3). A system-call row provides the head of its chain at its own time
 * range and consumes the tail (rem = 0), so exactly `k` rows run, in order, at distinct rising times.
 *
 * Modes (one flag each, their sum is is_real; the mode enters the tuple):
 * - `is_out` (write fd 1): reads the word at (W, ro) at time t, `byte` = the addressed byte, provides
 *   (OUT, pos, byte); the word is unchanged.
 * - `is_in` (read fd 3): consumes (IN, pos, byte) — only the verifier's tuples can balance it, so byte is
 *   the public input byte at pos — and writes it into the writable word (W, 0).
 * - `is_priv` (read fd 0): writes a free byte (range-checked by AND(byte, byte, byte)) into (W, 0).
 * - `is_drain` (exit): consumes (IN, pos, byte) with no memory access — the public input the guest did not
 *   read, so every verifier tuple is consumed exactly once.
 * Byte selection and replacement use the offset flags o1..o3 and the old word's bytes (p0, p2 columns,
 * p1, p3 linear; AND(p0, p1, ·), AND(p2, p3, ·) make them bytes), as Load and Store do. *
 * Soundness audit — `io_byte` (`io-byte.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | cannot alias / be supplied by another row |
 * |---|---|---|---|
 * | `is_real`, `is_out`, `is_in`, `is_priv`, `is_drain` | booleans, `exactly one mode on real rows`; mode in both COPY tuples | | the multiplicities `is_real − is_drain`, `is_in + is_drain`, `is_out`, `is_priv` are 0/1 and 0 on padding |
 * | `t`, `w`, `pos`, `rem`, `o1..o3` | COPY use (mode, t, W, off, pos, rem); yield (mode, t + 1, W + o3, off + 1 − 4·o3, pos + 1, rem − 1) | off ∈ {0..3} pins the one-hot flags | every step is computed from the row's own columns. Along a chain t, pos, rem move by ±1 from the head's values (b.G3) |
 * | `byte` | out: `output byte is the addressed byte`; in/drain: IN use (pos, byte); priv: AND(byte, byte, byte) | byte | IN tuples exist only for the verifier's public bytes |
 * | `ro` | `ro is boolean`, `stream reads write writable words` | | writes use (W, 0) |
 * | `p_l`, `p_h`, `p0`, `p2` | MEM use at t (multiplicity is_real − is_drain); AND on the bytes | canonical locally | free on drain rows (no access) |
 * | `n_l`, `n_h` | `output leaves the word: …`, `input byte replaces the addressed byte: …`; MEM yield at t | canonical | |
 * | `mem.d0/d1`, `np01`, `np23` | U16, AND | | |
 * @module
 */
import { memoryAccess } from '../gadgets/access.js';
import { addressedByte, withByte, wordBytes } from '../gadgets/address.js';
import { AND, COPY, COPY_DRAIN, COPY_IN, COPY_OUT, COPY_PRIVATE, IN, OUT } from '../relations.js';
import { defineFamily } from './family.js';
import type { Rows } from './columns.js';
import type { WitnessContext } from './family.js';

/** Component name. */
export const IO_BYTE = 'io_byte';

const COLUMNS = [
  'is_real', 'is_out', 'is_in', 'is_priv', 'is_drain', 't', 'w', 'o1', 'o2', 'o3', 'pos', 'rem', 'byte', 'ro', 'p_l',
  'p_h', 'n_l', 'n_h', 'p0', 'p2', 'mem.d0', 'mem.d1', 'np01', 'np23',
] as const;

/** The copy-row component (see the module comment); its rows are appended by the system calls ({@link copyRow}). */
export const ioByte = defineFamily({
  name: IO_BYTE,
  sizeKey: 'ioByte',
  columns: COLUMNS,
  constraints(b, col) {
    const isReal = col('is_real');
    const isOut = col('is_out');
    const isIn = col('is_in');
    const isPriv = col('is_priv');
    const isDrain = col('is_drain');
    const t = col('t');
    const w = col('w');
    const o1 = col('o1');
    const o2 = col('o2');
    const o3 = col('o3');
    const pos = col('pos');
    const rem = col('rem');
    const byte = col('byte');
    const ro = col('ro');
    const pL = col('p_l');
    const pH = col('p_h');
    const nL = col('n_l');
    const nH = col('n_h');
    const p0 = col('p0');
    const p2 = col('p2');
    const bool = (e: typeof isReal, what: string) => b.constrain(e.mul(e.sub(1)), `${what} is boolean`);
    bool(isReal, 'is_real');
    for (const [f, nm] of [[isOut, 'is_out'], [isIn, 'is_in'], [isPriv, 'is_priv'], [isDrain, 'is_drain'], [o1, 'o1'], [o2, 'o2'], [o3, 'o3'], [ro, 'ro']] as const) bool(f, nm);
    b.assertEq(isOut.add(isIn).add(isPriv).add(isDrain), isReal, 'exactly one mode on real rows');
    const anyOff = o1.add(o2).add(o3);
    bool(anyOff, 'at most one offset flag');
    const o = [anyOff.neg().add(1), o1, o2, o3] as const;
    const off = o1.add(o2.mul(2)).add(o3.mul(3));
    const isWrite = isIn.add(isPriv);
    b.constrain(isWrite.mul(ro), 'stream reads write writable words');
    const p = wordBytes(pL, pH, p0, p2);
    b.constrain(isOut.mul(byte.sub(addressedByte(o, p))), 'output byte is the addressed byte');
    b.constrain(isOut.mul(nL.sub(pL)), 'output leaves the word: low half');
    b.constrain(isOut.mul(nH.sub(pH)), 'output leaves the word: high half');
    const [wL, wH] = withByte(o, pL, pH, p, byte);
    b.constrain(isWrite.mul(nL.sub(wL)), 'input byte replaces the addressed byte: low half');
    b.constrain(isWrite.mul(nH.sub(wH)), 'input byte replaces the addressed byte: high half');

    const mode = isOut.mul(COPY_OUT).add(isIn.mul(COPY_IN)).add(isPriv.mul(COPY_PRIVATE)).add(isDrain.mul(COPY_DRAIN));
    b.use(COPY, [mode, t, w, off, pos, rem], isReal);
    b.yield(COPY, [mode, t.add(1), w.add(o3), off.add(1).sub(o3.mul(4)), pos.add(1), rem.sub(1)], isReal);
    const touches = isReal.sub(isDrain);
    memoryAccess(b, col, w, ro, t, [pL, pH], [nL, nH], touches);
    b.use(AND, [p[0], p[1], col('np01')], touches);
    b.use(AND, [p[2], p[3], col('np23')], touches);
    b.use(AND, [byte, byte, byte], isPriv);
    b.use(IN, [pos, byte], isIn.add(isDrain));
    b.yield(OUT, [pos, byte], isOut);
  },

});

/** The copy modes, by the flag column that selects each. */
export type CopyFlag = 'is_out' | 'is_in' | 'is_priv' | 'is_drain';

/**
 * Appends one copy row to `io_byte`: its mode flag, time `t`, byte address, stream position, remaining
 * count and byte. Unless draining it also accesses the memory word (recording the access) and, for the
 * input modes, writes the byte into it. Returns the byte as it stands in memory (the output byte for fd 1).
 */
export function copyRow(ctx: WitnessContext, cycle: number, flag: CopyFlag, t: number, addr: number, pos: number, rem: number, byte: number): number {
  const rows = ctx.rows(IO_BYTE) as Rows<(typeof COLUMNS)[number]>;
  const r = rows.add();
  const c = rows.cols;
  c.is_real[r] = 1;
  c[flag][r] = 1;
  c.t[r] = t;
  c.w[r] = addr >>> 2;
  const off = addr & 3;
  if (off) c[`o${off as 1 | 2 | 3}`][r] = 1;
  c.pos[r] = pos;
  c.rem[r] = rem;
  c.byte[r] = byte;
  if (flag === 'is_drain') return byte;
  const write = flag !== 'is_out';
  const wi = ctx.wordIndex(cycle, addr, 1, write);
  const p = ctx.words[wi]!;
  const sh = 8 * off;
  const n = write ? ((p & ~(0xff << sh)) | (byte << sh)) >>> 0 : p;
  if (!write) {
    c.byte[r] = (p >>> sh) & 0xff;
    c.ro[r] = ctx.readOnly(wi);
  }
  c.p_l[r] = p & 0xffff;
  c.p_h[r] = p >>> 16;
  c.n_l[r] = n & 0xffff;
  c.n_h[r] = n >>> 16;
  c.p0[r] = p & 0xff;
  c.p2[r] = (p >>> 16) & 0xff;
  c.np01[r] = p & (p >>> 8) & 0xff;
  c.np23[r] = (p >>> 16) & (p >>> 24) & 0xff;
  ctx.memAccess(c['mem.d0'], c['mem.d1'], r, wi, t);
  ctx.words[wi] = n;
  return (p >>> sh) & 0xff;
}
