#!/usr/bin/env node
// Generates blake2s.wat (the BLAKE2s Merkle / grinding kernel): the ten rounds are fully unrolled, which a
// hand-written file could only do by copy and paste. No imports, so the file is safe anywhere in src/.
// Usage: node src/hash/wasm/gen-blake2s-wat.mjs > src/hash/wasm/blake2s.wat && node scripts/build-wasm.mjs

const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];
// Column steps then diagonal steps: (a, b, c, d) state indices of the eight G applications per round.
const G = [[0, 4, 8, 12], [1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15], [0, 5, 10, 15], [1, 6, 11, 12], [2, 7, 8, 13], [3, 4, 9, 14]];
const i32 = (x) => (x | 0).toString();
const range = (n) => [...Array(n).keys()];
const lines = [];
const emit = (ind, s) => lines.push(' '.repeat(ind) + s);

/** Ten unrolled scalar rounds on locals $v0..$v15 with message locals $m0..$m15. */
function scalarRounds(ind) {
  const get = (x) => `(local.get $${x})`;
  for (let r = 0; r < 10; r++) {
    emit(ind, `;; round ${r}`);
    for (let g = 0; g < 8; g++) {
      const [a, b, c, d] = G[g].map((i) => 'v' + i);
      for (const [k, r1, r2] of [[0, 16, 12], [1, 8, 7]]) {
        const m = 'm' + SIGMA[r][2 * g + k];
        emit(ind, `(local.set $${a} (i32.add (i32.add ${get(a)} ${get(b)}) ${get(m)}))`);
        emit(ind, `(local.set $${d} (i32.rotr (i32.xor ${get(d)} ${get(a)}) (i32.const ${r1})))`);
        emit(ind, `(local.set $${c} (i32.add ${get(c)} ${get(d)}))`);
        emit(ind, `(local.set $${b} (i32.rotr (i32.xor ${get(b)} ${get(c)}) (i32.const ${r2})))`);
      }
    }
  }
}

// Byte shuffles rotating every 32-bit lane right by 16 and by 8 (one pshufb each on x86).
const ROT16 = '2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13';
const ROT8 = '1 2 3 0 5 6 7 4 9 10 11 8 13 14 15 12';

/** Ten unrolled rounds on v128 locals $v0..$v15 (four independent states, one per lane). */
function simdRounds(ind) {
  const get = (x) => `(local.get $${x})`;
  const rot = (x, n) =>
    n === 16 ? `(i8x16.shuffle ${ROT16} ${get(x)} ${get(x)})`
    : n === 8 ? `(i8x16.shuffle ${ROT8} ${get(x)} ${get(x)})`
    : `(v128.or (i32x4.shr_u ${get(x)} (i32.const ${n})) (i32x4.shl ${get(x)} (i32.const ${32 - n})))`;
  for (let r = 0; r < 10; r++) {
    emit(ind, `;; round ${r}`);
    for (let g = 0; g < 8; g++) {
      const [a, b, c, d] = G[g].map((i) => 'v' + i);
      for (const [k, r1, r2] of [[0, 16, 12], [1, 8, 7]]) {
        const m = 'm' + SIGMA[r][2 * g + k];
        emit(ind, `(local.set $${a} (i32x4.add (i32x4.add ${get(a)} ${get(b)}) ${get(m)}))`);
        emit(ind, `(local.set $${d} (v128.xor ${get(d)} ${get(a)}))`);
        emit(ind, `(local.set $${d} ${rot(d, r1)})`);
        emit(ind, `(local.set $${c} (i32x4.add ${get(c)} ${get(d)}))`);
        emit(ind, `(local.set $${b} (v128.xor ${get(b)} ${get(c)}))`);
        emit(ind, `(local.set $${b} ${rot(b, r2)})`);
      }
    }
  }
}

/** v ← (h, IV) with t = f = 0 (the only parameters the node hash and grinding use), 4 lanes. */
function simdInit(ind) {
  for (let k = 0; k < 8; k++) emit(ind, `(local.set $v${k} (local.get $h${k}))`);
  for (let k = 0; k < 8; k++) emit(ind, `(local.set $v${k + 8} (i32x4.splat (i32.const ${i32(IV[k])})))`);
}

