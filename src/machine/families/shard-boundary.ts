/**
 * The boundary of one shard of a sharded run (`docs/continuations.md`): where its registers, its pc and the
 * memory words it touches come from and where they go.
 *
 * Inside a shard everything is as in one proof of a whole run: local timestamps from 1, the local `reg`,
 * `mem` and `state` relations with challenges drawn by this shard's proof alone. The boundary turns the
 * shard's initial and final cells into links of two chains shared by all shards (`REG_CHAIN`, `MEM_CHAIN`,
 * versions = shard indices), so consecutive shards agree on every cell and the run starts from the ELF
 * image and the entry pc.
 *
 * - `reg_boundary` (preprocessed `reg.idx`, `reg.real` of the tables, `link.pc`; 2^6 rows): each register
 *   row i < 36 provides the local initial (REG, i, v_in, 0), consumes the local final (REG, i, v_out, t_fin),
 *   consumes (REG_CHAIN, i, v_in, k − 1) and, unless this is the last shard, provides
 *   (REG_CHAIN, i, v_out, k). Row 36 (the pc, cell PC_CELL) provides the local start (STATE, pc_in, 1),
 *   consumes (REG_CHAIN, 36, pc_in, v_in.h, k − 1) and, unless last, consumes the local end
 *   (STATE, pc_out, t_fin) and provides (REG_CHAIN, 36, pc_out, v_out.h, k). The verifier provides version
 *   0 of every cell (the initial registers and the entry pc). In the last shard the exit row ends the
 *   state path instead.
 * - `mem_shard`: one row per word W the shard touches, W **strictly increasing** over the real rows (the
 *   mechanism of `mem_zero`: a boolean `is_last` row provides (ZERO_END, 1), which this shard's verifier
 *   consumes once). Each real row provides (MEM, W, ro, v_in, 0), consumes (MEM, W, ro, v_out, t_fin),
 *   consumes (MEM_CHAIN, W, ro, v_in, kp) with U16(k − 1 − kp) and provides (MEM_CHAIN, W, ro, v_out, k).
 *   The initial versions (0) come from the last shard's image and zero-RAM rows, which also consume every
 *   word's final version (`mem-boundary.ts` with the chain link).
 *
 * Soundness audit — `reg_boundary` (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | preprocessed `reg.idx`, `reg.real`, `link.pc` | verifier-committed | idx = i, real = 1 for i < 36; pc = 1 on row 36 only | one boundary row per cell |
 * | `v_in_l, v_in_h` (registers) | use REG_CHAIN(i, v_in, k − 1) | pinned to the previous shard's final value (canonical, R1) or the verifier's initial one | the chain has one version k − 1 per cell: shard k − 1 provides it once (or the verifier, k = 1) |
 * | `v_out_l, v_out_h, t_fin` (registers) | use REG(i, v_out, t_fin) | pinned | a.G8: the cell's unique last local yield |
 * | `v_in_l` (pc) | use REG_CHAIN(36, pc_in, v_in_h, k − 1); yields STATE(pc_in, 1) | the previous shard's end pc or the entry | the shard's state path starts there, once |
 * | `v_out_l, t_fin` (pc) | use STATE(pc_out, t_fin) (not last) | pinned: the end of this shard's path | a shard other than the last has exactly one path end: its rows yield one state more than they consume, so it has no exit row (a HALT there is unbalanced) |
 * | `v_in_h, v_out_h` (pc) | chain; `pc.v_out_h = 0` | 0 | the verifier's version 0 has 0 there |
 * | unused cells of the last shard (pc row `v_out`, `t_fin`) | nothing | free | enter no lookup and no constraint |
 *
 * Soundness audit — `mem_shard`:
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | `is_real`, `is_last` | boolean; ZERO_END(1) once per shard | {0, 1} | as `mem_zero`: one sorted run in the cyclic order |
 * | `w_lo, w_hi` | U16 each; W = w_lo + 2^13·w_hi | W < 2^29 + 2^16 | bounds W as an integer for the order argument (the split need not be unique) |
 * | `d0, d1` | U16 each; `(1 − is_last)·is_real'·(W' − W − 1 − d0 − 2^13·d1) = 0` | d < 2^29 + 2^16 | W' ≤ W would need d ≥ p − 2^29 − 2^16: the words are distinct, one local initial tuple per word |
 * | `ro`, `v_in_l, v_in_h` | use MEM_CHAIN(W, ro, v_in, kp) | pinned | the chain's versions of W start at an initial row (the image's ro, or 0 for zero pages); a W that is neither has no version 0 and no chain |
 * | `kp` | U16(k − 1 − kp) | kp < k among the versions 0..K | each version is provided once (one row per W per shard); versions strictly decrease along the chain, so it ends at version 0 |
 * | `v_out_l, v_out_h, t_fin` | use MEM(W, ro, v_out, t_fin) | pinned | a.G8 |
 * @module
 */
