/**
 * Loads, stores and data memory in the machine AIR: honest runs of every load and store width at every
 * offset, sign extension, loads from the image (initialised data and code), zero-initialised words over
 * several pages, read-after-write prove and verify; forged witnesses (a changed loaded value, a changed
 * stored byte, a wrong address, a store into read-only memory, a duplicated zero-RAM word, a read of a
 * stale value) are refused by the row checker, the prover's check and, forced, the verifier.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWitness } from '../../src/air/index.js';
import { qm31 } from '../../src/field/index.js';
import { LOAD, machineAir, machineProgram, starkStatement, statementOf, MEM_IMAGE, MEM_ZERO, memoryLayout, REG_FINAL, STORE, proveExecution, recountTables, toWitness, traceColumn, traceFromExecution, verifyExecution } from '../../src/machine/index.js';
import { traceFromPcs } from '../util/replay.js';
import type { MachineTrace } from '../../src/machine/index.js';
import { execute } from '../../src/vm/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { program, DATA_BASE, PF_R, TEXT_BASE } from '../util/asm.js';
import { CFG, claimFor, claimOf, forcedRejected, LOOSE, proverRefuses, rejected } from './helpers.js';

const T2 = 7;
const DATA = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 0x81) & 0xff);

/** Assembles `src` with initialised data (64 bytes at DATA_BASE, 3 pages in all), runs it traced and builds the witness. */
function buildMem(src: string): { image: ElfImage; trace: MachineTrace; pcs: number[]; expect: number } {
  const image = program(src, { data: DATA, dataSize: 0x3000 });
  const result = execute(image, { mode: 'traced' });
  const trace = traceFromExecution(image, result);
  return { image, trace, pcs: Array.from(result.trace!.pc), expect: result.exitCode };
}

/** Folds register t2 into the checksum s0 (s0 = s0·31 + t2, via shifts and adds only). */
const FOLD = 'slli t3, s0, 5\nsub s0, t3, s0\nadd s0, s0, t2\n';

/** A program exercising every load/store width and offset, sign extension, code loads and three pages. */
function memoryProgram(): string {
  let src = `li s0, 0\nli s1, ${DATA_BASE}\nli s2, ${DATA_BASE + 0x1000}\nli s3, ${DATA_BASE + 0x2ffc}\n`;
  // Loads of every width and offset from initialised data (bytes ≥ 0x80 exercise sign extension).
  for (let off = 0; off < 8; off++) for (const op of ['lb', 'lbu']) src += `${op} t2, ${off}(s1)\n${FOLD}`;
  for (const off of [0, 2, 4, 6]) for (const op of ['lh', 'lhu']) src += `${op} t2, ${off}(s1)\n${FOLD}`;
  src += `lw t2, 0(s1)\n${FOLD}lw t2, 60(s1)\n${FOLD}`;
  // A load from the code (image, read-only) and a negative offset.
  src += `li t4, ${TEXT_BASE + 8}\nlw t2, -8(t4)\n${FOLD}`;
  // Stores of every width and offset into a zero page and into initialised data, read back.
  src += 'li t5, -1\nli t6, 0x12345678\n';
  for (let off = 0; off < 4; off++) src += `sb t6, ${off}(s2)\nlw t2, 0(s2)\n${FOLD}sb t5, ${off + 4}(s2)\nlw t2, 4(s2)\n${FOLD}`;
  for (const off of [0, 2]) src += `sh t6, ${8 + off}(s2)\nlw t2, 8(s2)\n${FOLD}sh t5, ${off}(s1)\nlw t2, 0(s1)\n${FOLD}`;
  src += `sw t6, 12(s1)\nlw t2, 12(s1)\n${FOLD}sw t6, 0(s3)\nlhu t2, 2(s3)\n${FOLD}lb t2, 0(s3)\n${FOLD}`;
  // An untouched-before zero word reads 0; a word written twice; a store of x0.
  src += `lw t2, 100(s2)\n${FOLD}sw t6, 200(s2)\nsw zero, 200(s2)\nlw t2, 200(s2)\n${FOLD}`;
  // A load into x0 changes nothing.
  src += 'lw zero, 0(s1)\nmv a0, s0\nli a7, 93\necall\n';
  return src;
}

test('machine: every load and store width and offset proves and verifies', () => {
  const src = memoryProgram();
  const { image, trace, expect } = buildMem(src);
  assert.equal(trace.exitCode, expect >>> 0);
  const r = checkWitness(trace.air, toWitness(trace), { statement: starkStatement(statementOf(image, claimOf(trace.exitCode))) });
  assert.deepEqual(r.failures, []);
  assert.ok(qm31.isZero(r.logUpTotal));
  // Three zero pages exist; words on two of them were touched, sorted.
  const page = traceColumn(trace, MEM_ZERO, 'page');
  const real = traceColumn(trace, MEM_ZERO, 'is_real');
  const pages = new Set([...real.keys()].filter((k) => real[k] === 1).map((k) => page[k]));
  assert.equal(pages.size, 2);
  const { statement: claim, proof } = proveExecution(image, CFG);
  assert.equal(claim.exitCode, expect);
  verifyExecution(image, claim, proof, CFG, LOOSE);
  assert.throws(() => verifyExecution(image, claimOf((expect + 1) | 0), proof, CFG, LOOSE));
});