// 4×4 transposes of 32-bit lanes: rows (a, b, c, d) → columns, via two stages of shuffles.
const LO_PAIRS = '0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23'; // [x0, y0, x1, y1]
const HI_PAIRS = '8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31'; // [x2, y2, x3, y3]
const LO_HALVES = '0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23'; // [x0, x1, y0, y1]
const HI_HALVES = '8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31'; // [x2, x3, y2, y3]
/** Sets locals dst[0..3] to the transpose of the rows src[0..3], using $t0..$t3. */
function transpose(ind, src, dst) {
  const get = (x) => `(local.get $${x})`;
  emit(ind, `(local.set $t0 (i8x16.shuffle ${LO_PAIRS} ${get(src[0])} ${get(src[1])}))`);
  emit(ind, `(local.set $t1 (i8x16.shuffle ${LO_PAIRS} ${get(src[2])} ${get(src[3])}))`);
  emit(ind, `(local.set $t2 (i8x16.shuffle ${HI_PAIRS} ${get(src[0])} ${get(src[1])}))`);
  emit(ind, `(local.set $t3 (i8x16.shuffle ${HI_PAIRS} ${get(src[2])} ${get(src[3])}))`);
  emit(ind, `(local.set $${dst[0]} (i8x16.shuffle ${LO_HALVES} (local.get $t0) (local.get $t1)))`);
  emit(ind, `(local.set $${dst[1]} (i8x16.shuffle ${HI_HALVES} (local.get $t0) (local.get $t1)))`);
  emit(ind, `(local.set $${dst[2]} (i8x16.shuffle ${LO_HALVES} (local.get $t2) (local.get $t3)))`);
  emit(ind, `(local.set $${dst[3]} (i8x16.shuffle ${HI_HALVES} (local.get $t2) (local.get $t3)))`);
}

const decl = (prefix, n, type) => range(n).map((k) => `(local $${prefix}${k} ${type})`).join(' ');

emit(0, ';; Generated by gen-blake2s-wat.mjs; do not edit by hand.');
emit(0, ';; BLAKE2s compression kernels for Stwo-style Merkle node hashing and proof-of-work grinding.');
emit(0, ';; All pointers are byte offsets into the shared memory; words are little-endian u32.');
emit(0, '(module');
emit(2, '(import "env" "memory" (memory 1 65536 shared))');

// ---- scalar compression: h (8 words at $hp) ← F(h, m, t, f), message passed in registers
emit(2, ';; h[0..8] at $hp ← F(h, m0..m15, t = (t0, t1), f = (f0, f1)).');
emit(2, `(func $compress_scalar (param $hp i32) ${range(16).map((k) => `(param $m${k} i32)`).join(' ')}`);
emit(4, '(param $t0 i32) (param $t1 i32) (param $f0 i32) (param $f1 i32)');
emit(4, decl('v', 16, 'i32'));
for (let k = 0; k < 8; k++) emit(4, `(local.set $v${k} (i32.load offset=${4 * k} (local.get $hp)))`);
for (let k = 0; k < 4; k++) emit(4, `(local.set $v${k + 8} (i32.const ${i32(IV[k])}))`);
emit(4, `(local.set $v12 (i32.xor (i32.const ${i32(IV[4])}) (local.get $t0)))`);
emit(4, `(local.set $v13 (i32.xor (i32.const ${i32(IV[5])}) (local.get $t1)))`);
emit(4, `(local.set $v14 (i32.xor (i32.const ${i32(IV[6])}) (local.get $f0)))`);
emit(4, `(local.set $v15 (i32.xor (i32.const ${i32(IV[7])}) (local.get $f1)))`);
scalarRounds(4);
for (let k = 0; k < 8; k++)
  emit(4, `(i32.store offset=${4 * k} (local.get $hp) (i32.xor (i32.load offset=${4 * k} (local.get $hp)) (i32.xor (local.get $v${k}) (local.get $v${k + 8}))))`);
emit(2, ')');

// ---- exported scalar compression on memory
emit(2, ';; compress(hp, mp, t0, t1, f0, f1): the 8 words at hp ← F(h, 16 words at mp, t, f).');
emit(2, '(func (export "compress") (param $hp i32) (param $mp i32) (param $t0 i32) (param $t1 i32) (param $f0 i32) (param $f1 i32)');
emit(4, `(call $compress_scalar (local.get $hp) ${range(16).map((k) => `(i32.load offset=${4 * k} (local.get $mp))`).join(' ')}`);
emit(6, '(local.get $t0) (local.get $t1) (local.get $f0) (local.get $f1))');
emit(2, ')');

