/**
 * Sharded proofs from witnesses a forger controls, for the continuation soundness tests
 * (`test/machine/shards-forgery.test.ts`). It builds every shard's witness the way the prover does
 * (`src/machine/prover/shards.ts` `forEachShard`: one {@link RunState} carried from shard to shard), but
 * from a trace it replays itself (`replay.ts`), so that a change of the machine state at a shard boundary
 * (a {@link Poke}) reaches both the witness builder and every later cycle's values: each shard then stays
 * locally consistent and only the boundary disagrees. Proving follows the two phases of the prover
 * (commit every shard, draw the joint challenges, prove every shard with them), with the main digests
 * cached per witness so a test re-proves only what it changed. {@link unbalancedRelations} names the
 * relations whose tuples a set of shards leaves unmatched (the multiset behind the logUp sums), so a test
 * can say which link of the argument a forgery breaks. Test-only code; it never touches `src/`.
 */
import {
  commitShardTrace,
  machineMinLogSize,
  machineProgram,
  machineStatement,
  MEM_SHARD,
  proveShardWithLink,
  recountTables,
  runState,
  shardAir,
  shardLink,
  shardRegistry,
  shardWitness,
  statementDigest,
  traceColumn,
  HALT,
  IN,
  IN_LEN,
  N_REGS,
  OUT,
  PC_CELL,
  REG_CHAIN,
  SHARD_END_TAG,
  SHARED_RELATIONS,
  ZERO_END,
} from '../../src/machine/index.js';
import { lookupLoop, preprocessedReads } from '../../src/machine/prover/lookup-eval.js';
import type { Relation } from '../../src/air/index.js';
import { m31 } from '../../src/field/index.js';
import type { MachineProgram, MachineStatement, MachineTrace, RunState, ShardedMachineProof, ShardPosition, ShardProof, WitnessInputs } from '../../src/machine/index.js';
import { TEST_STARK_CONFIG } from '../../src/stark/index.js';
import type { ProofLink } from '../../src/stark/index.js';
import { execute, programIdHex } from '../../src/vm/index.js';
import type { ElfImage, ExecutionTrace, TraceChunk } from '../../src/vm/index.js';
import { replayTrace } from './replay.js';

/** The smallest shard the prover accepts (`MIN_SHARD_CYCLES`): the forgery tests' shard size. */
export const SHARD_CYCLES = 2 ** 10;
/** The zero-knowledge seed of the tests' shard proofs (fixed, so the proofs are reproducible). */
export const SHARD_SEED = new Uint8Array(32).fill(7);

/** A guest run to shard: the image, its inputs, its machine program and the pcs the executor ran. */
export interface ShardedGuest {
  readonly image: ElfImage;
  readonly inputs: WitnessInputs;
  readonly program: MachineProgram;
  readonly pcs: Uint32Array;
}

/** Runs `image` on `inputs` (traced) and keeps what {@link buildShards} needs. */
export function shardedGuest(image: ElfImage, inputs: WitnessInputs = {}): ShardedGuest {
  const result = execute(image, { mode: 'traced', publicInput: inputs.publicInput, privateInput: inputs.privateInput });
  return Object.freeze({ image, inputs, program: machineProgram(image, machineMinLogSize(TEST_STARK_CONFIG)), pcs: result.trace!.pc.slice() });
}

/**
 * A change of the machine state at the start of shard `shard` (1-based): register cell `reg` (x0..x31,
 * or a virtual register such as the I/O cursors 33 and 34) or window word `word` (index into
 * `RunState.words`) becomes `value`. The replayed trace follows registers x1..x31 and memory; the
 * virtual registers exist only in the witness builder, which computes the I/O rows from them.
 */
export interface Poke {
  readonly shard: number;
  readonly reg?: number;
  readonly word?: number;
  readonly value: number;
}