/** The honest run of `src` re-traced with `edit` applied and the tables recounted. */
function mutated(src: string, edit: (col: (comp: string, name: string) => Uint32Array, t: MachineTrace) => void): { image: ElfImage; t: MachineTrace } {
  const { image, pcs } = buildMem(src);
  const t = traceFromPcs(image, pcs);
  edit((comp, name) => traceColumn(t, comp, name), t);
  recountTables(t);
  return { image, t };
}

const LOAD_ONE = (op: string, off: number) => `li s1, ${DATA_BASE}\n${op} t2, ${off}(s1)\nli a7, 93\necall`;

test('machine: a changed loaded value or unit is rejected', () => {
  for (const [op, off] of [['lb', 3], ['lbu', 1], ['lh', 2], ['lhu', 0], ['lw', 4]] as const) {
    // The result changed alone: only a result equation fails.
    const a = mutated(LOAD_ONE(op, off), (col) => {
      col(LOAD, 'a_l')[0] ^= 1;
      col(REG_FINAL, 'v_l')[T2] ^= 1; // t2's final value follows, so only the row is wrong
    });
    rejected(a.image, a.t, ['result low half']);
    // The word read changed in byte 1, the row kept consistent (bytes, AND result, the unit and the result
    // where they cover byte 1): every constraint holds, but the memory read no longer matches the cell.
    const b = mutated(LOAD_ONE(op, off), (col) => {
      const vl = col(LOAD, 'v_l');
      vl[0] ^= 0x100;
      col(LOAD, 'n01')[0] = col(LOAD, 'v0')[0]! & (vl[0]! >>> 8);
      const covers = op === 'lw' || (op === 'lbu' && off === 1) || (op === 'lhu' && off === 0);
      const delta = op === 'lbu' ? 1 : 0x100;
      if (covers && op !== 'lw') col(LOAD, 'x')[0] ^= delta;
      if (covers) {
        col(LOAD, 'a_l')[0] ^= delta;
        col(REG_FINAL, 'v_l')[T2] ^= delta;
      }
    });
    rejected(b.image, b.t);
  }
});

/** One store of 0x12345678 (t0) by `op` at DATA_BASE + off, then exit (the final memory holds the result). */
const STORE_ONE = (op: string, off: number) => `li s1, ${DATA_BASE}\nli t0, 0x12345678\n${op} t0, ${off}(s1)\nli a7, 93\necall`;

test('machine: a changed stored value is rejected', () => {
  for (const [op, off] of [['sb', 0], ['sb', 3], ['sh', 2], ['sw', 4]] as const) {
    // The new word changed alone (the image row's final value follows): only the store's equation fails.
    const { image, t } = mutated(STORE_ONE(op, off), (col, tr) => {
      col(STORE, 'n_h')[0] ^= 0x100;
      const k = tr.program.layout.image.w.indexOf((DATA_BASE + off) >>> 2);
      assert.ok(k >= 0);
      col(MEM_IMAGE, 'fin_h')[k] ^= 0x100;
    });
    const label = op === 'sw' ? 'SW: n.h = c.h' : op === 'sh' ? 'SH: high half' : 'SB: high half';
    rejected(image, t, [label]);
  }
});

/** Row of word index `w` in the image table of `image`. */
function t0Row(image: ElfImage, w: number): number {
  const rows = memoryLayout(image).image.w;
  const k = rows.indexOf(w);
  assert.ok(k >= 0, `word 0x${w.toString(16)} is in the image`);
  return k;
}

test('machine: a store into read-only memory has no cell (the W^X rule is proven)', () => {
  // An honest store into a writable image page, checked against the same program whose data page is
  // read-only: the image cell is (W, ro = 1), the store consumes (W, 0, …): only the logUp sum is off.
  const src = STORE_ONE('sw', 0);
  const writable = program(src, { data: DATA, dataSize: 0x1000 });
  const r = execute(writable, { mode: 'traced' });
  const t = traceFromExecution(writable, r);
  const readOnly: ElfImage = Object.freeze({ ...writable, segments: writable.segments.map((s, i) => (i === 1 ? Object.freeze({ ...s, flags: PF_R }) : s)) });
  assert.equal(memoryLayout(readOnly).image.ro[t0Row(readOnly, DATA_BASE >>> 2)], 1);
  const air = machineAir(machineProgram(readOnly), t.sizes);
  const forged: MachineTrace = Object.freeze({ ...t, air, program: machineProgram(readOnly) });
  recountTables(forged);
  rejected(readOnly, forged);
});

test('machine: a zero-RAM word listed twice or out of order is rejected', () => {
  // Two touched zero words; the second row claims the first one's address (a duplicated initial tuple would
  // let a read see a stale zero): the strictly-increasing constraint fails (and the cells no longer match).
  const src = `li s1, ${DATA_BASE + 0x1000}\nli t0, 7\nsw t0, 0(s1)\nsw t0, 4(s1)\nli a7, 93\necall`;
  const { image, pcs } = buildMem(src);
  const t = traceFromPcs(image, pcs);
  const off = traceColumn(t, MEM_ZERO, 'off');
  assert.equal(off[1]! - off[0]!, 1);
  off[1] = off[0]!;
  recountTables(t);
  const r = checkWitness(t.air, toWitness(t), { statement: starkStatement(statementOf(image, claimFor(t))) });
  assert.ok(r.failures.some((f) => f.label === 'words strictly increase'));
  proverRefuses(image, t, /words strictly increase|logUp/);
  forcedRejected(image, t);
});
