/**
 * Initial and final tuples of data memory (`docs/machine.md`, "Data memory"): the image table, the zero-RAM rows and the
 * zero-page table (layout in `memory-layout.ts`).
 *
 * - `mem_image` (preprocessed W, ro, init, real): each real row provides (MEM, W, ro, init, 0) and
 *   consumes (MEM, W, ro, fin, t_fin) from prover columns. An untouched word has fin = init, t_fin = 0.
 * - `mem_zero`: one row per touched word of a zero page, W = 2^10·page + off with ZPAGE(page),
 *   U16(off), U16(off + 2^16 − 2^10) (so off < 2^10). Each real row provides (MEM, W, 0, 0, 0, 0) and
 *   consumes (MEM, W, 0, fin, t_fin). Words are **strictly increasing** over the real rows, which come first
 *   in the cyclic order that starts after the one row with `is_last` = 1 (a boolean main column; the row
 *   provides (ZERO_END) with multiplicity is_last and the verifier consumes that tuple once, so exactly one
 *   row has it — the honest prover sets it on the last row, whose cyclic successor is row 0):
 *   `(1 − is_last)·(1 − is_real)·is_real' = 0` and `(1 − is_last)·is_real'·(W' − W − 1 − d0 − 2^13·d1) = 0`
 *   with U16(d0), U16(d1). Each W is below 2^30 (page < 2^20 from the table, off < 2^10), so a step that
 *   goes down has W' − W − 1 ≥ p − 2^30, which the limbs (< 2^30) cannot reach: the words are distinct
 *   integers, one initial tuple per word. Stores carry ro = 0; zero pages are writable, so ro = 0 here.
 *   `is_last` is not preprocessed so that nothing the verifier commits itself is sized by a claimed size
 *   (a preprocessed column of 2^memZero rows let a proof file make the verifier commit a tree of its choice).
 * - `zero_pages` (preprocessed page): provides (ZPAGE, page) with a multiplicity column. Padding rows hold
 *   {@link SENTINEL_PAGE}, whose words no access can address. *
 * Soundness audit — `mem_image`, `zero_pages`, `mem_zero` (`mem-boundary.ts`, `memory-layout.ts`) (the global invariants a.G*, b.* it cites are in `docs/soundness.md`):
 *
 * | column | bound by | range | why |
 * |---|---|---|---|
 * | `mem_image` preprocessed W, ro, init_l, init_h, real | verifier-committed (`memoryLayout`) | W < 2^29 (pages below 2^31, else `INVALID_PROGRAM`), halves < 2^16 | one row per image word, image and zero pages disjoint |
 * | `fin_l, fin_h, t_fin` (image) | use MEM(W, ro, fin, t_fin), mult real | pinned | a.G8 |
 * | `zpage.page`, `mult` | verifier-committed pages, sentinel 2^20; free mult | pages < 2^19, sentinel 2^20 | a zero-RAM row can only name a listed page (a.G5) |
 * | `is_real` | "is_real is boolean"; "real rows come first" `(1 − is_last)·(1 − is_real)·is_real' = 0` | {0, 1} | `is_last` (boolean main column, "is_last is boolean"; it provides (ZERO_END, 0), consumed once by the verifier, so exactly one row has it) switches the next-row constraints off on one row: the cyclic order after it is one sorted run |
 * | `page` | use ZPAGE(page) | a listed page or the sentinel | — |
 * | `off` | U16(off), U16(off + 2^16 − 2^10) | [0, 2^10) | W = 2^10·page + off is then the exact word; page + 1's words are unreachable |
 * | `d0, d1` | U16 each (mult is_real of this row); "words strictly increase" `(1 − is_last)·is_real'·(W' − W − 1 − d0 − 2^13·d1) = 0` | d < 2^29 + 2^16 | W, W' < 2^30 + 2^10, so W' ≤ W gives W' − W − 1 ≥ p − 2^30 − 2^10 > d: strictly increasing over real rows, one initial tuple per word; when the constraint is on (is_real' = 1) row r is real, so its limbs are checked. On the last real row they are free but in U16 (harmless) |
 * | `fin_l, fin_h, t_fin` (zero) | use MEM(W, 0, fin, t_fin) | pinned | a.G8 |
 *
 * Sentinel words (W ≥ 2^30) are never addressed: the address gadget gives W < 2^29 and a copy chain adds
 * < 2^25 bytes (the other group's argument), so a sentinel row can only cancel itself.
 * @module
 */
