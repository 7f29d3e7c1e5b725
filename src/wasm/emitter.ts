/**
 * A tiny WebAssembly binary emitter: enough to build, at run time, modules of straight-line SIMD kernels
 * (the compiled AIR constraint kernels) without any assembler. One module = function types, an imported
 * memory `env.memory` (shared or not, to match the memory it will be instantiated against), functions
 * with locals, and their exports. Instructions are written through {@link Code}, one method per opcode
 * used by the kernels (integer/v128 arithmetic, loads and stores, lanes, shuffles, structured control).
 *
 * Dependency-free on purpose: the library keeps zero runtime dependencies, and wabt (dev-only) is used by
 * the tests as the oracle for the byte encodings.
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';

/** Value types (their binary codes). */
export const ValType = Object.freeze({ i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const);
/** A value type code. */
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Why the emitter refused: only malformed input exists. */
export type WasmEmitErrorCode = 'INVALID_INPUT';

/** Error for malformed emitter input (bad immediates, unbalanced blocks). */
export class WasmEmitError extends ZkvmError<WasmEmitErrorCode> {
  override readonly name = 'WasmEmitError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}

/** Appends the unsigned LEB128 encoding of `n` (a safe non-negative integer) to `out`. */
export function uleb(out: number[], n: number): void {
  // Fast path: most immediates (local indices, opcodes, small offsets) are one byte.
  if (n >>> 0 === n && n < 0x80) {
    out.push(n);
    return;
  }
  if (!Number.isSafeInteger(n) || n < 0) throw new WasmEmitError(`not an unsigned LEB128 value: ${String(n)}`);
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
}

/** Appends the signed LEB128 encoding of `n` (a safe integer) to `out`. */
export function sleb(out: number[], n: number): void {
  if (!Number.isSafeInteger(n)) throw new WasmEmitError(`not a signed LEB128 value: ${String(n)}`);
  for (;;) {
    const b = ((n % 128) + 128) % 128;
    n = Math.floor(n / 128);
    const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return;
  }
}

const SIMD = 0xfd;

/** SIMD opcodes (after the 0xfd prefix) of the v128 instructions {@link Code} emits by name. */
export const SimdOp = Object.freeze({
  'v128.and': 0x4e,
  'v128.or': 0x50,
  'v128.xor': 0x51,
  'i32x4.shl': 0xab,
  'i32x4.shr_u': 0xad,
  'i32x4.add': 0xae,
  'i32x4.sub': 0xb1,
  'i32x4.mul': 0xb5,
  'i32x4.min_u': 0xb7,
  'i32x4.max_u': 0xb9,
  'i32x4.eq': 0x37,
  'i64x2.extend_low_i32x4_u': 0xc9,
  'i64x2.extend_high_i32x4_u': 0xca,
  'i64x2.shl': 0xcb,
  'i64x2.shr_u': 0xcd,
  'i64x2.add': 0xce,
  'i64x2.sub': 0xd1,
  'i64x2.extmul_low_i32x4_u': 0xde,
  'i64x2.extmul_high_i32x4_u': 0xdf,
  'i32x4.splat': 0x11,
  'i64x2.splat': 0x12,
} as const);
/** Names of the simple (immediate-free) SIMD instructions. */
export type SimdOpName = keyof typeof SimdOp;

/** Core (non-prefixed) opcodes of the immediate-free instructions {@link Code} emits by name. */
export const CoreOp = Object.freeze({
  'i32.eqz': 0x45,
  'i32.eq': 0x46,
  'i32.ne': 0x47,
  'i32.lt_u': 0x49,
  'i32.ge_u': 0x4f,
  'i32.add': 0x6a,
  'i32.sub': 0x6b,
  'i32.mul': 0x6c,
  'i32.and': 0x71,
  'i32.shl': 0x74,
  'i32.shr_u': 0x76,
  'i64.add': 0x7c,
  return: 0x0f,
  drop: 0x1a,
} as const);
/** Names of the immediate-free core instructions. */
export type CoreOpName = keyof typeof CoreOp;

/** A function body under construction: instructions are appended in order (stack machine). */
export class Code {
  /** The encoded instructions so far (without the final `end`). */
  readonly bytes: number[] = [];
  #depth = 0;

  /** An immediate-free core instruction (`i32.add`, `i32.lt_u`, `return`, …). */
  op(name: CoreOpName): this {
    this.bytes.push(CoreOp[name]);
    return this;
  }

  /** An immediate-free SIMD instruction (`i32x4.add`, `i64x2.extmul_low_i32x4_u`, …). */
  simd(name: SimdOpName): this {
    return this.#simd(SimdOp[name]);
  }

  #simd(op: number): this {
    this.bytes.push(SIMD);
    uleb(this.bytes, op);
    return this;
  }

  #memarg(alignLog2: number, offset: number): void {
    uleb(this.bytes, alignLog2);
    uleb(this.bytes, offset);
  }

  #lane(lane: number, lanes: number): void {
    if (!Number.isInteger(lane) || lane < 0 || lane >= lanes) throw new WasmEmitError(`lane out of range: ${String(lane)}`);
    this.bytes.push(lane);
  }

  /** `local.get i`. */
  get(i: number): this {
    this.bytes.push(0x20);
    uleb(this.bytes, i);
    return this;
  }

  /** `local.set i`. */
  set(i: number): this {
    this.bytes.push(0x21);
    uleb(this.bytes, i);
    return this;
  }

  /** `local.tee i`. */
  tee(i: number): this {
    this.bytes.push(0x22);
    uleb(this.bytes, i);
    return this;
  }

  /** `i32.const n` (n in the signed or unsigned 32-bit range). */
  i32Const(n: number): this {
    if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 32) throw new WasmEmitError(`not an i32: ${String(n)}`);
    this.bytes.push(0x41);
    sleb(this.bytes, n | 0);
    return this;
  }

  /** `i32.load offset=…` (4-byte aligned). */
  i32Load(offset = 0): this {
    this.bytes.push(0x28);
    this.#memarg(2, offset);
    return this;
  }

  /** `i32.store offset=…` (4-byte aligned). */
  i32Store(offset = 0): this {
    this.bytes.push(0x36);
    this.#memarg(2, offset);
    return this;
  }

  /** `v128.load offset=…` (16-byte aligned hint). */
  v128Load(offset = 0): this {
    this.#simd(0x00);
    this.#memarg(4, offset);
    return this;
  }

  /** `v128.store offset=…`. */
  v128Store(offset = 0): this {
    this.#simd(0x0b);
    this.#memarg(4, offset);
    return this;
  }

  /** `v128.load32_splat offset=…`. */
  v128Load32Splat(offset = 0): this {
    this.#simd(0x09);
    this.#memarg(2, offset);
    return this;
  }

  /** `v128.load32_zero offset=…`. */
  v128Load32Zero(offset = 0): this {
    this.#simd(0x5c);
    this.#memarg(2, offset);
    return this;
  }

  /** `v128.load32_lane offset=… lane` (stack: address, vector). */
  v128Load32Lane(lane: number, offset = 0): this {
    this.#simd(0x56);
    this.#memarg(2, offset);
    this.#lane(lane, 4);
    return this;
  }

  /** `v128.const i32x4 a b c d`. */
  v128ConstI32x4(lanes: readonly [number, number, number, number]): this {
    this.#simd(0x0c);
    for (const v of lanes) {
      if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 32) throw new WasmEmitError(`not an i32 lane: ${String(v)}`);
      const u = v >>> 0;
      this.bytes.push(u & 0xff, (u >>> 8) & 0xff, (u >>> 16) & 0xff, u >>> 24);
    }
    return this;
  }

  /** `v128.const` with all four i32 lanes equal to `v`. */
  v128Splat32(v: number): this {
    return this.v128ConstI32x4([v, v, v, v]);
  }

  /** `i8x16.shuffle` with 32-bit lane indices (0–3 from the first operand, 4–7 from the second). */
  shuffle32(lanes: readonly [number, number, number, number]): this {
    this.#simd(0x0d);
    for (const l of lanes) {
      this.#lane(l, 8);
      this.bytes.pop();
      this.bytes.push(4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3);
    }
    return this;
  }

  /** `i32x4.extract_lane lane`. */
  i32x4ExtractLane(lane: number): this {
    this.#simd(0x1b);
    this.#lane(lane, 4);
    return this;
  }

  /** `i32x4.replace_lane lane`. */
  i32x4ReplaceLane(lane: number): this {
    this.#simd(0x1c);
    this.#lane(lane, 4);
    return this;
  }

  /** `block` (no result). Close with {@link end}. */
  block(): this {
    this.bytes.push(0x02, 0x40);
    this.#depth++;
    return this;
  }

  /** `loop` (no result). Close with {@link end}. */
  loop(): this {
    this.bytes.push(0x03, 0x40);
    this.#depth++;
    return this;
  }

  /** `if` (no result) on the i32 on the stack. Close with {@link end}. */
  if(): this {
    this.bytes.push(0x04, 0x40);
    this.#depth++;
    return this;
  }

  /** `end` of the innermost block, loop or if. */
  end(): this {
    if (this.#depth === 0) throw new WasmEmitError('end without an open block');
    this.bytes.push(0x0b);
    this.#depth--;
    return this;
  }

  /** `br depth`. */
  br(depth: number): this {
    this.bytes.push(0x0c);
    uleb(this.bytes, depth);
    return this;
  }

  /** `br_if depth`. */
  brIf(depth: number): this {
    this.bytes.push(0x0d);
    uleb(this.bytes, depth);
    return this;
  }

  /** Blocks opened and not yet closed. */
  get depth(): number {
    return this.#depth;
  }
}

