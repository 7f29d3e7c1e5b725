#!/usr/bin/env node
// Writes the SIMD kernels of the polynomial layer as WebAssembly text: fft.wat, field.wat, fold.wat, eval.wat and logup.wat
// next to this file. Then run `node scripts/build-wasm.mjs` to assemble them into *.wat.gen.ts.
//
// Why generate the text: WAT has no macros, and V8 (Node 20) does not inline calls between wasm
// functions — a SIMD M31 multiply behind a `call` ran at 0.60 ns/element against 0.34 inlined. So every
// multiply is expanded in place, and writing dozens of copies by hand would invite typos.
//
// Conventions of every kernel: pointers are byte offsets into the imported memory, lengths count
// elements, every value read is a canonical M31 element (< p) and every value written is canonical.
// Kernels take (pointer, count) ranges so that a caller can split one transform between workers.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const P = '(v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)';
const get = (x) => (x.startsWith('(') ? x : `(local.get ${x})`);

/** i8x16.shuffle from 32-bit lane indices (0–3: first operand, 4–7: second). */
function shuf32(lanes, a, b) {
  const bytes = lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);
  return `(i8x16.shuffle ${bytes.join(' ')} ${get(a)} ${get(b)})`;
}

/**
 * dst ← a·b mod p, lane-wise. With the 62-bit product v = hi·2^31 + lo: v ≡ hi + lo (2^31 ≡ 1), where lo
 * is the low 32 bits masked by p and hi is v >> 31, read as the high dwords of 2v (the two
 * `i64x2.extmul_*_i32x4_u` products shifted left by one). hi + lo < 2p, and min_u(r, r − p) does the
 * conditional subtraction (r − p wraps to a huge value when r < p). `a`, `b` must be locals; dst may
 * alias them.
 */
function mul(dst, a, b) {
  const A = get(a), B = get(b);
  return `(local.set ${dst} (i32x4.add (v128.and (i32x4.mul ${A} ${B}) ${P})
      ${shuf32([1, 3, 5, 7], `(i64x2.shl (i64x2.extmul_low_i32x4_u ${A} ${B}) (i32.const 1))`, `(i64x2.shl (i64x2.extmul_high_i32x4_u ${A} ${B}) (i32.const 1))`)}))
    (local.set ${dst} (i32x4.min_u (local.get ${dst}) (i32x4.sub (local.get ${dst}) ${P})))`;
}
/** dst ← a + b mod p (a + b < 2^32, then min_u(s, s − p)). */
function add(dst, a, b) {
  return `(local.set ${dst} (i32x4.add ${get(a)} ${get(b)}))
    (local.set ${dst} (i32x4.min_u (local.get ${dst}) (i32x4.sub (local.get ${dst}) ${P})))`;
}
/** dst ← a − b mod p (a − b wraps to ≥ 2^32 − p when negative; then d + p is the smaller value). */
function sub(dst, a, b) {
  return `(local.set ${dst} (i32x4.sub ${get(a)} ${get(b)}))
    (local.set ${dst} (i32x4.min_u (local.get ${dst}) (i32x4.add (local.get ${dst}) ${P})))`;
}
/** Forward butterfly (a, b) ← (a + t·b, a − t·b); clobbers $x. */
function bfly(a, b, t) {
  return `${mul('$x', b, t)}
    ${sub(b, a, '$x')}
    ${add(a, a, '$x')}`;
}
/** Inverse butterfly (a, b) ← (a + b, (a − b)·t); clobbers $x. */
function ibfly(a, b, t) {
  return `${sub('$x', a, b)}
    ${add(a, a, b)}
    ${mul(b, '$x', t)}`;
}
/** In-place 4×4 transpose of the dword matrix whose rows are r0..r3; clobbers $t0..$t3. */
function transpose(r0, r1, r2, r3) {
  return `(local.set $t0 ${shuf32([0, 4, 1, 5], r0, r1)})
    (local.set $t1 ${shuf32([2, 6, 3, 7], r0, r1)})
    (local.set $t2 ${shuf32([0, 4, 1, 5], r2, r3)})
    (local.set $t3 ${shuf32([2, 6, 3, 7], r2, r3)})
    (local.set ${r0} ${shuf32([0, 1, 4, 5], '$t0', '$t2')})
    (local.set ${r1} ${shuf32([2, 3, 6, 7], '$t0', '$t2')})
    (local.set ${r2} ${shuf32([0, 1, 4, 5], '$t1', '$t3')})
    (local.set ${r3} ${shuf32([2, 3, 6, 7], '$t1', '$t3')})`;
}
const locals = (names, type = 'v128') => names.map((n) => `(local ${n} ${type})`).join(' ');

/**
 * QM31 product, lane-wise: (r0..r3) ← (x0..x3)·(y0..y3) via Karatsuba on both levels (9 multiplies):
 * AC, BD and (A+B)(C+D) in CM31 with 3 multiplies each; result (AC + R·BD, (A+B)(C+D) − AC − BD) with
 * R·(s + ti) = (2s − t) + (s + 2t)i. `ySum` optionally names precomputed y-side sums (for a constant y):
 * [y0+y1, y2+y3, y0+y2, y1+y3, (y0+y2)+(y1+y3)]. Uses temporaries $k0..$k11 (another prefix with `kp`, so that
 * two independent products can be interleaved). Outputs may alias inputs.
 */
