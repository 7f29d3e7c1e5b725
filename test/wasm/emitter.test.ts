// The binary emitter against wabt (dev-only) as the oracle: each instruction the kernels use, assembled from
// WAT by wabt and emitted by `Code`, gives byte-identical modules that WebAssembly accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import wabtInit from 'wabt';
import { Code, CoreOp, emitModule, sleb, SimdOp, uleb, ValType, WasmEmitError } from '../../src/wasm/emitter.js';
import type { CoreOpName, SimdOpName } from '../../src/wasm/emitter.js';

const wabt = await wabtInit();

function assemble(wat: string): Uint8Array {
  const m = wabt.parseWat('t.wat', wat, { simd: true, threads: true });
  try {
    // The typings omit validate's feature argument; without it wabt rejects shared memories.
    (m.validate as (features: object) => void).call(m, { simd: true, threads: true });
    return new Uint8Array(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
}

/** One function `f` (param i32 i32) with locals v128 v128 i32 and the given body, both ways. */
function both(watBody: string, build: (c: Code) => void, shared = true): { want: Uint8Array; got: Uint8Array } {
  const want = assemble(`(module (import "env" "memory" (memory 1 65536${shared ? ' shared' : ''}))
    (func (export "f") (param i32 i32) (local v128 v128 i32) ${watBody}))`);
  const c = new Code();
  build(c);
  const got = emitModule({ shared }, [
    { params: [ValType.i32, ValType.i32], results: [], locals: [ValType.v128, ValType.v128, ValType.i32], code: c, export: 'f' },
  ]);
  return { want, got };
}

function same(watBody: string, build: (c: Code) => void): void {
  const { want, got } = both(watBody, build);
  assert.deepEqual(Buffer.from(got).toString('hex'), Buffer.from(want).toString('hex'), watBody);
  assert.ok(WebAssembly.validate(got as Uint8Array<ArrayBuffer>), watBody);
}

const V = 2; // first v128 local
const W = 3;

// Binary v128 ops: (v, w) → v128; unary ones: v → v128; shifts: (v, i32) → v128.
const BINARY: SimdOpName[] = [
  'v128.and', 'v128.or', 'v128.xor', 'i32x4.add', 'i32x4.sub', 'i32x4.mul', 'i32x4.min_u', 'i32x4.max_u', 'i32x4.eq',
  'i64x2.add', 'i64x2.sub', 'i64x2.extmul_low_i32x4_u', 'i64x2.extmul_high_i32x4_u',
];
const UNARY: SimdOpName[] = ['i64x2.extend_low_i32x4_u', 'i64x2.extend_high_i32x4_u'];
const SHIFT: SimdOpName[] = ['i32x4.shl', 'i32x4.shr_u', 'i64x2.shl', 'i64x2.shr_u'];

test('every named SIMD instruction encodes like wabt', () => {
  for (const op of BINARY) same(`local.get ${V} local.get ${W} ${op} drop`, (c) => c.get(V).get(W).simd(op).op('drop'));
  for (const op of UNARY) same(`local.get ${V} ${op} drop`, (c) => c.get(V).simd(op).op('drop'));
  for (const op of SHIFT) same(`local.get ${V} i32.const 31 ${op} drop`, (c) => c.get(V).i32Const(31).simd(op).op('drop'));
  same('local.get 0 i32x4.splat drop', (c) => c.get(0).simd('i32x4.splat').op('drop'));
  same('i64.const 5 i64x2.splat drop', (c) => {
    c.bytes.push(0x42, 5); // i64.const 5 (not needed by the kernels; only to feed the splat)
    c.simd('i64x2.splat').op('drop');
  });
  const covered = new Set<string>([...BINARY, ...UNARY, ...SHIFT, 'i32x4.splat', 'i64x2.splat']);
  assert.deepEqual(Object.keys(SimdOp).filter((k) => !covered.has(k)), [], 'every SimdOp is tested');
});

test('every named core instruction encodes like wabt', () => {
  const binary: CoreOpName[] = ['i32.eq', 'i32.ne', 'i32.lt_u', 'i32.ge_u', 'i32.add', 'i32.sub', 'i32.mul', 'i32.and', 'i32.shl', 'i32.shr_u'];
  for (const op of binary) same(`local.get 0 local.get 1 ${op} drop`, (c) => c.get(0).get(1).op(op).op('drop'));
  same('local.get 0 i32.eqz drop', (c) => c.get(0).op('i32.eqz').op('drop'));
  same('i64.const 1 i64.const 2 i64.add drop', (c) => {
    c.bytes.push(0x42, 1, 0x42, 2);
    c.op('i64.add').op('drop');
  });
  same('return', (c) => c.op('return'));
  const covered = new Set<string>([...binary, 'i32.eqz', 'i64.add', 'return', 'drop']);
  assert.deepEqual(Object.keys(CoreOp).filter((k) => !covered.has(k)), [], 'every CoreOp is tested');
});

test('locals, constants, memory, lanes, shuffles and control encode like wabt', () => {
  same('local.get 0 local.set 4 local.get 4 local.tee 1 drop', (c) => c.get(0).set(4).get(4).tee(1).op('drop'));
  for (const n of [0, 1, -1, 63, 64, -64, -65, 127, 128, 0x7fffffff, -0x80000000, 624485])
    same(`i32.const ${n} drop`, (c) => c.i32Const(n).op('drop'));
  same('i32.const 0xffffffff drop', (c) => c.i32Const(0xffffffff).op('drop'));
  same('local.get 0 i32.load offset=1000 drop', (c) => c.get(0).i32Load(1000).op('drop'));
  same('local.get 0 local.get 1 i32.store offset=4', (c) => c.get(0).get(1).i32Store(4));
  same(`local.get 0 v128.load drop local.get 0 v128.load offset=200000 drop`, (c) => c.get(0).v128Load().op('drop').get(0).v128Load(200000).op('drop'));
  same(`local.get 0 local.get ${V} v128.store offset=16`, (c) => c.get(0).get(V).v128Store(16));
  same('local.get 0 v128.load32_splat offset=12 drop', (c) => c.get(0).v128Load32Splat(12).op('drop'));
  same('local.get 0 v128.load32_zero offset=8 drop', (c) => c.get(0).v128Load32Zero(8).op('drop'));
  for (let l = 0; l < 4; l++) {
    same(`local.get 0 local.get ${V} v128.load32_lane offset=4 ${l} drop`, (c) => c.get(0).get(V).v128Load32Lane(l, 4).op('drop'));
    same(`local.get ${V} i32x4.extract_lane ${l} drop`, (c) => c.get(V).i32x4ExtractLane(l).op('drop'));
    same(`local.get ${V} local.get 0 i32x4.replace_lane ${l} drop`, (c) => c.get(V).get(0).i32x4ReplaceLane(l).op('drop'));
  }
  same('v128.const i32x4 0x7fffffff 0 0xffffffff 0x80000000 drop', (c) => c.v128ConstI32x4([0x7fffffff, 0, -1, 0x80000000]).op('drop'));
  same('v128.const i32x4 5 5 5 5 drop', (c) => c.v128Splat32(5).op('drop'));
  same(`local.get ${V} local.get ${W} i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 drop`, (c) =>
    c.get(V).get(W).shuffle32([1, 3, 5, 7]).op('drop'),
  );
  same(
    'block loop local.get 0 br_if 1 local.get 1 br_if 0 br 1 end end local.get 0 if return end',
    (c) => c.block().loop().get(0).brIf(1).get(1).brIf(0).br(1).end().end().get(0).if().op('return').end(),
  );
});

test('non-shared memory imports and several functions', () => {
  const { want, got } = both('local.get 0 drop', (c) => c.get(0).op('drop'), false);
  assert.deepEqual(got, want);
  const two = emitModule({ shared: true, min: 2, max: 100 }, [
    { params: [], results: [ValType.i32], locals: [], code: new Code().i32Const(7) },
    { params: [ValType.i32], results: [ValType.i32], locals: [ValType.i64, ValType.i64, ValType.f64], code: new Code().get(0), export: 'id' },
  ]);
  const wat = assemble(`(module (import "env" "memory" (memory 2 100 shared))
    (func (result i32) i32.const 7) (func (export "id") (param i32) (result i32) (local i64 i64 f64) local.get 0))`);
  assert.deepEqual(two, wat);
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 100, shared: true });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(two as Uint8Array<ArrayBuffer>), { env: { memory } });
  assert.equal((inst.exports.id as (x: number) => number)(42), 42);
});

