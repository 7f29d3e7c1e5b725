/**
 * End-to-end forgeries of the read/write system calls (issue 9), built with the forgery toolkit and forced
 * through `proveUnchecked`; the unmodified verifier must reject each one.
 *
 * Chain-tail rerouting: a system call's successor time `t_end` and its tail address `w_end`, `off_end` are
 * columns bound only through the copy chain's tail tuple (`src/machine/ecall-io.ts`). Two calls of the same
 * kind whose tails carry the same stream position can take each other's tails; each then yields its own
 * successor pc at the other call's time. With a loop from one call site back to the other, a run
 * S0 A₁ X B Y A₂ Z can so be proven as S0 A₁ Y A₂ X B Z ({@link exchangeSegments}): the guest's own code in
 * another order, which the state chain would otherwise forbid. Three guests, each with two inlined call
 * sites in a loop, use it: one that always exits 0 is proven to exit 42 (end-of-file public reads), one that
 * always prints "A" is proven to print "B" (empty writes), and the first with non-empty private reads.
 *
 * k = p: a public read at end of input returns 0. With k_l = 0xffff, k_h = 0x7fff the count k = 2^31 − 1 is
 * p, i.e. 0 in the field: the min constraint, the cursor update (cur + k = cur), the empty copy chain and
 * both U16 checks (k_l, 2·k_h) hold, but a0 = 0x7fffffff.
 *
 * Each test asserts that the verifier REJECTS. Where a later AIR no longer has a column a forgery edits,
 * the forgery cannot be expressed and the test says so and passes.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ECALL_IO, EXIT, REG_FINAL } from '../../src/machine/index.js';
import type { ExecutionClaim, MachineTrace } from '../../src/machine/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { DATA_BASE } from '../util/asm.js';
import { check, claimFor, exchangeSegments, forcedVerdict, getCell, hasColumn, ioCycles, ioRowOf, passes, recount, runAsm, setCell, swapCells, traceOfPcs } from './forgery.js';
import type { Run } from './forgery.js';

/** The chain-tail columns of a system-call row. */
const TAIL = ['t_end', 'w_end', 'off_end'];

/** Sets a0, a1, a2, a7 for one system call. */
const call = (num: number, fd: number, buf: number | string, count: number) =>
  `li a0, ${fd}\n${typeof buf === 'number' ? `li a1, ${buf}` : `mv a1, ${buf}`}\nli a2, ${count}\nli a7, ${num}\n`;

/**
 * Two call sites A and B in a loop (`setup` before each): the first pass through A sets s0 and goes on
 * to B, B loops back to A, the second pass through A leaves the loop. `onFirst` runs after A on the first
 * pass, `afterB` after B, `exit` once the loop is left. So the honest run is S0 A₁ X B Y A₂ Z with
 * X = onFirst, Y = afterB, Z = exit.
 */
const loopGuest = (setup: string, onFirst: string, afterB: string, exit: string) => `
  li s0, 0
  li s1, 0
loop:
  ${setup}
  ecall
  bnez s0, out
  li s0, 1
  ${onFirst}
  ${setup}
  ecall
  ${afterB}
  j loop
out:
  ${exit}
`;

/** Exits with s1: 42 after the first pass, 0 after B — always 0 honestly. */
const exitWithS1 = (setup: string) => loopGuest(setup, 'li s1, 42', 'li s1, 0', 'mv a0, s1\nli a7, 93\necall');

/** Whether the AIR still has every column the forgery edits (otherwise it cannot be expressed). */
function expressible(t: TestContext, tr: MachineTrace, cols: readonly [string, string][]): boolean {
  const gone = cols.filter(([comp, nm]) => !hasColumn(tr, comp, nm));
  if (gone.length) t.diagnostic(`the forgery cannot be built: no column ${gone.map(([c, n]) => `${c}.${n}`).join(', ')} (closed by construction)`);
  return gone.length === 0;
}

/**
 * The tail rerouting of a {@link loopGuest} run: the segment exchange around its first three calls (A₁, B,
 * A₂), with A₁'s and B's chain tails swapped. Returns the forged trace, or undefined when inexpressible.
 */
function rerouted(t: TestContext, run: Run): MachineTrace | undefined {
  const calls = ioCycles(run.image, run.pcs);
  assert.ok(calls.length >= 3, 'A₁, B, A₂ are calls');
  const [c1, c2, c3] = calls as [number, number, number];
  assert.equal(run.pcs[c1], run.pcs[c3], 'A₁ and A₂ are the same call site');
  assert.notEqual(run.pcs[c1], run.pcs[c2], 'B is another call site');
  const pcs = exchangeSegments(run.pcs, c1, c2, c3);
  const forged = traceOfPcs(run.image, pcs, run.inputs);
  // From AIR v6 on the successor time is ts + 8 + k, not a column: the forger swaps what is left of the
  // tail (w_end, off_end) and the verifier must still refuse the exchanged run.
  const tail = TAIL.filter((nm) => hasColumn(forged, ECALL_IO, nm));
  expressible(t, forged, TAIL.map((nm) => [ECALL_IO, nm]));
  // Control: the exchange alone leaves two successor states nobody provides (the state chain's logUp).
  const alone = check(run.image, forged);
  assert.ok(alone.labels.length === 0 && !passes(alone), 'the exchanged run without the tail swap fails only the logUp sum');
  // In the exchanged run the calls come as A₁, A₂, B (B is now cycle c3); A₁ and B take each other's tails.
  const swapped = swapCells(forged, ECALL_IO, ioRowOf(run.image, pcs, c1), ioRowOf(run.image, pcs, c3), tail);
  t.diagnostic(swapped ? `swapped ${tail.join(', ')}` : 'the remaining tail columns are equal: the exchange alone is the forgery');
  recount(forged);
  return forged;
}