function qmul(r, x, y, ySum, kp = '$k') {
  const [x0, x1, x2, x3] = x;
  const [y0, y1, y2, y3] = y;
  const code = [];
  let y01, y23, f0, f1, f01;
  if (ySum) [y01, y23, f0, f1, f01] = ySum;
  else {
    [y01, y23, f0, f1, f01] = [`${kp}7`, `${kp}8`, `${kp}9`, `${kp}10`, `${kp}11`];
    code.push(add(y01, y0, y1), add(y23, y2, y3), add(f0, y0, y2), add(f1, y1, y3), add(f01, f0, f1));
  }
  code.push(
    // AC → ($k0 re, $k1 im)
    mul(`${kp}0`, x0, y0), mul(`${kp}1`, x1, y1), add(`${kp}2`, x0, x1), mul(`${kp}2`, `${kp}2`, y01),
    sub(`${kp}2`, `${kp}2`, `${kp}0`), sub(`${kp}2`, `${kp}2`, `${kp}1`), sub(`${kp}0`, `${kp}0`, `${kp}1`), // k0 = ACr, k2 = ACi
    // BD → ($k3 re, $k5 im)
    mul(`${kp}3`, x2, y2), mul(`${kp}4`, x3, y3), add(`${kp}5`, x2, x3), mul(`${kp}5`, `${kp}5`, y23),
    sub(`${kp}5`, `${kp}5`, `${kp}3`), sub(`${kp}5`, `${kp}5`, `${kp}4`), sub(`${kp}3`, `${kp}3`, `${kp}4`), // k3 = BDr, k5 = BDi
    // (A+B)(C+D) → ($k1 re, $k4 im)
    add(`${kp}1`, x0, x2), add(`${kp}4`, x1, x3), add(`${kp}6`, `${kp}1`, `${kp}4`), mul(`${kp}6`, `${kp}6`, f01),
    mul(`${kp}1`, `${kp}1`, f0), mul(`${kp}4`, `${kp}4`, f1),
    sub(`${kp}6`, `${kp}6`, `${kp}1`), sub(`${kp}6`, `${kp}6`, `${kp}4`), sub(`${kp}1`, `${kp}1`, `${kp}4`), // k1 = Mr, k6 = Mi
    // u-part: M − AC − BD
    sub(`${kp}1`, `${kp}1`, `${kp}0`), sub(`${kp}1`, `${kp}1`, `${kp}3`),
    sub(`${kp}6`, `${kp}6`, `${kp}2`), sub(`${kp}6`, `${kp}6`, `${kp}5`),
    // real part: AC + R·BD = (ACr + 2BDr − BDi, ACi + BDr + 2BDi)
    add(`${kp}4`, `${kp}3`, `${kp}3`), sub(`${kp}4`, `${kp}4`, `${kp}5`), add(r[0], `${kp}0`, `${kp}4`),
    add(`${kp}4`, `${kp}5`, `${kp}5`), add(`${kp}4`, `${kp}4`, `${kp}3`), add(r[1], `${kp}2`, `${kp}4`),
  );
  code.push(`(local.set ${r[2]} (local.get ${kp}1))`, `(local.set ${r[3]} (local.get ${kp}6))`);
  return code.join('\n    ');
}
/** The temporaries of {@link qmul} with prefix `kp`. */
const kLocals = (kp) => locals(Array.from({ length: 12 }, (_, j) => `${kp}${j}`));
const K_LOCALS = kLocals('$k');

const header = (name, what) => `;; Generated by generate.mjs (${name}); edit that file, then run it and scripts/build-wasm.mjs.
;; ${what}
;; Pointers are byte offsets, counts are elements; inputs must be canonical M31 values (< p).
(module
  (import "env" "memory" (memory 1 65536 shared))
`;