import type { Expr, PreprocessedColumn, Relation } from '../../air/verifier.js';
import { tsLimbs } from '../gadgets/access.js';
import { LOG_PAGE_WORDS, PAGE_WORDS } from '../memory-layout.js';
import type { MemoryLayout } from '../memory-layout.js';
import { MEM, MEM_CHAIN, TS_LIMB_SHIFT, U16, ZERO_END, ZPAGE } from '../relations.js';
import { defineFamily } from './family.js';
import type { WitnessContext } from './family.js';

export { SENTINEL_PAGE } from '../memory-layout.js';

/** Component names. */
export const MEM_IMAGE = 'mem_image';
/** Zero-RAM rows component name. */
export const MEM_ZERO = 'mem_zero';
/** Zero-page table component name. */
export const ZERO_PAGES = 'zero_pages';

const IMAGE_COLUMNS = ['mem_image.w', 'mem_image.ro', 'mem_image.init_l', 'mem_image.init_h', 'mem_image.real'] as const;
/** The preprocessed columns of a layout (image table and zero pages): fixed by the program alone. */
export function memoryPreprocessed(layout: MemoryLayout): PreprocessedColumn[] {
  const img = layout.image;
  const cols = [img.w, img.ro, img.initL, img.initH, img.real];
  return [
    ...IMAGE_COLUMNS.map((id, j) => Object.freeze({ id, logSize: img.logSize, values: () => cols[j]!.slice() })),
    Object.freeze({ id: 'zpage.page', logSize: layout.zeroPagesLogSize, values: () => layout.zeroPages.slice() }),
  ];
}

/**
 * How the image and zero-RAM rows meet the accesses: through the local memory relation at time 0 and the
 * last access time (one proof of the whole run), or through the shards' chain at version 0 and each word's
 * last version (the last shard of a sharded run, `shard-boundary.ts`).
 */
interface CellLink {
  readonly relation: Relation;
  /** The final time (or version) of window word `wi`; 0 for a word never touched. */
  readonly final: (ctx: WitnessContext, wi: number) => number;
}
const LOCAL: CellLink = { relation: MEM, final: (ctx, wi) => ctx.wordTimes[wi]! };
/** The chain link of the last shard: a word's final version is the last shard that touched it. */
export const CHAIN_LINK: CellLink = Object.freeze({ relation: MEM_CHAIN, final: (ctx: WitnessContext, wi: number) => ctx.shard!.lastShard[wi]! });

/** The image table for a link (see the module comment). */
export function memImageFamily(link: CellLink) {
  return defineFamily({
    name: MEM_IMAGE,
    columns: ['fin_l', 'fin_h', 't_fin'] as const,
    fixedLogSize: (program) => program.layout.image.logSize,
    preprocessed: (program) => memoryPreprocessed(program.layout),
    constraints(b, col) {
      const [w, ro, initL, initH, real] = IMAGE_COLUMNS.map((id) => b.preprocessed(id)) as [Expr, Expr, Expr, Expr, Expr];
      b.yield(link.relation, [w, ro, initL, initH, 0], real);
      b.use(link.relation, [w, ro, col('fin_l'), col('fin_h'), col('t_fin')], real);
    },
    finish(ctx, rows) {
      const img = ctx.program.layout.image;
      rows.n = img.rows;
      const c = rows.cols;
      for (let k = 0; k < img.rows; k++) {
        const wi = img.w[k]! - ctx.baseWord;
        c.fin_l[k] = ctx.words[wi]! & 0xffff;
        c.fin_h[k] = ctx.words[wi]! >>> 16;
        c.t_fin[k] = link.final(ctx, wi);
      }
    },
  });
}