import { MachineError } from '../errors.js';
import { tsLimbs } from '../gadgets/access.js';
import { FIRST_TS, MEM, MEM_CHAIN, N_REGS, PC_CELL, REG, REG_CHAIN, SHARD_END_TAG, STATE, TS_LIMB_SHIFT, U16, ZERO_END } from '../relations.js';
import { defineFamily } from './family.js';
import { regFinalLogSize } from './tables.js';

/** Component names. */
export const REG_BOUNDARY = 'reg_boundary';
/** The shard's memory boundary component name. */
export const MEM_SHARD = 'mem_shard';
/** Shift of the high part of a mem_shard word index (W = w_lo + 2^13·w_hi). */
const W_SHIFT = 13;

/** Where a shard sits in its run: index k (1-based) of K. */
export interface ShardPosition {
  readonly index: number;
  readonly count: number;
}

/** The register boundary of shard `index` of `count` (see the module comment). */
export function regBoundary(shard: ShardPosition) {
  const k = shard.index;
  const last = k === shard.count;
  return defineFamily({
    name: REG_BOUNDARY,
    columns: ['v_in_l', 'v_in_h', 'v_out_l', 'v_out_h', 't_fin'] as const,
    fixedLogSize: regFinalLogSize,
    preprocessed: (program) => {
      const n = 2 ** regFinalLogSize(program);
      return [Object.freeze({ id: 'link.pc', logSize: regFinalLogSize(program), values: () => Uint32Array.from({ length: n }, (_, i) => (i === PC_CELL ? 1 : 0)) })];
    },
    constraints(b, col) {
      const idx = b.preprocessed('reg.idx');
      const real = b.preprocessed('reg.real');
      const pc = b.preprocessed('link.pc');
      const vin = [col('v_in_l'), col('v_in_h')] as const;
      const vout = [col('v_out_l'), col('v_out_h')] as const;
      b.yield(REG, [idx, ...vin, 0], real);
      b.use(REG, [idx, ...vout, col('t_fin')], real);
      b.use(REG_CHAIN, [idx, ...vin, k - 1], real);
      b.yield(STATE, [vin[0], FIRST_TS], pc);
      b.use(REG_CHAIN, [PC_CELL, ...vin, k - 1], pc);
      b.constrain(pc.mul(vout[1]), 'pc.v_out_h = 0');
      if (last) return;
      b.yield(REG_CHAIN, [idx, ...vout, k], real);
      b.use(STATE, [vout[0], col('t_fin')], pc);
      b.yield(REG_CHAIN, [PC_CELL, ...vout, k], pc);
    },
    finish(ctx, rows) {
      const s = ctx.shard!;
      rows.n = PC_CELL + 1;
      const c = rows.cols;
      for (let i = 0; i < N_REGS; i++) {
        c.v_in_l[i] = s.regsIn[i]! & 0xffff;
        c.v_in_h[i] = s.regsIn[i]! >>> 16;
        c.v_out_l[i] = ctx.regs[i]! & 0xffff;
        c.v_out_h[i] = ctx.regs[i]! >>> 16;
        c.t_fin[i] = ctx.regTimes[i]!;
      }
      c.v_in_l[PC_CELL] = s.pcIn;
      if (!last) {
        c.v_out_l[PC_CELL] = s.pcOut;
        c.t_fin[PC_CELL] = ctx.nextTs;
      }
    },
  });
}