// ---------------------------------------------------------------------------------------------- fft.wat
// Twiddles follow Stwo's tree: for line layer i of a transform of log size n, block h (of 2^(i+1) values)
// uses tw[h] of that layer's level; the caller passes the level pointer already offset to the first
// block of the range it processes. The circle layer's y-twiddles are derived from layer 1's x-twiddles:
// within each 4 consecutive bit-reversed points, y = [t[2k+1], −t[2k+1], −t[2k], t[2k]] (P + G_4 = (y, −x)).
function fftWat() {
  const v = locals(['$a', '$b', '$c', '$d', '$x', '$t', '$u0', '$u1', '$t0', '$t1', '$t2', '$t3', '$ye', '$yo']);
  const loopHead = `(if (i32.eqz (local.get $n)) (then (return)))`;
  // Radix-2 line layer with stride 2^logS ≥ 4 (vertical SIMD: 4 consecutive butterflies share a twiddle).
  const layer = (name, inverse) => `
  ;; ${inverse ? 'Inverse' : 'Forward'} line layer, radix 2: $n blocks of 2·2^$logS values (2^$logS ≥ 4) at $v;
  ;; block h uses the twiddle at $tw + 4h.
  (func (export "${name}") (param $v i32) (param $tw i32) (param $logS i32) (param $n i32)
    (local $h i32) (local $p i32) (local $end i32) (local $s i32) ${v}
    ${loopHead}
    (local.set $s (i32.shl (i32.const 4) (local.get $logS)))
    (loop $blocks
      (local.set $t (v128.load32_splat (local.get $tw)))
      (local.set $p (local.get $v))
      (local.set $end (i32.add (local.get $v) (local.get $s)))
      (loop $inner
        (local.set $a (v128.load (local.get $p)))
        (local.set $b (v128.load (i32.add (local.get $p) (local.get $s))))
        ${inverse ? ibfly('$a', '$b', '$t') : bfly('$a', '$b', '$t')}
        (v128.store (local.get $p) (local.get $a))
        (v128.store (i32.add (local.get $p) (local.get $s)) (local.get $b))
        (br_if $inner (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 16))) (local.get $end))))
      (local.set $v (i32.add (local.get $v) (i32.shl (local.get $s) (i32.const 1))))
      (local.set $tw (i32.add (local.get $tw) (i32.const 4)))
      (br_if $blocks (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))`;
  // Radix-4: two consecutive line layers (strides 2q and q, q = 2^logQ ≥ 4) in one pass over memory.
  const layer2 = (name, inverse) => `
  ;; ${inverse ? 'Inverse' : 'Forward'} line layers i and i−1 fused (radix 4): $n blocks of 4q values, q = 2^$logQ ≥ 4.
  ;; Block h uses $twHi[h] for layer i (pairs at distance 2q) and $twLo[2h], $twLo[2h+1] for layer i−1.
  (func (export "${name}") (param $v i32) (param $twHi i32) (param $twLo i32) (param $logQ i32) (param $n i32)
    (local $p i32) (local $end i32) (local $q i32) ${v}
    ${loopHead}
    (local.set $q (i32.shl (i32.const 4) (local.get $logQ)))
    (loop $blocks
      (local.set $t (v128.load32_splat (local.get $twHi)))
      (local.set $u0 (v128.load32_splat (local.get $twLo)))
      (local.set $u1 (v128.load32_splat (i32.add (local.get $twLo) (i32.const 4))))
      (local.set $p (local.get $v))
      (local.set $end (i32.add (local.get $v) (local.get $q)))
      (loop $inner
        (local.set $a (v128.load (local.get $p)))
        (local.set $b (v128.load (i32.add (local.get $p) (local.get $q))))
        (local.set $c (v128.load (i32.add (local.get $p) (i32.shl (local.get $q) (i32.const 1)))))
        (local.set $d (v128.load (i32.add (local.get $p) (i32.mul (local.get $q) (i32.const 3)))))
        ${inverse
          ? [ibfly('$a', '$b', '$u0'), ibfly('$c', '$d', '$u1'), ibfly('$a', '$c', '$t'), ibfly('$b', '$d', '$t')].join('\n        ')
          : [bfly('$a', '$c', '$t'), bfly('$b', '$d', '$t'), bfly('$a', '$b', '$u0'), bfly('$c', '$d', '$u1')].join('\n        ')}
        (v128.store (local.get $p) (local.get $a))
        (v128.store (i32.add (local.get $p) (local.get $q)) (local.get $b))
        (v128.store (i32.add (local.get $p) (i32.shl (local.get $q) (i32.const 1))) (local.get $c))
        (v128.store (i32.add (local.get $p) (i32.mul (local.get $q) (i32.const 3))) (local.get $d))
        (br_if $inner (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 16))) (local.get $end))))
      (local.set $v (i32.add (local.get $v) (i32.shl (local.get $q) (i32.const 2))))
      (local.set $twHi (i32.add (local.get $twHi) (i32.const 4)))
      (local.set $twLo (i32.add (local.get $twLo) (i32.const 8)))
      (br_if $blocks (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))`;
  // The three lowest layers on groups of 16 values: layer 2 on rows, then a 4×4 transpose makes layers 1
  // and 0 (strides 2 and 1) vertical too.
  const yTwiddles = `(local.set $t (v128.load (local.get $tw1)))
      (local.set $ye ${shuf32([1, 0, 3, 2], '$t', '$t')})
      (local.set $yo (i32x4.sub ${P} (local.get $ye)))
      (local.set $u0 (local.get $ye))
      (local.set $ye ${shuf32([0, 5, 2, 7], '$u0', '$yo')})
      (local.set $yo ${shuf32([4, 1, 6, 3], '$u0', '$yo')})`;
  const bottom = (name, inverse) => `
  ;; ${inverse ? 'Inverse' : 'Forward'} layers 2, 1 and 0 (the circle layer) on $n groups of 16 values.
  ;; Group g uses $tw2[2g], $tw2[2g+1] (layer 2) and $tw1[4g..4g+3] (layer 1, and the circle layer's y's).
  (func (export "${name}") (param $v i32) (param $tw2 i32) (param $tw1 i32) (param $n i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) ${v}
    ${loopHead}
    (loop $groups
      (local.set $a0 (v128.load (local.get $v)))
      (local.set $a1 (v128.load offset=16 (local.get $v)))
      (local.set $a2 (v128.load offset=32 (local.get $v)))
      (local.set $a3 (v128.load offset=48 (local.get $v)))
      ${inverse
        ? `${transpose('$a0', '$a1', '$a2', '$a3')}
      ${yTwiddles}
      ${ibfly('$a0', '$a1', '$ye')}
      ${ibfly('$a2', '$a3', '$yo')}
      ${ibfly('$a0', '$a2', '$t')}
      ${ibfly('$a1', '$a3', '$t')}
      ${transpose('$a0', '$a1', '$a2', '$a3')}
      (local.set $u0 (v128.load32_splat (local.get $tw2)))
      (local.set $u1 (v128.load32_splat offset=4 (local.get $tw2)))
      ${ibfly('$a0', '$a1', '$u0')}
      ${ibfly('$a2', '$a3', '$u1')}`
        : `(local.set $u0 (v128.load32_splat (local.get $tw2)))
      (local.set $u1 (v128.load32_splat offset=4 (local.get $tw2)))
      ${bfly('$a0', '$a1', '$u0')}
      ${bfly('$a2', '$a3', '$u1')}
      ${transpose('$a0', '$a1', '$a2', '$a3')}
      ${yTwiddles}
      ${bfly('$a0', '$a2', '$t')}
      ${bfly('$a1', '$a3', '$t')}
      ${bfly('$a0', '$a1', '$ye')}
      ${bfly('$a2', '$a3', '$yo')}
      ${transpose('$a0', '$a1', '$a2', '$a3')}`}
      (v128.store (local.get $v) (local.get $a0))
      (v128.store offset=16 (local.get $v) (local.get $a1))
      (v128.store offset=32 (local.get $v) (local.get $a2))
      (v128.store offset=48 (local.get $v) (local.get $a3))
      (local.set $v (i32.add (local.get $v) (i32.const 64)))
      (local.set $tw2 (i32.add (local.get $tw2) (i32.const 8)))
      (local.set $tw1 (i32.add (local.get $tw1) (i32.const 16)))
      (br_if $groups (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))`;
  return (
    header('fft.wat', 'Circle FFT butterflies (Stwo layer structure, no per-layer halving) over M31, 4 lanes.') +
    layer('fft_layer', false) +
    layer('ifft_layer', true) +
    layer2('fft_layer2', false) +
    layer2('ifft_layer2', true) +
    bottom('fft_bottom', false) +
    bottom('ifft_bottom', true) +
    '\n)\n'
  );
}