/** Asserts that the verifier rejects a forced proof of `forged` for `claim` (and reports the checker's verdict). */
function verifierRejects(t: TestContext, image: ElfImage, forged: MachineTrace, claim: ExecutionClaim, what: string): void {
  const v = check(image, forged, claim);
  t.diagnostic(`row checker: ${passes(v) ? 'passes (every constraint holds, logUp balances)' : `rejects (${v.labels.join(', ') || 'logUp sum'})`}`);
  const verdict = forcedVerdict(image, forged, claim);
  assert.equal(verdict.accepted, false, `the verifier ACCEPTED a forged proof that ${what}`);
  if (!verdict.accepted) t.diagnostic(`verifier: ${verdict.code}`);
}

test('forgery: a guest that always exits 0 is not proven to exit 42 by rerouting two public reads\' chain tails', (t) => {
  // End-of-file reads of fd 3 (empty public input): k = 0 and the cursor stays 0 at both sites.
  const run = runAsm(exitWithS1(call(63, 3, DATA_BASE, 4)));
  assert.equal(run.trace.exitCode, 0, 'the honest run exits 0');
  const forged = rerouted(t, run);
  if (!forged) return;
  assert.equal(forged.exitCode, 42, 'the exchanged run exits 42');
  verifierRejects(t, run.image, forged, claimFor(forged), 'the guest exits 42');
});

test('forgery: a guest that always prints "A" is not proven to print "B" by rerouting two empty writes\' chain tails', (t) => {
  // s1 points at "B" after the first pass and at "A" after B; the guest prints the byte s1 points at.
  const src = loopGuest(call(64, 1, DATA_BASE, 0), `li s1, ${DATA_BASE + 1}`, `li s1, ${DATA_BASE}`, call(64, 1, 's1', 1) + 'ecall\nli a0, 0\nli a7, 93\necall');
  const run = runAsm(src, { data: new TextEncoder().encode('AB') });
  assert.deepEqual(run.trace.publicOutput, new TextEncoder().encode('A'), 'the honest run prints "A"');
  const forged = rerouted(t, run);
  if (!forged) return;
  assert.deepEqual(forged.publicOutput, new TextEncoder().encode('B'), 'the exchanged run prints "B"');
  verifierRejects(t, run.image, forged, claimFor(forged), 'the guest prints "B"');
});

test('forgery: non-empty private reads at two sites do not reroute the run to exit 42', (t) => {
  // Each read of fd 0 takes 2 bytes (6 are available), so both tails end at position 2 (fd 0 has no cursor).
  const run = runAsm(exitWithS1(call(63, 0, DATA_BASE + 16, 2)), {}, { privateInput: Uint8Array.from([1, 2, 3, 4, 5, 6]) });
  assert.equal(run.trace.exitCode, 0, 'the honest run exits 0');
  for (const r of [0, 1, 2]) assert.equal(getCell(run.trace, ECALL_IO, 'k_l', r), 2, `call ${r} reads 2 bytes`);
  const forged = rerouted(t, run);
  if (!forged) return;
  assert.equal(forged.exitCode, 42, 'the exchanged run exits 42');
  verifierRejects(t, run.image, forged, claimFor(forged), 'the guest exits 42 (private reads)');
});

test('forgery: a public read at end of input does not return 0x7fffffff (k = p, no copy row, cursor unmoved)', (t) => {
  const run = runAsm(call(63, 3, DATA_BASE, 4) + 'ecall\nli a7, 93\necall\n');
  assert.equal(run.trace.exitCode, 0, 'the read returns 0 and the guest exits with it');
  const forged = traceOfPcs(run.image, run.pcs, run.inputs);
  if (!expressible(t, forged, [[ECALL_IO, 'k_l'], [ECALL_IO, 'k_h'], [EXIT, 'a0_l'], [EXIT, 'a0_h'], [REG_FINAL, 'v_l'], [REG_FINAL, 'v_h']])) return;
  assert.equal(getCell(forged, ECALL_IO, 'k_l', 0), 0);
  assert.equal(getCell(forged, ECALL_IO, 'k_h', 0), 0);
  // k = 0x7fff·2^16 + 0xffff = 2^31 − 1 = p ≡ 0; the read's result, a0, is then 0x7fffffff, which the exit
  // row reads and a0's final register cell holds (register 10 is reg_final's row 10).
  setCell(forged, ECALL_IO, 'k_l', 0, 0xffff);
  setCell(forged, ECALL_IO, 'k_h', 0, 0x7fff);
  setCell(forged, EXIT, 'a0_l', 0, 0xffff);
  setCell(forged, EXIT, 'a0_h', 0, 0x7fff);
  assert.equal(getCell(forged, REG_FINAL, 'v_l', 10), 0, 'a0 ends as 0 honestly');
  setCell(forged, REG_FINAL, 'v_l', 10, 0xffff);
  setCell(forged, REG_FINAL, 'v_h', 10, 0x7fff);
  recount(forged);
  // The copy chain stays empty (its head, with k ≡ 0, is its own tail at ts + 8) and the cursor unmoved.
  verifierRejects(t, run.image, forged, { ...claimFor(run.trace), exitCode: 0x7fffffff }, 'a read at end of input returned 0x7fffffff');
});