/** Options of {@link buildShards}. */
export interface BuildShardsOptions {
  /** First cycle of each shard (default: multiples of {@link SHARD_CYCLES}). */
  readonly cuts?: readonly number[];
  /** Position of each shard (default: index i + 1 of the number of cuts). */
  readonly positions?: readonly ShardPosition[];
  readonly pokes?: readonly Poke[];
  /** Called after shard `index` (1-based) is built, with the builder's state: a forger may change it. */
  readonly after?: (index: number, t: MachineTrace, state: RunState, lastShard: Uint16Array) => void;
}

/** What {@link buildShards} returns: the shards' witnesses, what they claim, and the builder's final state. */
export interface ShardWitnesses {
  readonly traces: readonly MachineTrace[];
  readonly statement: MachineStatement;
  readonly state: RunState;
  readonly lastShard: Uint16Array;
  readonly trace: ExecutionTrace;
}

/** Cycles [start, end) of a trace. */
export function sliceTrace(trace: TraceChunk, start: number, end: number): TraceChunk {
  return Object.freeze({
    length: end - start,
    pc: trace.pc.subarray(start, end),
    rs1: trace.rs1.subarray(start, end),
    rs2: trace.rs2.subarray(start, end),
    rd: trace.rd.subarray(start, end),
    mem: trace.mem.subarray(start, end),
  });
}

/**
 * Builds every shard's witness of `guest` (see the module comment). The statement is what the witnesses
 * claim: the program, the public input, the bytes the copy rows wrote and the last shard's exit code.
 */
export function buildShards(guest: ShardedGuest, options: BuildShardsOptions = {}): ShardWitnesses {
  const n = guest.pcs.length;
  const cuts = options.cuts ?? Array.from({ length: Math.ceil(n / SHARD_CYCLES) }, (_, i) => i * SHARD_CYCLES);
  const pokes = options.pokes ?? [];
  const trace = replayTrace(guest.image, guest.pcs, guest.inputs, (cycle, regs, mem) => {
    for (const p of pokes) {
      if (cuts[p.shard - 1] !== cycle) continue;
      if (p.reg !== undefined && p.reg > 0 && p.reg < 32) regs[p.reg] = p.value;
      if (p.word !== undefined) mem.i32[p.word] = p.value;
    }
  });
  const state = runState(guest.image, guest.inputs);
  const lastShard = new Uint16Array(state.words.length);
  const traces = cuts.map((start, i) => {
    const end = cuts[i + 1] ?? n;
    for (const p of pokes) {
      if (p.shard !== i + 1) continue;
      if (p.reg !== undefined) state.regs[p.reg] = p.value;
      if (p.word !== undefined) state.words[p.word] = p.value;
    }
    const position = options.positions?.[i] ?? { index: i + 1, count: cuts.length };
    const t = shardWitness(state, sliceTrace(trace, start, end), guest.program, position, lastShard, end < n ? trace.pc[end]! : 0);
    options.after?.(i + 1, t, state, lastShard);
    return t;
  });
  const statement = machineStatement({
    programId: programIdHex(guest.image),
    exitCode: traces[traces.length - 1]!.exitCode,
    publicInput: guest.inputs.publicInput ?? new Uint8Array(0),
    publicOutput: Uint8Array.from(state.output),
  });
  return Object.freeze({ traces: Object.freeze(traces), statement, state, lastShard, trace });
}

function job(guest: ShardedGuest, statement: MachineStatement, index: number, count: number, seed: Uint8Array) {
  return { run: { image: guest.image, config: TEST_STARK_CONFIG, shardCycles: SHARD_CYCLES }, statement, index, count, seed };
}

const digestCache = new WeakMap<MachineTrace, Map<string, Uint8Array>>();

/**
 * Phase one for shard `index` of `count`: the main digest of `t` under `statement` (cached per witness,
 * statement, position and seed; a test that edits a witness's columns after committing it must use a copy).
 */