// -------------------------------------------------------------------------------------------- field.wat
function fieldWat() {
  const loop = (body, ptrs) => `
    (if (i32.eqz (local.get $n)) (then (return)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (loop $l
      ${body}
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $end))))`;
  const at = (p) => `(i32.add (local.get ${p}) (local.get $i))`;
  const ld = (p) => `(v128.load ${at(p)})`;
  const st = (p, x) => `(v128.store ${at(p)} (local.get ${x}))`;
  const binop = (name, op, doc) => `
  ;; ${doc} $n (a multiple of 4) elements.
  (func (export "${name}") (param $o i32) (param $a i32) (param $b i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128)
    ${loop(`(local.set $x ${ld('$a')})
      (local.set $y ${ld('$b')})
      ${op('$x', '$x', '$y')}
      ${st('$o', '$x')}`)})`;
  const q = (p) => [0, 1, 2, 3].map((k) => `$${p}${k}`);
  const qParams = (p) => q(p).map((n) => `(param ${n} i32)`).join(' ');
  const qmulCols = `
  ;; out = a·b for QM31 columns given by their four coordinate pointers; $n (a multiple of 4) elements.
  (func (export "qm31_mul") ${qParams('o')} ${qParams('a')} ${qParams('b')} (param $n i32)
    (local $i i32) (local $end i32) ${locals([...q('x'), ...q('y'), ...q('r')].map((s) => s))} ${K_LOCALS}
    ${loop(`${q('x').map((x, k) => `(local.set ${x} ${ld(`$a${k}`)})`).join(' ')}
      ${q('y').map((y, k) => `(local.set ${y} ${ld(`$b${k}`)})`).join(' ')}
      ${qmul(q('r'), q('x'), q('y'))}
      ${q('r').map((r, k) => st(`$o${k}`, r)).join(' ')}`)})`;
  const splatY = `${q('y').map((y, k) => `(local.set ${y} (i32x4.splat (local.get $s${k})))`).join(' ')}
    ${add('$ys0', '$y0', '$y1')} ${add('$ys1', '$y2', '$y3')} ${add('$ys2', '$y0', '$y2')} ${add('$ys3', '$y1', '$y3')} ${add('$ys4', '$ys2', '$ys3')}`;
  const qscale = `
  ;; out = a·s for a QM31 column a and a QM31 constant s = ($s0, $s1, $s2, $s3); $n (a multiple of 4) elements.
  (func (export "qm31_scale") ${qParams('o')} ${qParams('a')} ${qParams('s')} (param $n i32)
    (local $i i32) (local $end i32) ${locals([...q('x'), ...q('y'), ...q('r'), '$ys0', '$ys1', '$ys2', '$ys3', '$ys4'])} ${K_LOCALS}
    ${splatY}
    ${loop(`${q('x').map((x, k) => `(local.set ${x} ${ld(`$a${k}`)})`).join(' ')}
      ${qmul(q('r'), q('x'), q('y'), ['$ys0', '$ys1', '$ys2', '$ys3', '$ys4'])}
      ${q('r').map((r, k) => st(`$o${k}`, r)).join(' ')}`)})`;
  const qmulM31 = `
  ;; out = a·m for a QM31 column a and an M31 column m; $n (a multiple of 4) elements.
  (func (export "qm31_mul_m31") ${qParams('o')} ${qParams('a')} (param $m i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128)
    ${loop(`(local.set $y ${ld('$m')})
      ${[0, 1, 2, 3].map((k) => `(local.set $x ${ld(`$a${k}`)})
      ${mul('$x', '$x', '$y')}
      ${st(`$o${k}`, '$x')}`).join('\n      ')}`)})`;
  // acc += Σ_c coeff_c · col_c with lazy reduction: each 62-bit product is folded once to < 2^32 + 2^31
  // ((x & p) + (x >> 31)), summed in 64-bit lanes (room for 2^31 terms), and reduced once per output.
  // Products come from i64x2.extmul, two rows per half; the QM31 coefficient's coordinates are splatted
  // per column, since one coefficient multiplies a whole column.
  const P64 = '(v128.const i64x2 0x7fffffff 0x7fffffff)';
  const fold64 = (x) => `(i64x2.add (v128.and ${x} ${P64}) (i64x2.shr_u ${x} (i32.const 31)))`;
  const accs = [0, 1, 2, 3].flatMap((j) => [`$lo${j}`, `$hi${j}`]);
  const reduceStore = (j) => `
      (local.set $lo${j} (i64x2.add (local.get $lo${j}) (i64x2.extend_low_i32x4_u ${ld(`$a${j}`)})))
      (local.set $hi${j} (i64x2.add (local.get $hi${j}) (i64x2.extend_high_i32x4_u ${ld(`$a${j}`)})))
      (local.set $lo${j} ${fold64(fold64(`(local.get $lo${j})`))})
      (local.set $hi${j} ${fold64(fold64(`(local.get $hi${j})`))})
      (local.set $x ${shuf32([0, 2, 4, 6], `$lo${j}`, `$hi${j}`)})
      (local.set $x (i32x4.min_u (local.get $x) (i32x4.sub (local.get $x) ${P})))
      ${st(`$a${j}`, '$x')}`;
  const lincomb = `
  ;; acc[i] += Σ_c coeff_c · col_c[i] for QM31 columns acc (four coordinate pointers), $k M31 columns whose
  ;; byte pointers are the i32s at $cols, and $k QM31 coefficients (4 i32s each) at $coef; $n (a multiple of 4) rows.
  (func (export "qm31_acc_lincomb") ${qParams('a')} (param $cols i32) (param $coef i32) (param $k i32) (param $n i32)
    (local $i i32) (local $end i32) (local $c i32) (local $v v128) (local $x v128) (local $w v128) ${locals(accs)}
    ${loop(`${accs.map((a) => `(local.set ${a} (v128.const i64x2 0 0))`).join(' ')}
      (local.set $c (i32.const 0))
      (block $done (loop $cl
        (br_if $done (i32.ge_u (local.get $c) (local.get $k)))
        (local.set $v (v128.load (i32.add (i32.load (i32.add (local.get $cols) (i32.shl (local.get $c) (i32.const 2)))) (local.get $i))))
        ${[0, 1, 2, 3].map((j) => `(local.set $w (i32x4.splat (i32.load offset=${4 * j} (i32.add (local.get $coef) (i32.shl (local.get $c) (i32.const 4))))))
        (local.set $x (i64x2.extmul_low_i32x4_u (local.get $v) (local.get $w)))
        (local.set $lo${j} (i64x2.add (local.get $lo${j}) ${fold64('(local.get $x)')}))
        (local.set $x (i64x2.extmul_high_i32x4_u (local.get $v) (local.get $w)))
        (local.set $hi${j} (i64x2.add (local.get $hi${j}) ${fold64('(local.get $x)')}))`).join('\n        ')}
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cl)))
      ${[0, 1, 2, 3].map(reduceStore).join('')}`)})`;
  return (
    header('field.wat', 'Vector arithmetic over M31 and columnar QM31, 4 lanes.') +
    binop('m31_add', add, 'out[i] = a[i] + b[i] over') +
    binop('m31_sub', sub, 'out[i] = a[i] − b[i] over') +
    binop('m31_mul', mul, 'out[i] = a[i] · b[i] over') +
    `
  ;; out[i] = a[i] · s over $n (a multiple of 4) elements.
  (func (export "m31_scale") (param $o i32) (param $a i32) (param $s i32) (param $n i32)
    (local $i i32) (local $end i32) (local $x v128) (local $y v128)
    (local.set $y (i32x4.splat (local.get $s)))
    ${loop(`(local.set $x ${ld('$a')})
      ${mul('$x', '$x', '$y')}
      ${st('$o', '$x')}`)})` +
    qmulCols +
    qscale +
    qmulM31 +
    lincomb +
    '\n)\n'
  );
}

