// One suite, run against every backend: the plain-TypeScript reference and the WASM SIMD kernels.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bitReverseIndex, canonicCoset, lineDomain, securePointFromM31, securePointFromT } from '../../src/circle/index.js';
import { cloneColumn, getAt, m31, qm31, secureColumn } from '../../src/field/index.js';
import type { SecureColumn } from '../../src/field/index.js';
import {
  evalColumnsAtSecurePoint,
  evaluate,
  evaluateAtPoint,
  evaluateAtSecurePoint,
  evaluateColumns,
  extendEvaluation,
  interpolate,
  interpolateColumns,
  jsBackend,
  lineEvalAtPoint,
  lineInterpolate,
  PolyError,
  wasmBackend,
} from '../../src/poly/index.js';
import type { PolyBackend } from '../../src/poly/index.js';
import { naiveFoldCircle, naiveFoldLine, P, randomM31, randomQM31, randomSecure } from './helpers.js';

const backends: PolyBackend[] = [jsBackend, wasmBackend];

for (const B of backends) {
  describe(`${B.name} backend`, () => {
    test('FFT equals naive evaluation at every domain point (n = 1..8)', () => {
      for (let n = 1; n <= 8; n++) {
        const c = randomM31(2 ** n, 7 * n);
        const v = c.slice();
        B.fft(v);
        const d = canonicCoset(n).circleDomain;
        for (let r = 0; r < 2 ** n; r++) assert.equal(v[r], evaluateAtPoint(c, d.at(bitReverseIndex(r, n))), `n=${n} r=${r}`);
      }
    });

    test('accumulateLinearCombination equals Σ coeff·column computed one element at a time', () => {
      for (const [n, k] of [[1, 1], [3, 2], [4, 0], [4, 1], [17, 5], [256, 37], [1000, 3]] as const) {
        const cols = Array.from({ length: k }, (_, c) => randomM31(n, 1000 * n + c));
        if (k > 0) cols[0]!.fill(P - 1); // largest products: (p−1)² for every term
        const coeffs = Array.from({ length: k }, (_, c) => (c === 0 ? qm31.of(P - 1, P - 1, P - 1, P - 1) : randomQM31(n + 7 * c)));
        const acc = randomSecure(n, 5 * n + k);
        const expect = cloneColumn(acc);
        for (let i = 0; i < n; i++) {
          let v = getAt(expect, i);
          for (let c = 0; c < k; c++) v = qm31.add(v, qm31.mulM31(coeffs[c]!, cols[c]![i]!));
          for (let j = 0; j < 4; j++) expect[j][i] = v[j]!;
        }
        B.accumulateLinearCombination(acc, cols, coeffs);
        assert.deepEqual(acc, expect, `n=${n} k=${k}`);
      }
      assert.throws(() => B.accumulateLinearCombination(secureColumn(4), [new Uint32Array(3)], [qm31.ONE]), PolyError);
      assert.throws(() => B.accumulateLinearCombination(secureColumn(4), [new Uint32Array(4)], []), PolyError);
    });

    test('small vectors', () => {
      const v = Uint32Array.from([1, 2, 3, 4]);
      B.fft(v);
      assert.deepEqual([...v], [32767, 163843, 2147450878, 2147319810]);
      const w = Uint32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
      B.fft(w);
      assert.deepEqual([...w], [885347334, 2092305986, 1262332919, 55636419, 714723476, 1109642644, 1432563561, 1037382257]);
    });

    test('FFT/IFFT round trip (n = 1..15) on plain and backend-allocated arrays', () => {
      for (let n = 1; n <= 15; n++) {
        const c = randomM31(2 ** n, 31 * n);
        const v = c.slice();
        B.fft(v);
        B.ifft(v);
        assert.deepEqual(v, c, `n=${n}`);
        const h = B.alloc(2 ** n);
        h.set(c);
        B.fft(h);
        const ref = c.slice();
        jsBackend.fft(ref);
        assert.deepEqual(h, ref, `allocated n=${n}`);
        B.ifft(h);
        assert.deepEqual(h, c);
        B.free(h);
      }
    });

    test('interpolation of a low-degree evaluation has zero high coefficients', () => {
      const c = randomM31(2 ** 6, 3);
      const v = evaluate(c, 9, B);
      const back = interpolate(v, B);
      assert.deepEqual(back.subarray(0, 64), c);
      assert.ok(back.subarray(64).every((x) => x === 0));
    });

    test('LDE: evaluations of the extension agree with evaluateAtPoint', () => {
      for (const [n, m] of [
        [1, 3],
        [3, 4],
        [4, 7],
        [6, 9],
      ] as const) {
        const c = randomM31(2 ** n, n + m);
        const values = evaluate(c, n, B);
        const ext = extendEvaluation(values, m, B);
        const d = canonicCoset(m).circleDomain;
        for (let r = 0; r < 2 ** m; r++) assert.equal(ext[r], evaluateAtPoint(c, d.at(bitReverseIndex(r, m))), `n=${n} m=${m} r=${r}`);
      }
    });

    test('column batches equal column-by-column transforms', () => {
      const cols = [0, 1, 2, 3, 4].map((i) => randomM31(2 ** 10, 50 + i));
      const ev = evaluateColumns(cols, 11, B);
      cols.forEach((c, i) => assert.deepEqual(ev[i], evaluate(c, 11, jsBackend)));
      const back = interpolateColumns(ev, B);
      cols.forEach((c, i) => {
        assert.deepEqual(back[i]!.subarray(0, c.length), c);
        assert.ok(back[i]!.subarray(c.length).every((x) => x === 0));
      });
      const inPlace = cols.map((c) => c.slice());
      B.fftColumns(inPlace);
      B.ifftColumns(inPlace);
      assert.deepEqual(inPlace, cols);
      B.fftColumns([]);
      assert.throws(() => B.fftColumns([new Uint32Array(8), new Uint32Array(16)]), PolyError);
      assert.throws(() => B.fft(new Uint32Array(12)), PolyError);
    });

    test('M31 vector ops (lengths with tails, aliasing, edge values)', () => {
      for (const n of [0, 1, 3, 4, 7, 64, 1027]) {
        const a = randomM31(n, n + 1);
        const b = randomM31(n, n + 2);
        const o = new Uint32Array(n);
        const check = (f: (x: number, y: number) => number) => a.forEach((x, i) => assert.equal(o[i], f(x, b[i]!)));
        B.addM31(o, a, b);
        check(m31.add);
        B.subM31(o, a, b);
        check(m31.sub);
        B.mulM31(o, a, b);
        check(m31.mul);
        B.scaleM31(o, a, P - 1);
        check((x) => m31.mul(x, P - 1));
        const alias = a.slice();
        B.mulM31(alias, alias, b);
        a.forEach((x, i) => assert.equal(alias[i], m31.mul(x, b[i]!)));
      }
      const e = new Uint32Array(8).fill(P - 1);
      const o = new Uint32Array(8);
      B.mulM31(o, e, e);
      assert.ok(o.every((x) => x === 1));
      B.addM31(o, e, e);
      assert.ok(o.every((x) => x === P - 2));
      assert.throws(() => B.addM31(new Uint32Array(4), new Uint32Array(4), new Uint32Array(5)), /length/);
    });

    test('QM31 column ops', () => {
      for (const n of [1, 4, 6, 33, 256]) {
        const a = randomSecure(n, 3 * n);
        const b = randomSecure(n, 5 * n);
        const m = randomM31(n, 7 * n);
        const s = randomQM31(n);
        const o = secureColumn(n);
        const check = (f: (i: number) => readonly number[]) => {
          for (let i = 0; i < n; i++) assert.deepEqual(getAt(o, i), f(i));
        };
        B.addQM31(o, a, b);
        check((i) => qm31.add(getAt(a, i), getAt(b, i)));
        B.subQM31(o, a, b);
        check((i) => qm31.sub(getAt(a, i), getAt(b, i)));
        B.mulQM31(o, a, b);
        check((i) => qm31.mul(getAt(a, i), getAt(b, i)));
        B.mulQM31ByM31(o, a, m);
        check((i) => qm31.mulM31(getAt(a, i), m[i]!));
        B.scaleQM31(o, a, s);
        check((i) => qm31.mul(getAt(a, i), s));
        const h = B.allocSecure(n);
        B.mulQM31(h, a, b);
        for (let i = 0; i < n; i++) assert.deepEqual(getAt(h, i), qm31.mul(getAt(a, i), getAt(b, i)));
        h.forEach((c) => B.free(c));
      }
      const e: SecureColumn = [0, 1, 2, 3].map(() => new Uint32Array(4).fill(P - 1)) as unknown as SecureColumn;
      const o = secureColumn(4);
      B.mulQM31(o, e, e);
      assert.deepEqual(getAt(o, 2), qm31.mul([P - 1, P - 1, P - 1, P - 1], [P - 1, P - 1, P - 1, P - 1]));
    });

    test('circle-to-line fold matches the naive definition (n = 1..10)', () => {
      for (let n = 1; n <= 10; n++) {
        const src = randomSecure(2 ** n, 13 * n);
        const dst = randomSecure(2 ** (n - 1), 17 * n);
        const alpha = randomQM31(n);
        const expected = naiveFoldCircle(dst, src, alpha);
        B.foldCircleIntoLine(dst, src, alpha);
        assert.deepEqual(dst, expected, `n=${n}`);
      }
      assert.throws(() => B.foldCircleIntoLine(secureColumn(3), secureColumn(8), [1, 0, 0, 0]), /length/);
    });

    test('line fold matches the naive definition (k = 1..10)', () => {
      for (let k = 1; k <= 10; k++) {
        const src = randomSecure(2 ** k, 19 * k);
        const alpha = randomQM31(k + 50);
        const expected = naiveFoldLine(src, alpha);
        assert.deepEqual(B.foldLine(src, alpha), expected, `k=${k}`);
        const into = B.allocSecure(2 ** (k - 1));
        B.foldLine(src, alpha, into);
        assert.deepEqual(into, expected);
        into.forEach((c) => B.free(c));
      }
      assert.throws(() => B.foldLine(secureColumn(1), [1, 0, 0, 0]), PolyError);
      assert.throws(() => B.foldLine(secureColumn(8), [1, 0, 0, 0], secureColumn(3)), /length/);
    });

    test('evaluation at a QM31 point equals the reference fold (n = 0..13) and M31 evaluation on embedded points', () => {
      for (let n = 0; n <= 13; n++) {
        const c = randomM31(2 ** n, 90 + n);
        const ood = securePointFromT(randomQM31(n + 900));
        assert.deepEqual(B.evalAtSecurePoint(c, ood), evaluateAtSecurePoint(c, ood), `n=${n}`);
        const p = canonicCoset(n + 2).at(3);
        assert.deepEqual(B.evalAtSecurePoint(c, securePointFromM31(p)), qm31.fromM31(evaluateAtPoint(c, p)));
      }
      const cols = [randomM31(64, 1), randomM31(64, 2)];
      const ood = securePointFromT([1, 2, 3, 4]);
      assert.deepEqual(evalColumnsAtSecurePoint(cols, ood, B), cols.map((c) => evaluateAtSecurePoint(c, ood)));
      assert.throws(() => B.evalAtSecurePoint(new Uint32Array(24), ood), PolyError);
    });

    test('FRI round trip: folding a low-degree evaluation down to a constant', () => {
      // A circle polynomial of log size d, evaluated with blowup 2 on CanonicCoset(d + 1), folds into a line
      // polynomial of degree < 2^(d−1) on 2^d points; d − 1 line folds leave a constant on 2 points.
      const d = 8;
      const coeffs = [0, 1, 2, 3].map((k) => randomM31(2 ** d, 70 + k));
      const evals = coeffs.map((c) => evaluate(c, d + 1, B)) as unknown as SecureColumn;
      let line = secureColumn(2 ** d);
      B.foldCircleIntoLine(line, evals, randomQM31(1));
      for (let j = 0; j < d - 1; j++) line = B.foldLine(line, randomQM31(2 + j));
      assert.deepEqual(getAt(line, 0), getAt(line, 1));
      const last = lineInterpolate(line, lineDomain(canonicCoset(2).halfCoset));
      assert.deepEqual(getAt(last.coeffs, 1), [0, 0, 0, 0]);
      assert.deepEqual(lineEvalAtPoint(last, [5, 6, 7, 8]), getAt(line, 0));
      // A tampered value breaks it.
      const bad = cloneColumn(evals);
      bad[0][3] = (bad[0][3]! + 1) % P;
      let l2 = secureColumn(2 ** d);
      B.foldCircleIntoLine(l2, bad, randomQM31(1));
      for (let j = 0; j < d - 1; j++) l2 = B.foldLine(l2, randomQM31(2 + j));
      assert.notDeepEqual(getAt(l2, 0), getAt(l2, 1));
    });
  });
}

