/**
 * The cycle profiler: where a guest's cycles go. Proving cost grows with cycles, so this is the cost model a
 * guest author optimises against.
 *
 * {@link profile} runs the program once with the traced executor (the same instructions the prover sees, no
 * second interpreter) and attributes every cycle to the function holding its pc, using the ELF's symbol
 * table. Call stacks are rebuilt from the RISC-V calling convention: the return-address-stack hints of the
 * unprivileged spec (`jal`/`jalr` with rd ∈ {x1, x5} push, `jalr` with rs1 ∈ {x1, x5} and another rd pops,
 * both link registers: pop then push). Code that enters another function without a call (tail calls,
 * fall-through) replaces the top frame, so a stack never goes negative and never lies about its leaf.
 *
 * The result is frozen and plain: per-function self and total cycles, per-system-call counts and bytes, and
 * the stack tree with the time-ordered samples that `profile-format.ts` turns into a table, a flame graph
 * and a speedscope file.
 * @module
 */
import { decode, Op } from './decoder.js';
import { demangle } from './demangle.js';
import { parseElf, PF_X, type ElfImage } from './elf.js';
import { readCodeSymbols, type CodeSymbol } from './elf-symbols.js';
import { hex32 } from './errors.js';
import { execute } from './executor.js';
import { Syscall } from './syscalls.js';

/** Default cap on the call-stack depth: deeper calls are folded into the deepest frame. */
export const DEFAULT_MAX_STACK_DEPTH = 1024;

/** Options of {@link profile}. */
export interface ProfileOptions {
  /** Bytes the guest reads from fd 0. */
  privateInput?: Uint8Array;
  /** Bytes the guest reads from fd 3. */
  publicInput?: Uint8Array;
  /** As for `execute`: stop with a `cycle-limit` VmError after this many instructions. */
  maxCycles?: number;
  /** As for `execute`: the largest memory image accepted. */
  memoryLimit?: number;
  /** Frames kept per stack (default {@link DEFAULT_MAX_STACK_DEPTH}); a runaway recursion stays bounded. */
  maxStackDepth?: number;
}

/** A function as the profile names it. */
export interface ProfileFrame {
  /** Demangled name; the hex address of its entry when no symbol covers it. */
  readonly name: string;
  /** The symbol as stored in the ELF (mangled), or the hex address. */
  readonly symbol: string;
  /** Entry address (the symbol's, or the call target's when there is no symbol). */
  readonly address: number;
}

/** Cycles of one function. */
export interface FunctionStats {
  /** Index in {@link Profile.frames}. */
  readonly frame: number;
  /** As in {@link ProfileFrame.name}. */
  readonly name: string;
  /** Entry address. */
  readonly address: number;
  /** Cycles retired at a pc inside the function. */
  readonly selfCycles: number;
  /** Cycles retired while the function was on the stack (recursion counted once). */
  readonly totalCycles: number;
  /** `selfCycles / cycles`. */
  readonly selfShare: number;
  /** `totalCycles / cycles`. */
  readonly totalShare: number;
  /** Times it was entered by a call. */
  readonly calls: number;
}

/** One system call number's cost. */
export interface SyscallStats {
  /** a7. */
  readonly number: number;
  /** `read`, `write`, `exit`. */
  readonly name: string;
  /** `ecall`s with this number. */
  readonly calls: number;
  /** Cycles of the `ecall` instructions themselves: one each (the I/O cost is in the bytes). */
  readonly cycles: number;
  /** Bytes moved (read: bytes returned; write: bytes written; exit: 0). Each byte is one copy row in a proof. */
  readonly bytes: number;
}

/** A node of the stack tree: one frame reached through one path from the root. */
export interface StackNode {
  /** Parent node, -1 for the first frame of a stack (the tree's root is implicit). */
  readonly parent: number;
  /** Index in {@link Profile.frames}. */
  readonly frame: number;
  /** Frames from the root: 1 for the entry function. */
  readonly depth: number;
  /** Cycles with exactly this stack. */
  readonly selfCycles: number;
  /** Cycles with this stack or one below it. */
  readonly totalCycles: number;
}

/** What {@link profile} measured. */
export interface Profile {
  /** Cycles of the run, the final `ecall` included: the sum of every node's and sample's cycles. */
  readonly cycles: number;
  /** The guest's exit code. */
  readonly exitCode: number;
  /** Where names come from: the ELF's symbol table, or none (every frame is a hex address). */
  readonly symbolSource: 'symtab' | 'none';
  /** Why symbols are missing or partial, when they are. */
  readonly symbolProblem?: string;
  /** Every function seen, in order of first appearance; `frame` fields index this. */
  readonly frames: readonly ProfileFrame[];
  /** Every function seen, by self cycles (most first), then by address. */
  readonly functions: readonly FunctionStats[];
  /** By syscall number. */
  readonly syscalls: readonly SyscallStats[];
  /** The stack tree; a parent's index is always lower than its children's. */
  readonly nodes: readonly StackNode[];
  /** Time-ordered runs of identical stacks: `sampleNodes[i]` held for `sampleCycles[i]` consecutive cycles. */
  readonly sampleNodes: readonly number[];
  /** Cycles of each run in {@link sampleNodes}; they add up to {@link cycles}. */
  readonly sampleCycles: readonly number[];
  /** Greatest stack depth reached (capped at the option). */
  readonly maxDepth: number;
}