export function shardDigest(guest: ShardedGuest, t: MachineTrace, statement: MachineStatement, index: number, count: number, seed: Uint8Array = SHARD_SEED): Uint8Array {
  const key = `${Buffer.from(statementDigest(statement)).toString('hex')}/${index}/${count}/${Buffer.from(seed).toString('hex')}`;
  let byKey = digestCache.get(t);
  if (!byKey) digestCache.set(t, (byKey = new Map()));
  let d = byKey.get(key);
  if (!d) byKey.set(key, (d = commitShardTrace(t, job(guest, statement, index, count, seed), {})));
  return d;
}

/** Phase two for shard `index` of `count`: `t` proven under `link` (the same randomness as its commitment). */
export function proveShard(guest: ShardedGuest, t: MachineTrace, statement: MachineStatement, index: number, count: number, link: ProofLink, seed: Uint8Array = SHARD_SEED): ShardProof {
  return proveShardWithLink(t, job(guest, statement, index, count, seed), link);
}

/** The joint challenges of `traces` (in order, as shards 1..K) under `statement`. */
export function linkOf(guest: ShardedGuest, traces: readonly MachineTrace[], statement: MachineStatement): ProofLink {
  return shardLink(statement, traces.map((t, i) => shardDigest(guest, t, statement, i + 1, traces.length)));
}

/** Both phases for `traces` as shards 1..K of a run with `statement`: the sharded proof a prover of these witnesses sends. */
export function proveShards(guest: ShardedGuest, traces: readonly MachineTrace[], statement: MachineStatement): ShardedMachineProof {
  const link = linkOf(guest, traces, statement);
  return Object.freeze({ shards: Object.freeze(traces.map((t, i) => proveShard(guest, t, statement, i + 1, traces.length, link))) });
}

/** A copy of `t` with its own columns (a forger edits the copy; the original's cached digest stays valid). */
export function cloneShardTrace(t: MachineTrace): MachineTrace {
  return Object.freeze({ ...t, columns: t.columns.map((cs) => cs.map((c) => c.slice())) });
}

/**
 * `t`'s columns as a witness of the shard AIR at `position`: the components that AIR has, in its order
 * (a last shard's image and zero-RAM rows are dropped for a middle position), the tables recounted.
 * The columns are copies. @throws Error if the AIR has a component `t` lacks
 */
export function asShard(t: MachineTrace, program: MachineProgram, position: ShardPosition): MachineTrace {
  const registry = shardRegistry(position);
  const sizes = Object.fromEntries(registry.sizeKeys.map((k) => [k, (t.sizes as unknown as Record<string, number>)[k]!]));
  const air = shardAir(program, sizes, position);
  const columns = air.components.map((c) => {
    const i = t.air.components.findIndex((d) => d.name === c.name);
    if (i < 0) throw new Error(`the witness has no component ${c.name}`);
    return t.columns[i]!.map((col) => col.slice());
  });
  const out: MachineTrace = Object.freeze({ ...t, registry, air, sizes: Object.freeze(sizes) as unknown as MachineTrace['sizes'], columns });
  recountTables(out);
  return out;
}

/** Word index W of each real `mem_shard` row of `t`, in row order. */
export function memShardWords(t: MachineTrace): number[] {
  const real = traceColumn(t, MEM_SHARD, 'is_real');
  const lo = traceColumn(t, MEM_SHARD, 'w_lo');
  const hi = traceColumn(t, MEM_SHARD, 'w_hi');
  const out: number[] = [];
  for (let r = 0; r < real.length && real[r] === 1; r++) out.push(lo[r]! + 2 ** 13 * hi[r]!);
  return out;
}

/**
 * Inserts a row into `t`'s `mem_shard` at row `at` (the later rows move down one; the table must have a
 * padding row to spare), with `values` by column name (others 0, `is_real` 1), keeps `is_last` on the
 * table's last row, and recounts the tables. `t` is edited in place: pass a copy.
 */