test('every backend equals the reference on random inputs up to 2^12 and on edge inputs', () => {
  for (const B of backends) {
    for (let n = 1; n <= 12; n++) {
      const inputs = [randomM31(2 ** n, 1000 + n), new Uint32Array(2 ** n), new Uint32Array(2 ** n).fill(P - 1)];
      for (const c of inputs) {
        const a = c.slice();
        const b = c.slice();
        jsBackend.fft(a);
        B.fft(b);
        assert.deepEqual(b, a, `${B.name} fft n=${n}`);
        jsBackend.ifft(a);
        B.ifft(b);
        assert.deepEqual(b, a, `${B.name} ifft n=${n}`);
        assert.deepEqual(b, c);
      }
      const src = randomSecure(2 ** n, 2000 + n);
      const alpha = randomQM31(3000 + n);
      const d1 = randomSecure(2 ** (n - 1), 4000 + n);
      const d2 = cloneColumn(d1);
      jsBackend.foldCircleIntoLine(d1, src, alpha);
      B.foldCircleIntoLine(d2, src, alpha);
      assert.deepEqual(d2, d1);
      assert.deepEqual(B.foldLine(src, alpha), jsBackend.foldLine(src, alpha));
    }
  }
});

test('WASM backend: allocated columns stay valid and in place across memory growth', () => {
  const a = wasmBackend.alloc(1024);
  a.set(randomM31(1024, 9));
  const ref = a.slice();
  const big = wasmBackend.alloc(2 ** 22); // forces the memory to grow
  wasmBackend.fft(a);
  jsBackend.fft(ref);
  assert.deepEqual(a, ref);
  wasmBackend.free(big);
  wasmBackend.free(a);
  assert.throws(() => wasmBackend.alloc(-1), PolyError);
});