const PUSH = 1;
const POP = 2;
const SYSCALL_NAMES: Readonly<Record<number, string>> = { [Syscall.READ]: 'read', [Syscall.WRITE]: 'write', [Syscall.EXIT]: 'exit' };

/** Whether register `r` is a link register (ra or t0) in the spec's return-address-stack hints. */
const isLink = (r: number) => r === 1 || r === 5;

/**
 * Profiles a program from its ELF file: parses it (symbols included), runs it to its exit, and attributes
 * every cycle.
 * @throws ElfError for a malformed program; VmError for a guest fault or the cycle limit (as `execute`)
 */
export function profile(elf: Uint8Array, options: ProfileOptions = {}): Profile {
  const image = parseElf(elf);
  const table = readCodeSymbols(elf);
  return profileImage(image, table.symbols, options, table.problem);
}

/**
 * Profiles a loaded image with the given code symbols (sorted by address, as `readCodeSymbols` returns them;
 * none gives a profile by call-target address).
 * @param symbolProblem carried into the result, to say why symbols are missing
 */
export function profileImage(image: ElfImage, symbols: readonly CodeSymbol[], options: ProfileOptions = {}, symbolProblem?: string): Profile {
  const maxStackDepth = options.maxStackDepth ?? DEFAULT_MAX_STACK_DEPTH;
  if (!(Number.isSafeInteger(maxStackDepth) && maxStackDepth >= 1)) throw new RangeError(`maxStackDepth must be a positive integer, got ${maxStackDepth}`);
  const code = codeMap(image, symbols);
  const frames: ProfileFrame[] = [];
  const symFrame = new Int32Array(symbols.length).fill(-1);
  const addrFrame = new Map<number, number>();
  const frameOfSymbol = (k: number): number => {
    if (symFrame[k]! < 0) {
      const s = symbols[k]!;
      symFrame[k] = frames.push(Object.freeze({ name: demangle(s.name), symbol: s.name, address: s.address })) - 1;
    }
    return symFrame[k]!;
  };
  const frameOfAddress = (pc: number): number => {
    let f = addrFrame.get(pc);
    if (f === undefined) {
      f = frames.push(Object.freeze({ name: hex32(pc), symbol: hex32(pc), address: pc })) - 1;
      addrFrame.set(pc, f);
    }
    return f;
  };

  // The stack tree, in growable columns; node 0 is the implicit root.
  const parent: number[] = [-1];
  const nodeFrame: number[] = [-1];
  const depthOf: number[] = [0];
  const selfW: number[] = [0];
  const children: (Map<number, number> | undefined)[] = [undefined];
  const child = (p: number, f: number): number => {
    const kids = (children[p] ??= new Map());
    let n = kids.get(f);
    if (n === undefined) {
      n = parent.push(p) - 1;
      nodeFrame.push(f);
      depthOf.push(depthOf[p]! + 1);
      selfW.push(0);
      children.push(undefined);
      kids.set(f, n);
    }
    return n;
  };
  const calls: number[] = [];

  const sampleNodes: number[] = [];
  const sampleCycles: number[] = [];
  let cur = 0;
  let overflow = 0; // calls made beyond the depth cap, folded into the deepest frame
  let pending = PUSH; // the first cycle enters the entry function as if called
  let runNode = -1;
  let run = 0;
  let maxDepth = 0;
  const { base, kind, sym } = code;

  const onChunk = (pcs: Uint32Array, length: number): void => {
    for (let j = 0; j < length; j++) {
      const pc = pcs[j]!;
      const i = (pc - base) >>> 2;
      const k = i < sym.length ? sym[i]! : -1;
      if (pending !== 0) {
        if (pending & POP) {
          if (overflow > 0) overflow--;
          else if (depthOf[cur]! > 1) cur = parent[cur]!;
        }
        if (pending & PUSH) {
          const f = k >= 0 ? frameOfSymbol(k) : frameOfAddress(pc);
          calls[f] = (calls[f] ?? 0) + 1;
          if (depthOf[cur]! >= maxStackDepth) {
            overflow++;
            cur = child(parent[cur]!, f);
          } else cur = child(cur, f);
          if (depthOf[cur]! > maxDepth) maxDepth = depthOf[cur]!;
        }
        pending = 0;
      }
      if (k >= 0) {
        const f = frameOfSymbol(k);
        // Entered without a call (tail call, fall-through, a return we could not see): the leaf is replaced.
        if (f !== nodeFrame[cur]) cur = child(parent[cur]!, f);
      }
      selfW[cur]!++;
      if (cur === runNode) run++;
      else {
        if (run > 0) {
          sampleNodes.push(runNode);
          sampleCycles.push(run);
        }
        runNode = cur;
        run = 1;
      }
      if (i < kind.length) pending = kind[i]!;
    }
  };

  const result = execute(image, {
    mode: 'traced',
    ...(options.privateInput === undefined ? {} : { privateInput: options.privateInput }),
    ...(options.publicInput === undefined ? {} : { publicInput: options.publicInput }),
    ...(options.maxCycles === undefined ? {} : { maxCycles: options.maxCycles }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
    onTraceChunk: (c) => onChunk(c.pc, c.length),
  });
  if (run > 0) {
    sampleNodes.push(runNode);
    sampleCycles.push(run);
  }
  const cycles = result.cycles;

  // Inclusive cycles per node (children have higher indices), and per function (each frame once per path).
  const count = parent.length;
  const totalW = selfW.slice();
  for (let n = count - 1; n > 0; n--) totalW[parent[n]!]! += totalW[n]!;
  const selfF = new Float64Array(frames.length);
  const totalF = new Float64Array(frames.length);
  const stamp = new Int32Array(frames.length).fill(-1);
  for (let n = 1; n < count; n++) {
    const w = selfW[n]!;
    if (w === 0) continue;
    selfF[nodeFrame[n]!]! += w;
    for (let a = n; a > 0; a = parent[a]!) {
      const f = nodeFrame[a]!;
      if (stamp[f] === n) continue;
      stamp[f] = n;
      totalF[f]! += w;
    }
  }
  const share = (x: number) => (cycles === 0 ? 0 : x / cycles);
  const functions = frames
    .map((fr, f) =>
      Object.freeze({
        frame: f,
        name: fr.name,
        address: fr.address,
        selfCycles: selfF[f]!,
        totalCycles: totalF[f]!,
        selfShare: share(selfF[f]!),
        totalShare: share(totalF[f]!),
        calls: calls[f] ?? 0,
      }),
    )
    .sort((a, b) => b.selfCycles - a.selfCycles || b.totalCycles - a.totalCycles || a.address - b.address);

  const sys = new Map<number, { calls: number; bytes: number }>();
  for (const e of result.trace?.ecalls ?? []) {
    const s = sys.get(e.number) ?? { calls: 0, bytes: 0 };
    s.calls++;
    if (e.number === Syscall.READ || e.number === Syscall.WRITE) s.bytes += e.result >>> 0;
    sys.set(e.number, s);
  }
  const syscalls = [...sys.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([number, s]) => Object.freeze({ number, name: SYSCALL_NAMES[number] ?? `syscall ${number}`, calls: s.calls, cycles: s.calls, bytes: s.bytes }));

  // The root is implicit in the result: node n here is n + 1 there.
  const nodes = parent.slice(1).map((p, n) =>
    Object.freeze({ parent: p - 1, frame: nodeFrame[n + 1]!, depth: depthOf[n + 1]!, selfCycles: selfW[n + 1]!, totalCycles: totalW[n + 1]! }),
  );
  return Object.freeze({
    cycles,
    exitCode: result.exitCode,
    symbolSource: symbols.length > 0 ? 'symtab' : 'none',
    ...(symbolProblem === undefined ? {} : { symbolProblem }),
    frames: Object.freeze(frames),
    functions: Object.freeze(functions),
    syscalls: Object.freeze(syscalls),
    nodes: Object.freeze(nodes),
    sampleNodes: Object.freeze(sampleNodes.map((n) => n - 1)),
    sampleCycles: Object.freeze(sampleCycles),
    maxDepth,
  });
}

/**
 * Per word of the executable segments: its call/return kind and the index of the symbol holding it (-1 in a
 * gap), computed once so the per-cycle loop is two array reads.
 */
function codeMap(image: ElfImage, symbols: readonly CodeSymbol[]): { base: number; kind: Uint8Array; sym: Int32Array } {
  const exec = image.segments.filter((s) => s.flags & PF_X);
  const base = Math.min(...exec.map((s) => s.vaddr)) & ~3;
  // Past a segment's file bytes its words are zero (illegal): they can hold no call and no function worth naming.
  const top = Math.max(...exec.map((s) => s.vaddr + s.data.length));
  const words = Math.ceil((top - base) / 4);
  const kind = new Uint8Array(words);
  const sym = new Int32Array(words).fill(-1);
  for (const s of exec) {
    const dv = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
    for (let o = 0; o + 4 <= s.data.length; o += 4) {
      const d = decode(dv.getUint32(o, true));
      const i = (s.vaddr + o - base) >>> 2;
      if (d.op === Op.JAL) kind[i] = isLink(d.rd) ? PUSH : 0;
      else if (d.op === Op.JALR) {
        const push = isLink(d.rd);
        const pop = isLink(d.rs1) && d.rs1 !== d.rd;
        kind[i] = (push ? PUSH : 0) | (pop ? POP : 0);
      }
    }
  }
  // Symbols clipped to the code window: zero-size symbols otherwise reach the end of the address space.
  let k = 0;
  for (let i = 0; i < words; i++) {
    const pc = base + 4 * i;
    while (k < symbols.length && symbols[k]!.end <= pc) k++;
    if (k < symbols.length && symbols[k]!.address <= pc) sym[i] = k;
  }
  return { base, kind, sym };
}