// --------------------------------------------------------------------------------------------- fold.wat
// FRI folds (no halving): for the pair (f(p), f(p̄)) or (f(x), f(−x)) in storage positions (2i, 2i+1),
// f0 = f(p) + f(p̄), f1 = (f(p) − f(p̄))·t⁻¹ (t = p.y or x), and the result is f0 + α·f1.
function foldWat() {
  const q = (p) => [0, 1, 2, 3].map((k) => `$${p}${k}`);
  const qParams = (p) => q(p).map((n) => `(param ${n} i32)`).join(' ');
  const splat = (dst, src, sums) => `${dst.map((y, k) => `(local.set ${y} (i32x4.splat (local.get ${src[k]})))`).join(' ')}
    ${add(sums[0], dst[0], dst[1])} ${add(sums[1], dst[2], dst[3])} ${add(sums[2], dst[0], dst[2])} ${add(sums[3], dst[1], dst[3])} ${add(sums[4], sums[2], sums[3])}`;
  const aS = ['$as0', '$as1', '$as2', '$as3', '$as4'];
  const bS = ['$bs0', '$bs1', '$bs2', '$bs3', '$bs4'];
  // Loads 8 consecutive values of each source coordinate (4 pairs), splits evens/odds and forms f0, f1·t.
  const pairs = `${[0, 1, 2, 3].map((k) => `(local.set $e (v128.load (i32.add (local.get $s${k}) (local.get $in))))
      (local.set $o (v128.load offset=16 (i32.add (local.get $s${k}) (local.get $in))))
      (local.set $x ${shuf32([0, 2, 4, 6], '$e', '$o')})
      (local.set $o ${shuf32([1, 3, 5, 7], '$e', '$o')})
      ${add(`$f${k}`, '$x', '$o')}
      ${sub(`$g${k}`, '$x', '$o')}
      ${mul(`$g${k}`, `$g${k}`, '$t')}`).join('\n      ')}`;
  const common = `(local $i i32) (local $in i32) (local $end i32) (local $e v128) (local $o v128) (local $x v128) (local $t v128) ${locals([
    ...q('f'), ...q('g'), ...q('r'), ...q('A'), ...q('B'), ...aS, ...bS, '$yl'])} ${K_LOCALS}`;
  const foldLine = `
  ;; Line fold: dst[i] = f0 + α·f1 for i < $n ($n a multiple of 4), from src pairs (2i, 2i+1) = (f(x), f(−x))
  ;; and the inverse twiddles x⁻¹ at $itw[i].
  (func (export "fold_line") ${qParams('d')} ${qParams('s')} (param $itw i32) ${qParams('al')} (param $n i32)
    ${common}
    (if (i32.eqz (local.get $n)) (then (return)))
    ${splat(q('A'), q('al'), aS)}
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (loop $l
      (local.set $t (v128.load (i32.add (local.get $itw) (local.get $i))))
      ${pairs}
      ${qmul(q('r'), q('g'), q('A'), aS)}
      ${[0, 1, 2, 3].map((k) => `${add(`$r${k}`, `$r${k}`, `$f${k}`)}
      (v128.store (i32.add (local.get $d${k}) (local.get $i)) (local.get $r${k}))`).join('\n      ')}
      (local.set $in (i32.add (local.get $in) (i32.const 32)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $end)))))`;
  const foldCircle = `
  ;; Circle-to-line fold accumulated into dst: dst[i] = dst[i]·α² + f0 + α·f1 for i < $n ($n a multiple of 4),
  ;; from src pairs (2i, 2i+1) = (f(p), f(p̄)). The inverse y's come from the inverse layer-1 twiddles
  ;; $itw1 of the source domain: for outputs 4k..4k+3, [t[2k+1], −t[2k+1], −t[2k], t[2k]].
  (func (export "fold_circle_into_line") ${qParams('d')} ${qParams('s')} (param $itw1 i32) ${qParams('al')} ${qParams('sq')} (param $n i32)
    ${common}
    (if (i32.eqz (local.get $n)) (then (return)))
    ${splat(q('A'), q('al'), aS)}
    ${splat(q('B'), q('sq'), bS)}
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (loop $l
      (local.set $t (v128.load64_zero (i32.add (local.get $itw1) (i32.shr_u (local.get $i) (i32.const 1)))))
      (local.set $t ${shuf32([1, 1, 0, 0], '$t', '$t')})
      (local.set $yl (i32x4.sub ${P} (local.get $t)))
      (local.set $t ${shuf32([0, 5, 6, 3], '$t', '$yl')})
      ${pairs}
      ${qmul(q('r'), q('g'), q('A'), aS)}
      ${[0, 1, 2, 3].map((k) => `${add(`$f${k}`, `$f${k}`, `$r${k}`)}
      (local.set $g${k} (v128.load (i32.add (local.get $d${k}) (local.get $i))))`).join('\n      ')}
      ${qmul(q('r'), q('g'), q('B'), bS)}
      ${[0, 1, 2, 3].map((k) => `${add(`$r${k}`, `$r${k}`, `$f${k}`)}
      (v128.store (i32.add (local.get $d${k}) (local.get $i)) (local.get $r${k}))`).join('\n      ')}
      (local.set $in (i32.add (local.get $in) (i32.const 32)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $end)))))`;
  return header('fold.wat', 'FRI fold kernels over columnar QM31, 4 lanes.') + foldLine + foldCircle + '\n)\n';
}