/** The image table: the initial and final value of every image word (see the module comment). */
export const memImage = memImageFamily(LOCAL);

/** The zero-RAM rows for a link: one per touched word of a zero page, in increasing word order (see the module comment). */
export function memZeroFamily(link: CellLink) {
  return defineFamily({
    name: MEM_ZERO,
    sizeKey: 'memZero',
    columns: ['is_real', 'page', 'off', 'd0', 'd1', 'is_last', 'fin_l', 'fin_h', 't_fin'] as const,
    constraints(b, col) {
      const isReal = col('is_real');
      const page = col('page');
      const off = col('off');
      const d0 = col('d0');
      const d1 = col('d1');
      const isLast = col('is_last');
      const w = page.mul(2 ** LOG_PAGE_WORDS).add(off);
      const wNext = page.next.mul(2 ** LOG_PAGE_WORDS).add(off.next);
      const notLast = isLast.neg().add(1);
      b.constrain(isReal.mul(isReal.sub(1)), 'is_real is boolean');
      b.constrain(isLast.mul(isLast.sub(1)), 'is_last is boolean');
      b.yield(ZERO_END, [0], isLast);
      b.constrain(notLast.mul(isReal.neg().add(1)).mul(isReal.next), 'real rows come first');
      b.constrain(notLast.mul(isReal.next).mul(wNext.sub(w).sub(1).sub(d0).sub(d1.mul(2 ** TS_LIMB_SHIFT))), 'words strictly increase');
      b.use(ZPAGE, [page], isReal);
      b.use(U16, [off], isReal);
      b.use(U16, [off.add(2 ** 16 - 2 ** LOG_PAGE_WORDS)], isReal);
      b.use(U16, [d0], isReal);
      b.use(U16, [d1], isReal);
      b.yield(link.relation, [w, 0, 0, 0, 0], isReal);
      b.use(link.relation, [w, 0, col('fin_l'), col('fin_h'), col('t_fin')], isReal);
    },
    finish(ctx, rows) {
      const layout = ctx.program.layout;
      let prev = -1;
      for (let z = 0; z < layout.zeroPageCount; z++) {
        const w0 = layout.zeroPages[z]! * PAGE_WORDS - ctx.baseWord;
        for (let k = 0; k < PAGE_WORDS; k++) {
          const wi = w0 + k;
          const fin = link.final(ctx, wi);
          if (fin === 0) continue;
          // The previous row's limbs hold the gap to this word (the last row's stay 0: it is is_last's row).
          if (prev >= 0) {
            const [d0, d1] = tsLimbs(wi, prev);
            rows.cols.d0[rows.n - 1] = d0;
            rows.cols.d1[rows.n - 1] = d1;
          }
          const r = rows.add();
          const c = rows.cols;
          const W = wi + ctx.baseWord;
          c.is_real[r] = 1;
          c.page[r] = W >>> LOG_PAGE_WORDS;
          c.off[r] = W & (PAGE_WORDS - 1);
          c.fin_l[r] = ctx.words[wi]! & 0xffff;
          c.fin_h[r] = ctx.words[wi]! >>> 16;
          c.t_fin[r] = fin;
          prev = wi;
        }
      }
    },
    // The cyclic order starts over at the component's last row (its size is known only when the rows are).
    pad(rows, size) {
      rows.cols.is_last[size - 1] = 1;
    },
  });
}

/** The zero-RAM rows of one proof of the whole run. */
export const memZero = memZeroFamily(LOCAL);

/** The zero-page table: provides (ZPAGE, page) with a multiplicity column (the recount fills it). */
export const zeroPages = defineFamily({
  name: ZERO_PAGES,
  columns: ['mult'] as const,
  fixedLogSize: (program) => program.layout.zeroPagesLogSize,
  constraints(b, col) {
    b.yield(ZPAGE, [b.preprocessed('zpage.page')], col('mult'));
  },
});