// ---- hash_layer
emit(2, ';; hash_layer(out, prev, hasPrev, cols, nCols, count): for node i < count,');
emit(2, ';;   out[i] = H(children = 64 bytes at prev + 64 i if hasPrev, values = column j word i for j < nCols),');
emit(2, ';; H = chained raw compressions from 8 zero words (children block, then values in zero-padded 16-word');
emit(2, ';; blocks). cols points to nCols u32 column pointers. Nodes are hashed 4 at a time in the lanes of v128;');
emit(2, ';; the last count mod 4 take the scalar path. A caller splits a layer by offsetting out, prev and the');
emit(2, ';; column pointers (e.g. one range per worker thread over shared memory).');
emit(2, '(func (export "hash_layer") (param $out i32) (param $prev i32) (param $hasPrev i32) (param $cols i32) (param $nCols i32) (param $count i32)');
emit(4, '(local $i i32) (local $g4 i32) (local $nb i32) (local $k i32) (local $base i32) (local $tab i32) (local $colOff i32) (local $p i32) (local $hp i32)');
emit(4, decl('h', 8, 'v128'));
emit(4, decl('m', 16, 'v128'));
emit(4, decl('v', 16, 'v128'));
emit(4, decl('q', 16, 'v128'));
emit(4, decl('t', 4, 'v128'));
emit(4, decl('s', 16, 'i32'));
emit(4, ';; blocks per node: the children block (if any) then ceil(nCols / 16) value blocks');
emit(4, '(local.set $hasPrev (i32.ne (local.get $hasPrev) (i32.const 0)))');
emit(4, '(local.set $nb (i32.add (local.get $hasPrev) (i32.shr_u (i32.add (local.get $nCols) (i32.const 15)) (i32.const 4))))');
emit(4, '(local.set $g4 (i32.and (local.get $count) (i32.const -4)))');
emit(4, '(block $simd_done (loop $simd');
emit(6, '(br_if $simd_done (i32.ge_u (local.get $i) (local.get $g4)))');
for (let k = 0; k < 8; k++) emit(6, `(local.set $h${k} (v128.const i64x2 0 0))`);
emit(6, '(local.set $colOff (i32.shl (local.get $i) (i32.const 2)))');
emit(6, '(local.set $k (i32.const 0))');
emit(6, '(block $blocks_done (loop $blocks');
emit(8, '(br_if $blocks_done (i32.ge_u (local.get $k) (local.get $nb)))');
emit(8, '(if (i32.and (local.get $hasPrev) (i32.eqz (local.get $k)))');
emit(10, '(then');
emit(12, ';; children of nodes i..i+3: 4 × 64 contiguous bytes, transposed so lane l holds node i+l');
emit(12, '(local.set $p (i32.add (local.get $prev) (i32.shl (local.get $i) (i32.const 6))))');
for (let q = 0; q < 16; q++) emit(12, `(local.set $q${q} (v128.load offset=${16 * q} (local.get $p)))`);
// q[4 l + r] = node l, words 4r..4r+3
for (let r = 0; r < 4; r++)
  transpose(12, [0, 1, 2, 3].map((l) => 'q' + (4 * l + r)), [0, 1, 2, 3].map((j) => 'm' + (4 * r + j)));
emit(10, ')');
emit(10, '(else');
emit(12, ';; value block: word j is column base + j at rows i..i+3, a plain vector load (columns are column-major)');
emit(12, '(local.set $base (i32.shl (i32.sub (local.get $k) (local.get $hasPrev)) (i32.const 4)))');
emit(12, '(local.set $tab (i32.add (local.get $cols) (i32.shl (local.get $base) (i32.const 2))))');
for (let j = 0; j < 16; j++)
  emit(12, `(local.set $m${j} (if (result v128) (i32.lt_u (i32.add (local.get $base) (i32.const ${j})) (local.get $nCols)) (then (v128.load (i32.add (i32.load offset=${4 * j} (local.get $tab)) (local.get $colOff)))) (else (v128.const i64x2 0 0))))`);
emit(10, ')');
emit(8, ')');
simdInit(8);
simdRounds(8);
for (let k = 0; k < 8; k++) emit(8, `(local.set $h${k} (v128.xor (local.get $h${k}) (v128.xor (local.get $v${k}) (local.get $v${k + 8}))))`);
emit(8, '(local.set $k (i32.add (local.get $k) (i32.const 1)))');
emit(8, '(br $blocks)');
emit(6, '))');
emit(6, ';; transpose back: node i+l gets lane l of h0..h7');
transpose(6, ['h0', 'h1', 'h2', 'h3'], ['q0', 'q1', 'q2', 'q3']);
transpose(6, ['h4', 'h5', 'h6', 'h7'], ['q4', 'q5', 'q6', 'q7']);
emit(6, '(local.set $p (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 5))))');
for (let l = 0; l < 4; l++) {
  emit(6, `(v128.store offset=${32 * l} (local.get $p) (local.get $q${l}))`);
  emit(6, `(v128.store offset=${32 * l + 16} (local.get $p) (local.get $q${l + 4}))`);
}
emit(6, '(local.set $i (i32.add (local.get $i) (i32.const 4)))');
emit(6, '(br $simd)');
emit(4, '))');
emit(4, ';; scalar tail: the state lives at its output slot');
emit(4, '(block $tail_done (loop $tail');
emit(6, '(br_if $tail_done (i32.ge_u (local.get $i) (local.get $count)))');
emit(6, '(local.set $hp (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 5))))');
emit(6, '(v128.store (local.get $hp) (v128.const i64x2 0 0))');
emit(6, '(v128.store offset=16 (local.get $hp) (v128.const i64x2 0 0))');
emit(6, '(local.set $colOff (i32.shl (local.get $i) (i32.const 2)))');
emit(6, '(if (local.get $hasPrev) (then');
emit(8, '(local.set $p (i32.add (local.get $prev) (i32.shl (local.get $i) (i32.const 6))))');
emit(8, `(call $compress_scalar (local.get $hp) ${range(16).map((k) => `(i32.load offset=${4 * k} (local.get $p))`).join(' ')} (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))`);
emit(6, '))');
emit(6, '(local.set $base (i32.const 0))');
emit(6, '(block $vb_done (loop $vb');
emit(8, '(br_if $vb_done (i32.ge_u (local.get $base) (local.get $nCols)))');
emit(8, '(local.set $tab (i32.add (local.get $cols) (i32.shl (local.get $base) (i32.const 2))))');
for (let j = 0; j < 16; j++)
  emit(8, `(local.set $s${j} (if (result i32) (i32.lt_u (i32.add (local.get $base) (i32.const ${j})) (local.get $nCols)) (then (i32.load (i32.add (i32.load offset=${4 * j} (local.get $tab)) (local.get $colOff)))) (else (i32.const 0))))`);