// --------------------------------------------------------------------------------------------- eval.wat
// Evaluation of a circle polynomial with M31 coefficients at a QM31 point by the O(N) fold: the first
// level w[k] = c[2k] + y·c[2k+1] (M31 × QM31: four multiplies), then levels w[k] = w[2k] + f·w[2k+1]
// with f = x, π(x), … (QM31 × QM31 constant). Outputs may overwrite the inputs of the same level: each
// iteration loads 8 inputs (2k..2k+7) before storing 4 outputs (k..k+3).
function evalWat() {
  const q = (p) => [0, 1, 2, 3].map((k) => `$${p}${k}`);
  const qParams = (p) => q(p).map((n) => `(param ${n} i32)`).join(' ');
  const fS = ['$fs0', '$fs1', '$fs2', '$fs3', '$fs4'];
  const deint = (ptr) => `(local.set $e (v128.load (i32.add (local.get ${ptr}) (local.get $in))))
      (local.set $o (v128.load offset=16 (i32.add (local.get ${ptr}) (local.get $in))))`;
  const evens = shuf32([0, 2, 4, 6], '$e', '$o');
  const odds = shuf32([1, 3, 5, 7], '$e', '$o');
  const loopEnd = `(local.set $in (i32.add (local.get $in) (i32.const 32)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $end)))`;
  const first = `
  ;; First level: d[k] = c[2k] + y·c[2k+1] for k < $n ($n a multiple of 4), c an M31 column, y = ($y0..$y3).
  (func (export "eval_first") ${qParams('d')} (param $c i32) ${qParams('y')} (param $n i32)
    (local $i i32) (local $in i32) (local $end i32) (local $e v128) (local $o v128) (local $x v128) ${locals(q('Y'))}
    (if (i32.eqz (local.get $n)) (then (return)))
    ${q('Y').map((Y, k) => `(local.set ${Y} (i32x4.splat (local.get $y${k})))`).join(' ')}
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (loop $l
      ${deint('$c')}
      (local.set $x ${odds})
      (local.set $e ${evens})
      (local.set $o (local.get $x))
      ${[0, 1, 2, 3].map((k) => `${mul('$x', '$o', `$Y${k}`)}
      ${k === 0 ? add('$x', '$x', '$e') : ''}
      (v128.store (i32.add (local.get $d${k}) (local.get $i)) (local.get $x))`).join('\n      ')}
      ${loopEnd}))`;
  const level = `
  ;; Later level: d[k] = s[2k] + f·s[2k+1] for k < $n ($n a multiple of 4), s a QM31 column, f = ($f0..$f3).
  (func (export "eval_level") ${qParams('d')} ${qParams('s')} ${qParams('f')} (param $n i32)
    (local $i i32) (local $in i32) (local $end i32) (local $e v128) (local $o v128)
    ${locals([...q('F'), ...q('a'), ...q('b'), ...q('r'), ...fS])} ${K_LOCALS}
    (if (i32.eqz (local.get $n)) (then (return)))
    ${q('F').map((F, k) => `(local.set ${F} (i32x4.splat (local.get $f${k})))`).join(' ')}
    ${add(fS[0], '$F0', '$F1')} ${add(fS[1], '$F2', '$F3')} ${add(fS[2], '$F0', '$F2')} ${add(fS[3], '$F1', '$F3')} ${add(fS[4], fS[2], fS[3])}
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (loop $l
      ${[0, 1, 2, 3].map((k) => `${deint(`$s${k}`)}
      (local.set $a${k} ${evens})
      (local.set $b${k} ${odds})`).join('\n      ')}
      ${qmul(q('r'), q('b'), q('F'), fS)}
      ${[0, 1, 2, 3].map((k) => `${add(`$r${k}`, `$r${k}`, `$a${k}`)}
      (v128.store (i32.add (local.get $d${k}) (local.get $i)) (local.get $r${k}))`).join('\n      ')}
      ${loopEnd}))`;
  return header('eval.wat', 'Evaluation of a circle polynomial at a QM31 point (the O(N) fold), 4 lanes.') + first + level + '\n)\n';
}

