/**
 * Adding an instruction family is one new unit and one registry line: a toy family that proves LUI on its
 * own (columns, constraints, lookups and row filling below, nothing else edited) joins the RV32IM registry
 * with `machineRegistry(name, [...RV32IM_FAMILIES, toyLui])`. Its rows are filled from the trace, the
 * AIR the verifier rebuilds from the registry accepts the honest proof, and a forged toy row is rejected
 * by the verifier.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defineFamily,
  fillAluWrite,
  machineAir,
  machineProgram,
  machineRegistry,
  PROG,
  registerAccess,
  RV32IM_FAMILIES,
  SLOT,
  starkStatement,
  statementOf,
  STATE,
  toWitness,
  traceColumn,
  traceFromExecution,
  TS_STEP,
} from '../../src/machine/index.js';
import type { MachineTrace } from '../../src/machine/index.js';
import { preprocessedRoot, proveUnchecked, verify, VerificationError } from '../../src/stark/index.js';
import { prove } from '../../src/stark/index.js';
import { execute, Op } from '../../src/vm/index.js';
import type { ElfImage } from '../../src/vm/index.js';
import { program } from '../util/asm.js';
import { CFG, claimFor } from './helpers.js';

/** The toy family: LUI as "write the table's immediate to rd". */
const toyLui = defineFamily({
  name: 'toy_lui',
  sizeKey: 'toyLui',
  ops: [Op.LUI],
  columns: ['is_real', 'pc', 'ts', 'rd', 'imm_l', 'imm_h', 'rd_prev_l', 'rd_prev_h', 'rd.d0', 'rd.d1'] as const,
  constraints(b, col) {
    const isReal = col('is_real');
    const [pc, ts, imm] = [col('pc'), col('ts'), [col('imm_l'), col('imm_h')] as const];
    b.constrain(isReal.mul(isReal.sub(1)), 'is_real is boolean');
    b.use(STATE, [pc, ts], isReal);
    b.yield(STATE, [pc.add(4), ts.add(TS_STEP)], isReal);
    // The table's immediate halves are canonical 16-bit values, so the written word needs no range check.
    b.use(PROG, [pc, Op.LUI, col('rd'), 0, 0, imm[0], imm[1]], isReal);
    registerAccess(b, col, 'rd', col('rd'), ts.add(SLOT.RD), [col('rd_prev_l'), col('rd_prev_h')], imm, isReal);
  },
  fill(ctx, rows, cy) {
    const r = rows.add();
    const c = rows.cols;
    const rd = ctx.prog.rd[cy.row]!;
    c.is_real[r] = 1;
    c.pc[r] = cy.pc;
    c.ts[r] = cy.ts;
    c.rd[r] = rd;
    c.imm_l[r] = ctx.prog.immL[cy.row]!;
    c.imm_h[r] = ctx.prog.immH[cy.row]!;
    fillAluWrite(ctx, c, r, cy);
  },
});

/** The one registry line. */
const REGISTRY = machineRegistry('test/rv32im-machine/v6+toy-lui', [...RV32IM_FAMILIES, toyLui]);

const SRC = `
  lui a0, 0x12345
  lui x0, 0xfffff
  addi a0, a0, 0x678
  lui t0, 0x80000
  add a0, a0, t0
  li a7, 93
  ecall
`;

function honest(): { image: ElfImage; t: MachineTrace } {
  const image = program(SRC);
  const result = execute(image, { mode: 'traced' });
  return { image, t: traceFromExecution(image, result, machineProgram(image), {}, REGISTRY) };
}

/** Verifies a proof of `t` as a verifier would: the AIR rebuilt from the registry, the program and the claimed sizes. */
function verifyToy(image: ElfImage, t: MachineTrace, proof: ReturnType<typeof prove>): void {
  const air = machineAir(machineProgram(image), t.sizes, REGISTRY);
  const statement = starkStatement(statementOf(image, claimFor(t)));
  verify(air, statement, proof, CFG, { preprocessedRoot: preprocessedRoot(air, CFG), minSecurityBits: 0 });
}

test('a toy family proves LUI: its rows come from the trace, the honest proof verifies', () => {
  const { image, t } = honest();
  assert.equal(t.air.name, 'test/rv32im-machine/v6+toy-lui');
  assert.deepEqual(Array.from(traceColumn(t, 'toy_lui', 'is_real').slice(0, 4)), [1, 1, 1, 0]);
  assert.deepEqual(Array.from(traceColumn(t, 'toy_lui', 'imm_h').slice(0, 3)), [0x1234, 0xffff, 0x8000]);
  assert.ok(traceColumn(t, 'add_sub', 'is_lui').every((x) => x === 0), 'add_sub gets no LUI row');
  assert.equal(t.exitCode, (0x12345678 + 0x80000000) >>> 0);
  const proof = prove(t.air, toWitness(t), starkStatement(statementOf(image, claimFor(t))), CFG);
  verifyToy(image, t, proof);
});

test('a forged toy row (another immediate written) is rejected by the verifier', () => {
  const { image, t } = honest();
  traceColumn(t, 'toy_lui', 'imm_l')[0] = 1; // rd gets 0x12345001: the PROG tuple no longer exists
  const proof = proveUnchecked(t.air, toWitness(t), starkStatement(statementOf(image, claimFor(t))), CFG);
  assert.throws(() => verifyToy(image, t, proof), (e: unknown) => e instanceof VerificationError);
});