test('LEB128 encodings and bad input', () => {
  const u = (n: number) => {
    const o: number[] = [];
    uleb(o, n);
    return o;
  };
  const s = (n: number) => {
    const o: number[] = [];
    sleb(o, n);
    return o;
  };
  assert.deepEqual(u(0), [0]);
  assert.deepEqual(u(127), [127]);
  assert.deepEqual(u(128), [0x80, 1]);
  assert.deepEqual(u(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(s(-1), [0x7f]);
  assert.deepEqual(s(63), [63]);
  assert.deepEqual(s(64), [0xc0, 0]);
  assert.deepEqual(s(-64), [0x40]);
  assert.deepEqual(s(-65), [0xbf, 0x7f]);
  assert.deepEqual(s(-123456), [0xc0, 0xbb, 0x78]);
  assert.throws(() => u(-1), WasmEmitError);
  assert.throws(() => u(1.5), WasmEmitError);
  assert.throws(() => new Code().i32Const(2 ** 32), WasmEmitError);
  assert.throws(() => new Code().i32x4ExtractLane(4), WasmEmitError);
  assert.throws(() => new Code().shuffle32([0, 1, 2, 8]), WasmEmitError);
  assert.throws(() => new Code().end(), WasmEmitError);
  assert.throws(() => emitModule({ shared: true }, [{ params: [], results: [], locals: [], code: new Code().block() }]), WasmEmitError);
});