/** A function of a module: its signature, extra locals (after the parameters), body and export name. */
export interface FunctionDef {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly locals: readonly ValType[];
  readonly code: Code;
  /** Exported under this name (if given). */
  readonly export?: string;
}

/** Options of the imported memory `env.memory`. */
export interface MemoryImport {
  /** Minimum pages (default 1). */
  readonly min?: number;
  /** Maximum pages (default 65536). */
  readonly max?: number;
  /** Whether the memory is shared (must match the memory given at instantiation). */
  readonly shared: boolean;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function name(out: number[], s: string): void {
  const b = new TextEncoder().encode(s);
  uleb(out, b.length);
  for (const x of b) out.push(x);
}

function section(out: number[], id: number, body: number[]): void {
  out.push(id);
  uleb(out, body.length);
  for (const x of body) out.push(x);
}

/** Locals as (count, type) runs, as the code section wants them. */
function localRuns(out: number[], locals: readonly ValType[]): void {
  const runs: [number, ValType][] = [];
  for (const t of locals) {
    const last = runs[runs.length - 1];
    if (last && last[1] === t) last[0]++;
    else runs.push([1, t]);
  }
  uleb(out, runs.length);
  for (const [n, t] of runs) {
    uleb(out, n);
    out.push(t);
  }
}

/**
 * Encodes a module importing `env.memory` and defining `funcs` (function indices in order, from 0).
 * @throws WasmEmitError for a function whose blocks are not all closed
 */
export function emitModule(memory: MemoryImport, funcs: readonly FunctionDef[]): Uint8Array {
  const out = [...MAGIC];
  // Types: one per function (identical signatures are not deduplicated; they are few).
  const types: number[] = [];
  uleb(types, funcs.length);
  for (const f of funcs) {
    types.push(0x60);
    uleb(types, f.params.length);
    types.push(...f.params);
    uleb(types, f.results.length);
    types.push(...f.results);
  }
  section(out, 1, types);
  // Import: env.memory.
  const imp: number[] = [];
  uleb(imp, 1);
  name(imp, 'env');
  name(imp, 'memory');
  imp.push(0x02, memory.shared ? 0x03 : 0x01);
  uleb(imp, memory.min ?? 1);
  uleb(imp, memory.max ?? 65536);
  section(out, 2, imp);
  // Functions.
  const fns: number[] = [];
  uleb(fns, funcs.length);
  funcs.forEach((_, i) => uleb(fns, i));
  section(out, 3, fns);
  // Exports.
  const exported = funcs.map((f, i) => [f.export, i] as const).filter(([n]) => n !== undefined);
  const exp: number[] = [];
  uleb(exp, exported.length);
  for (const [n, i] of exported) {
    name(exp, n!);
    exp.push(0x00);
    uleb(exp, i);
  }
  section(out, 7, exp);
  // Code: function bodies are large (compiled constraint kernels reach 100 KB), so they are not copied
  // byte by byte into `out`; the parts are concatenated once at the end.
  const parts: ArrayLike<number>[] = [out];
  const bodies: ArrayLike<number>[] = [];
  const count: number[] = [];
  uleb(count, funcs.length);
  bodies.push(count);
  for (const f of funcs) {
    if (f.code.depth !== 0) throw new WasmEmitError(`function ${f.export ?? '?'} has ${f.code.depth} unclosed blocks`);
    const head: number[] = [];
    localRuns(head, f.locals);
    const size: number[] = [];
    uleb(size, head.length + f.code.bytes.length + 1);
    bodies.push(size, head, f.code.bytes, END);
  }
  const codeSize: number[] = [10];
  uleb(codeSize, bodies.reduce((n, b) => n + b.length, 0));
  parts.push(codeSize, ...bodies);
  const bytes = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of parts) {
    bytes.set(b, o);
    o += b.length;
  }
  return bytes;
}

const END = [0x0b];