export function insertMemShardRow(t: MachineTrace, at: number, values: Readonly<Record<string, number>>): void {
  const ci = t.air.components.findIndex((c) => c.name === MEM_SHARD);
  const names = t.air.components[ci]!.mainNames;
  const cols = t.columns[ci]!;
  const real = traceColumn(t, MEM_SHARD, 'is_real');
  const n = real.length;
  if (real[n - 1] !== 0) throw new Error('mem_shard has no padding row to spare');
  for (const [j, col] of cols.entries()) {
    col.copyWithin(at + 1, at, n - 1);
    col[at] = names[j] === 'is_real' ? 1 : values[names[j]!] ?? 0;
  }
  const isLast = traceColumn(t, MEM_SHARD, 'is_last');
  isLast.fill(0);
  isLast[n - 1] = 1;
  recountTables(t);
}

/**
 * The relations whose tuples do not balance over `traces` taken as shards 1..K of a run with `statement`
 * (sorted names): per shard for its own relations, over all shards for the shared ones, with the public
 * tuples the verifier adds (`air.ts` `jointTerms` and the shards' local terms). Exact multiset counting
 * (net multiplicity per tuple, in the field), so it says which relation makes the logUp total non-zero.
 */
export function unbalancedRelations(traces: readonly MachineTrace[], statement: MachineStatement, program: MachineProgram): string[] {
  const shared = new Set(SHARED_RELATIONS.map((r) => r.name));
  const bad = new Set<string>();
  const joint = new Map<string, number>();
  // A use may name fewer values than the relation's arity: the rest are 0 (the program table's fields).
  const count = (map: Map<string, number>, rel: Relation, values: ArrayLike<number>, m: number) => {
    const key = `${rel.name}:${Array.from({ length: rel.arity }, (_, j) => values[j] ?? 0).join(',')}`;
    map.set(key, m31.add(map.get(key) ?? 0, m));
  };
  const settle = (map: Map<string, number>) => {
    for (const [key, m] of map) if (m !== 0) bad.add(key.slice(0, key.indexOf(':')));
  };
  traces.forEach((t, i) => {
    const local = new Map<string, number>();
    const preValues = new Map<number, Uint32Array>();
    const preColumn = (g: number) => {
      let col = preValues.get(g);
      if (!col) preValues.set(g, (col = t.air.preprocessed[g]!.values()));
      return col;
    };
    t.air.components.forEach((c, ci) => {
      const preIds = t.air.layout[ci]!.preprocessed;
      for (const l of c.lookups) {
        const pre: Uint32Array[] = [];
        for (const k of preprocessedReads([l.multiplicity, ...l.values])) pre[k] = preColumn(preIds[k]!);
        const v = new Float64Array(l.values.length);
        const map = shared.has(l.relation.name) ? joint : local;
        lookupLoop(l.multiplicity, l.values)(2 ** c.logSize, t.columns[ci]!, pre, v, (m) => count(map, l.relation, v, l.kind === 'use' ? m31.neg(m) : m));
      }
    });
    count(local, ZERO_END, [SHARD_END_TAG], m31.neg(1));
    if (i === traces.length - 1) count(local, ZERO_END, [0], m31.neg(1));
    settle(local);
  });
  const { publicInput: input, publicOutput: output } = statement;
  const code = statement.exitCode >>> 0;
  for (let r = 0; r < N_REGS; r++) count(joint, REG_CHAIN, [r, r === IN_LEN ? input.length : 0, 0, 0], 1);
  count(joint, REG_CHAIN, [PC_CELL, program.table.entry, 0, 0], 1);
  count(joint, HALT, [code & 0xffff, code >>> 16, output.length], m31.neg(1));
  input.forEach((x, j) => count(joint, IN, [j, x], 1));
  output.forEach((y, j) => count(joint, OUT, [j, y], m31.neg(1)));
  settle(joint);
  return [...bad].sort();
}
