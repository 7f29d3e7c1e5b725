/**
 * Initial and final tuples of data memory (rv32im note §4): the image table, the zero-RAM rows and the
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
 *   {@link SENTINEL_PAGE}, whose words no access can address.
 * @module
 */
import { component } from '../air/verifier.js';
import type { Component, PreprocessedColumn } from '../air/verifier.js';
import { LOG_PAGE_WORDS } from './memory-layout.js';
import type { MemoryLayout } from './memory-layout.js';
import { MEM, TS_LIMB_SHIFT, U16, ZERO_END, ZPAGE } from './relations.js';

export { SENTINEL_PAGE } from './memory-layout.js';

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

/** The image table component (2^logSize rows). */
export function memImageComponent(logSize: number): Component {
  return component(MEM_IMAGE, logSize, (b) => {
    const [w, ro, initL, initH, real] = IMAGE_COLUMNS.map((id) => b.preprocessed(id)) as [ReturnType<typeof b.preprocessed>, ...ReturnType<typeof b.preprocessed>[]];
    b.yield(MEM, [w, ro!, initL!, initH!, 0], real!);
    b.use(MEM, [w, ro!, b.main('fin_l'), b.main('fin_h'), b.main('t_fin')], real!);
  });
}

/** The zero-RAM rows component (2^logSize rows). */
export function memZeroComponent(logSize: number): Component {
  return component(MEM_ZERO, logSize, (b) => {
    const isReal = b.main('is_real');
    const page = b.main('page');
    const off = b.main('off');
    const d0 = b.main('d0');
    const d1 = b.main('d1');
    const isLast = b.main('is_last');
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
    b.yield(MEM, [w, 0, 0, 0, 0], isReal);
    b.use(MEM, [w, 0, b.main('fin_l'), b.main('fin_h'), b.main('t_fin')], isReal);
  });
}

/** The zero-page table (2^logSize rows): provides (ZPAGE, page) with a multiplicity column. */
export function zeroPagesComponent(logSize: number): Component {
  return component(ZERO_PAGES, logSize, (b) => {
    b.yield(ZPAGE, [b.preprocessed('zpage.page')], b.main('mult'));
  });
}