// -------------------------------------------------------------------------------------------- logup.wat
// Montgomery batch inversion over QM31 columns for the logUp interaction trace (air/prover/interaction.ts), in two
// passes around a host-side inversion of a few products. Each SIMD lane runs its own product chain over the
// elements ≡ lane (mod 8): two vectors (chains A: elements 8g..8g+3, B: 8g+4..8g+7) per iteration, whose
// products are independent, so one chain's multiply latency hides behind the other's. A single chain per
// lane would be bound by the latency of one QM31 product per step.
//   logup_prefix:    pre[i] = Π d[j] over earlier j of i's chain; then tot = the 8 chain products.
//   logup_quotients: from tot = the 8 inverted chain products, backwards: 1/d[i] = inv·pre[i],
//                    inv ← inv·d[i]; out[i] = prev[i] + num[i]·(1/d[i]).
// `tot` holds 8 QM31 values coordinate-major as vectors: bytes 0–63 chain A (coordinates 0..3, 16 bytes
// each, lane l = element ≡ l), bytes 64–127 chain B. $n is a multiple of 8.
function logupWat() {
  const q = (p) => [0, 1, 2, 3].map((k) => `$${p}${k}`);
  const qParams = (p) => q(p).map((n) => `(param ${n} i32)`).join(' ');
  const ld = (p, off) => `(v128.load offset=${off} (i32.add (local.get ${p}) (local.get $i)))`;
  const st = (p, off, x) => `(v128.store offset=${off} (i32.add (local.get ${p}) (local.get $i)) (local.get ${x}))`;
  const one = '(v128.const i32x4 1 1 1 1)';
  const zero = '(v128.const i32x4 0 0 0 0)';
  const prefix = `
  ;; pre = exclusive chain products of d (see above); tot = the 8 chain products. $n a multiple of 8.
  (func (export "logup_prefix") ${qParams('p')} ${qParams('d')} (param $tot i32) (param $n i32)
    (local $i i32) (local $end i32) ${locals([...q('a'), ...q('b'), ...q('x'), ...q('y')])} ${K_LOCALS} ${kLocals('$m')}
    (local.set $a0 ${one}) (local.set $a1 ${zero}) (local.set $a2 ${zero}) (local.set $a3 ${zero})
    (local.set $b0 ${one}) (local.set $b1 ${zero}) (local.set $b2 ${zero}) (local.set $b3 ${zero})
    (if (i32.eqz (local.get $n)) (then (return)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (loop $l
      ${[0, 1, 2, 3].map((k) => `${st(`$p${k}`, 0, `$a${k}`)} ${st(`$p${k}`, 16, `$b${k}`)}
      (local.set $x${k} ${ld(`$d${k}`, 0)}) (local.set $y${k} ${ld(`$d${k}`, 16)})`).join('\n      ')}
      ${qmul(q('a'), q('a'), q('x'))}
      ${qmul(q('b'), q('b'), q('y'), undefined, '$m')}
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 32))) (local.get $end))))
    ${[0, 1, 2, 3].map((k) => `(v128.store offset=${16 * k} (local.get $tot) (local.get $a${k}))
    (v128.store offset=${64 + 16 * k} (local.get $tot) (local.get $b${k}))`).join('\n    ')})`;
  const quotients = `
  ;; out = prev + num / d, given pre from logup_prefix and tot = the inverted chain products. $n a multiple
  ;; of 8; out may alias num or prev.
  (func (export "logup_quotients") ${qParams('o')} ${qParams('u')} ${qParams('d')} ${qParams('p')} ${qParams('s')} (param $tot i32) (param $n i32)
    (local $i i32) ${locals([...q('a'), ...q('b'), ...q('x'), ...q('y'), ...q('e'), ...q('f')])} ${K_LOCALS} ${kLocals('$m')}
    (if (i32.eqz (local.get $n)) (then (return)))
    ${[0, 1, 2, 3].map((k) => `(local.set $a${k} (v128.load offset=${16 * k} (local.get $tot)))
    (local.set $b${k} (v128.load offset=${64 + 16 * k} (local.get $tot)))`).join('\n    ')}
    (local.set $i (i32.sub (i32.shl (local.get $n) (i32.const 2)) (i32.const 32)))
    (loop $l
      ;; e = inv·pre = 1/d; inv ← inv·d
      ${[0, 1, 2, 3].map((k) => `(local.set $x${k} ${ld(`$p${k}`, 0)}) (local.set $y${k} ${ld(`$p${k}`, 16)})`).join('\n      ')}
      ${qmul(q('e'), q('a'), q('x'))}
      ${qmul(q('f'), q('b'), q('y'), undefined, '$m')}
      ${[0, 1, 2, 3].map((k) => `(local.set $x${k} ${ld(`$d${k}`, 0)}) (local.set $y${k} ${ld(`$d${k}`, 16)})`).join('\n      ')}
      ${qmul(q('a'), q('a'), q('x'))}
      ${qmul(q('b'), q('b'), q('y'), undefined, '$m')}
      ;; out = prev + num·e
      ${[0, 1, 2, 3].map((k) => `(local.set $x${k} ${ld(`$u${k}`, 0)}) (local.set $y${k} ${ld(`$u${k}`, 16)})`).join('\n      ')}
      ${qmul(q('e'), q('e'), q('x'))}
      ${qmul(q('f'), q('f'), q('y'), undefined, '$m')}
      ${[0, 1, 2, 3].map((k) => `${add(`$e${k}`, `$e${k}`, ld(`$s${k}`, 0))} ${add(`$f${k}`, `$f${k}`, ld(`$s${k}`, 16))}
      ${st(`$o${k}`, 0, `$e${k}`)} ${st(`$o${k}`, 16, `$f${k}`)}`).join('\n      ')}
      (br_if $l (i32.ge_s (local.tee $i (i32.sub (local.get $i) (i32.const 32))) (i32.const 0)))))`;
  return header('logup.wat', 'Batch inversion and quotients over QM31 columns for the logUp interaction trace, 4 lanes × 2 chains.') + prefix + quotients + '\n)\n';
}

writeFileSync(join(here, 'fft.wat'), fftWat());
writeFileSync(join(here, 'eval.wat'), evalWat());
writeFileSync(join(here, 'field.wat'), fieldWat());
writeFileSync(join(here, 'fold.wat'), foldWat());
writeFileSync(join(here, 'logup.wat'), logupWat());
console.log('wrote fft.wat, field.wat, fold.wat, eval.wat, logup.wat');
