/**
 * The registry of machine components: the one list from which the AIR's component order, the execution
 * sizes (`MachineSizes`), the witness builder's opcode dispatch and the docs table derive. Adding an
 * instruction family is one new file under `families/` and one entry here.
 *
 * Dispatch: each family names the table opcodes it proves (and, for `ecall`, the a7 values). A later
 * family takes over an opcode an earlier one claims, so an extension registry (`machineRegistry(name,
 * [...RV32IM_FAMILIES, mine])`) can re-prove an opcode with its own component; both components stay in the
 * AIR and both are sound on their own, dispatch only decides which one gets the rows.
 * @module
 */
import { Op, OP_COUNT, OP_NAMES } from '../../vm/decoder.js';
import { MachineError } from '../errors.js';
import { addSub } from './add-sub.js';
import { bitwise } from './bitwise.js';
import { branch } from './branch.js';
import { compare } from './compare.js';
import { divRem } from './div-rem.js';
import { ecallIo } from './ecall-io.js';
import { exit } from './exit.js';
import type { Family } from './family.js';
import { ioByte } from './io-byte.js';
import { jumpUpper } from './jump-upper.js';
import { load } from './load.js';
import { CHAIN_LINK, memImage, memImageFamily, memZero, memZeroFamily, zeroPages } from './mem-boundary.js';
import { mul } from './mul.js';
import { program } from './program.js';
import { shift } from './shift.js';
import { store } from './store.js';
import { memShard, regBoundary } from './shard-boundary.js';
import type { ShardPosition } from './shard-boundary.js';
import { andTable, regFinal, shiftTable, u16Table } from './tables.js';
import { MAX_SHARDS } from '../relations.js';

/** The RV32IM machine's components, in AIR order (the witness columns and the transcript follow it). */
export const RV32IM_FAMILIES = Object.freeze([
  program, u16Table, andTable, shiftTable, regFinal, memImage, zeroPages, memZero,
  addSub, load, store, jumpUpper, branch, compare, bitwise, shift, mul, divRem, exit, ecallIo, ioByte,
] as const);

/** Log sizes of the components the run sizes, keyed by each family's `sizeKey`. */
export type MachineSizes = {
  readonly [F in (typeof RV32IM_FAMILIES)[number] as NonNullable<F['sizeKey']>]: number;
};

/** A list of components with its derived dispatch. */
export interface MachineRegistry {
  /** The AIR name (absorbed into the transcript): a different component list must have a different name. */
  readonly airName: string;
  readonly families: readonly Family[];
  /** The size keys, in component order. */
  readonly sizeKeys: readonly string[];
  /** The family that proves a cycle of table opcode `op` (with a7 = `a7` for ecall), or undefined. */
  familyOf(op: number, a7: number): Family | undefined;
}

/**
 * Makes a registry. @throws MachineError `INVALID_INPUT` for repeated component names or size keys, or an
 * opcode outside the decoder's
 */
export function machineRegistry(airName: string, families: readonly Family[]): MachineRegistry {
  const names = new Set<string>();
  const sizeKeys: string[] = [];
  const byOp: (Family | undefined)[] = new Array(OP_COUNT).fill(undefined);
  const bySyscall = new Map<number, Family>();
  for (const f of families) {
    if (names.has(f.name)) throw new MachineError('INVALID_INPUT', `component ${f.name} is listed twice`);
    names.add(f.name);
    if (f.sizeKey !== undefined) {
      if (sizeKeys.includes(f.sizeKey)) throw new MachineError('INVALID_INPUT', `size key ${f.sizeKey} is used twice`);
      sizeKeys.push(f.sizeKey);
    } else if (!f.fixedLogSize) {
      throw new MachineError('INVALID_INPUT', `component ${f.name} has neither a size key nor a fixed size`);
    }
    for (const op of f.ops) {
      if (!Number.isInteger(op) || op <= 0 || op >= OP_COUNT) throw new MachineError('INVALID_INPUT', `component ${f.name}: no opcode ${op}`);
      if (op === Op.ECALL) for (const n of f.syscalls) bySyscall.set(n, f);
      else byOp[op] = f;
    }
  }
  return Object.freeze({
    airName,
    families: Object.freeze([...families]),
    sizeKeys: Object.freeze(sizeKeys),
    familyOf: (op: number, a7: number) => (op === Op.ECALL ? bySyscall.get(a7) : byOp[op]),
  });
}

/** The registry of the RV32IM machine (AIR `zkvm/rv32im-machine/v6`). */
export const RV32IM = machineRegistry('zkvm/rv32im-machine/v6', RV32IM_FAMILIES);

/** Name stem of the shard AIRs (`docs/continuations.md`); each shard's name adds its index and the count. */
export const SHARD_AIR_NAME = 'zkvm/rv32im-shard/v1';

const EXECUTION_FAMILIES = [addSub, load, store, jumpUpper, branch, compare, bitwise, shift, mul, divRem, exit, ecallIo, ioByte] as const;
const memImageChain = memImageFamily(CHAIN_LINK);
const memZeroChain = memZeroFamily(CHAIN_LINK);

/**
 * The registry of shard `index` of `count` of a sharded run: the RV32IM components with the shard boundary
 * (`shard-boundary.ts`) in place of RegFinal and, in the last shard only, the image and zero-RAM rows that
 * start and end every word's chain. The boundary comes before the instruction families, and `mem_shard`
 * before the chain rows, whose final versions it updates.
 * @throws MachineError `INVALID_INPUT` unless 1 ≤ index ≤ count ≤ MAX_SHARDS
 */
export function shardRegistry(shard: ShardPosition): MachineRegistry {
  const { index, count } = shard ?? ({} as ShardPosition);
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS || !Number.isInteger(index) || index < 1 || index > count) {
    throw new MachineError('INVALID_INPUT', `a shard is 1 ≤ index ≤ count ≤ ${MAX_SHARDS}: ${String(index)} of ${String(count)}`);
  }
  const chainEnds = index === count ? [memImageChain, zeroPages, memZeroChain] : [];
  return machineRegistry(`${SHARD_AIR_NAME} ${index}/${count}`, [program, u16Table, andTable, shiftTable, regBoundary(shard), memShard(shard), ...chainEnds, ...EXECUTION_FAMILIES]);
}

/**
 * The component table of a registry as Markdown (component, size, opcodes, main columns): `docs/machine.md`
 * carries this table and a test keeps the two equal.
 */
export function familyTable(registry: MachineRegistry = RV32IM): string {
  const lines = ['| Component | Rows | Proves | Main columns |', '|---|---|---|---|'];
  for (const f of registry.families) {
    const ops = f.ops.map((op) => (op === Op.ECALL ? `ecall (a7 ∈ {${f.syscalls.join(', ')}})` : OP_NAMES[op]!.toUpperCase())).join(', ');
    const rows = f.sizeKey !== undefined ? `run (\`${f.sizeKey}\`)` : 'program';
    lines.push(`| \`${f.name}\` | ${rows} | ${ops || '—'} | ${f.columns.length} |`);
  }
  return lines.join('\n');
}