emit(8, `(call $compress_scalar (local.get $hp) ${range(16).map((k) => `(local.get $s${k})`).join(' ')} (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))`);
emit(8, '(local.set $base (i32.add (local.get $base) (i32.const 16)))');
emit(8, '(br $vb)');
emit(6, '))');
emit(6, '(local.set $i (i32.add (local.get $i) (i32.const 1)))');
emit(6, '(br $tail)');
emit(4, '))');
emit(2, ')');

// ---- grind
emit(2, ';; grind(hp, lo, hi, count, mask0..mask3) → the least j < count such that F(h, [lo + j, hi, 0 × 14]) has');
emit(2, ';; (word k & mask_k) = 0 for k < 4 (the trailing-zero test on the first 16 digest bytes), or -1.');
emit(2, ';; Four nonces per compression, one per lane. The caller keeps lo + count ≤ 2^32 (no carry into hi).');
emit(2, '(func (export "grind") (param $hp i32) (param $lo i32) (param $hi i32) (param $count i32)');
emit(4, '(param $mask0 i32) (param $mask1 i32) (param $mask2 i32) (param $mask3 i32) (result i32)');
emit(4, '(local $i i32) (local $bm i32) (local $r i32)');
emit(4, decl('h', 8, 'v128'));
emit(4, decl('m', 16, 'v128'));
emit(4, decl('v', 16, 'v128'));
emit(4, decl('k', 4, 'v128'));
emit(4, '(local $acc v128)');
for (let k = 0; k < 8; k++) emit(4, `(local.set $h${k} (i32x4.splat (i32.load offset=${4 * k} (local.get $hp))))`);
for (let k = 0; k < 4; k++) emit(4, `(local.set $k${k} (i32x4.splat (local.get $mask${k})))`);
emit(4, '(local.set $m1 (i32x4.splat (local.get $hi)))');
emit(4, ';; m2..m15 stay zero (locals start zeroed)');
emit(4, '(block $done (loop $try');
emit(6, '(br_if $done (i32.ge_u (local.get $i) (local.get $count)))');
emit(6, '(local.set $m0 (i32x4.add (i32x4.splat (i32.add (local.get $lo) (local.get $i))) (v128.const i32x4 0 1 2 3)))');
simdInit(6);
simdRounds(6);
emit(6, '(local.set $acc (v128.const i64x2 0 0))');
for (let k = 0; k < 4; k++)
  emit(6, `(local.set $acc (v128.or (local.get $acc) (v128.and (local.get $k${k}) (v128.xor (local.get $h${k}) (v128.xor (local.get $v${k}) (local.get $v${k + 8}))))))`);
emit(6, '(local.set $bm (i32x4.bitmask (i32x4.eq (local.get $acc) (v128.const i64x2 0 0))))');
emit(6, '(if (local.get $bm) (then');
emit(8, '(local.set $r (i32.add (local.get $i) (i32.ctz (local.get $bm))))');
emit(8, '(return (select (local.get $r) (i32.const -1) (i32.lt_u (local.get $r) (local.get $count))))');
emit(6, '))');
emit(6, '(local.set $i (i32.add (local.get $i) (i32.const 4)))');
emit(6, '(br $try)');
emit(4, '))');
emit(4, '(i32.const -1)');
emit(2, ')');
emit(0, ')');
console.log(lines.join('\n'));