/** The memory boundary of shard `index` (see the module comment). */
export function memShard(shard: ShardPosition) {
  const k = shard.index;
  return defineFamily({
    name: MEM_SHARD,
    sizeKey: 'memShard',
    columns: ['is_real', 'w_lo', 'w_hi', 'ro', 'v_in_l', 'v_in_h', 'v_out_l', 'v_out_h', 't_fin', 'kp', 'd0', 'd1', 'is_last'] as const,
    constraints(b, col) {
      const isReal = col('is_real');
      const isLast = col('is_last');
      const w = col('w_lo').add(col('w_hi').mul(2 ** W_SHIFT));
      const wNext = col('w_lo').next.add(col('w_hi').next.mul(2 ** W_SHIFT));
      const notLast = isLast.neg().add(1);
      const ro = col('ro');
      b.constrain(isReal.mul(isReal.sub(1)), 'is_real is boolean');
      b.constrain(isLast.mul(isLast.sub(1)), 'is_last is boolean');
      b.yield(ZERO_END, [SHARD_END_TAG], isLast);
      b.constrain(notLast.mul(isReal.neg().add(1)).mul(isReal.next), 'real rows come first');
      b.constrain(notLast.mul(isReal.next).mul(wNext.sub(w).sub(1).sub(col('d0')).sub(col('d1').mul(2 ** TS_LIMB_SHIFT))), 'words strictly increase');
      for (const x of ['w_lo', 'w_hi', 'd0', 'd1'] as const) b.use(U16, [col(x)], isReal);
      b.use(U16, [col('kp').neg().add(k - 1)], isReal);
      b.yield(MEM, [w, ro, col('v_in_l'), col('v_in_h'), 0], isReal);
      b.use(MEM, [w, ro, col('v_out_l'), col('v_out_h'), col('t_fin')], isReal);
      b.use(MEM_CHAIN, [w, ro, col('v_in_l'), col('v_in_h'), col('kp')], isReal);
      b.yield(MEM_CHAIN, [w, ro, col('v_out_l'), col('v_out_h'), k], isReal);
    },
    finish(ctx, rows) {
      const s = ctx.shard!;
      let prev = -1;
      for (let wi = 0; wi < ctx.wordTimes.length; wi++) {
        const t = ctx.wordTimes[wi]!;
        if (t === 0) continue;
        if (prev >= 0) {
          const [d0, d1] = tsLimbs(wi, prev);
          rows.cols.d0[rows.n - 1] = d0;
          rows.cols.d1[rows.n - 1] = d1;
        }
        const r = rows.add();
        const c = rows.cols;
        const W = wi + ctx.baseWord;
        if (W >= 2 ** 29) throw new MachineError('INVALID_INPUT', `word ${W} above the address bound 2^31`);
        c.is_real[r] = 1;
        c.w_lo[r] = W & ((1 << W_SHIFT) - 1);
        c.w_hi[r] = W >>> W_SHIFT;
        c.ro[r] = ctx.readOnly(wi);
        c.v_in_l[r] = s.wordsIn[wi]! & 0xffff;
        c.v_in_h[r] = s.wordsIn[wi]! >>> 16;
        c.v_out_l[r] = ctx.words[wi]! & 0xffff;
        c.v_out_h[r] = ctx.words[wi]! >>> 16;
        c.t_fin[r] = t;
        c.kp[r] = s.lastShard[wi]!;
        s.lastShard[wi] = k;
        prev = wi;
      }
    },
    pad(rows, size) {
      rows.cols.is_last[size - 1] = 1;
    },
  });
}
