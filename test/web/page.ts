/**
 * The in-browser half of `browser.test.ts`: loaded by Chromium from `/test/web/page.js` (compiled), it
 * imports the verifier through its browser entry, fetches the proofs the Node side made, verifies them and
 * tampered copies, and compares the WASM SIMD and JS polynomial backends. Everything it imports must load
 * in a browser as compiled (relative `.js` imports, no `node:` modules).
 */
import { ProofRejectedError, TEST_STARK_CONFIG, TEST_ZK_STARK_CONFIG, VerificationError, verifyProofBytes, verifyProofFile } from '../../src/web/verifier.js';
import { wideFibonacciAir } from '../../src/examples/wide-fibonacci.js';
import { jsBackend } from '../../src/poly/prover/js-backend.js';
import { wasmBackend, wasmSimdSupported } from '../../src/poly/prover/wasm-backend.js';
import { defaultHeap } from '../../src/wasm/runtime.js';
import { checksum, FFT_LOG, fftInput, FIB_COLS, FIB_LOG, PROOF_CASES, statement, WORKER_FIB_COLS, WORKER_FIB_LOG } from './fixture.js';
import { MACHINE_EXIT } from './fixture.js';
import type { MachineReport, PageReport, VerifyReport, WorkerProofReport } from './fixture.js';

const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e));

async function verifyCase(name: string, zeroKnowledge: boolean, repeats: number): Promise<VerifyReport> {
  const res = await fetch(`/proofs/${name}.bin`);
  if (!res.ok) throw new Error(`GET /proofs/${name}.bin: ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const air = wideFibonacciAir(FIB_LOG, FIB_COLS);
  const config = zeroKnowledge ? TEST_ZK_STARK_CONFIG : TEST_STARK_CONFIG;
  // The test configurations give ~8 bits; the verifier refuses them unless told otherwise.
  const options = { minSecurityBits: 0 };
  const ms: number[] = [];
  let error: string | null = null;
  for (let i = 0; i < repeats && error === null; i++) {
    const t0 = performance.now();
    try {
      verifyProofBytes(air, statement(), bytes, config, options);
    } catch (e) {
      error = e instanceof VerificationError ? `VerificationError ${e.code}: ${e.message}` : describe(e);
    }
    ms.push(performance.now() - t0);
  }
  // One flipped bit in a root (right after the 32-byte header and the 4-byte count), one in the middle
  // (Merkle and FRI data) and one in the last byte.
  const tampered: VerifyReport['tampered'] = [];
  for (const position of [32 + 4 + 5, bytes.length >> 1, bytes.length - 1]) {
    const t = bytes.slice();
    t[position]! ^= 0x01;
    try {
      verifyProofBytes(air, statement(), t, config, options);
      tampered.push({ position, typed: false, code: null, message: 'accepted' });
    } catch (e) {
      const typed = e instanceof VerificationError;
      tampered.push({ position, typed, code: typed ? e.code : null, message: describe(e) });
    }
  }
  return { name, bytes: bytes.length, error, ms, tampered };
}

function compareFft(): NonNullable<PageReport['fft']> {
  const input = fftInput(FFT_LOG);
  const js = input.slice();
  let t0 = performance.now();
  jsBackend.fft(js);
  const jsMs = performance.now() - t0;
  // In the kernels' heap (operated on in place) and as a plain array (copied in and out).
  const inHeap = wasmBackend.alloc(input.length);
  inHeap.set(input);
  wasmBackend.precomputeTwiddles(FFT_LOG);
  t0 = performance.now();
  wasmBackend.fft(inHeap);
  const wasmMs = performance.now() - t0;
  const wasm = checksum(inHeap);
  wasmBackend.ifft(inHeap);
  const roundTrip = checksum(inHeap) === checksum(input);
  wasmBackend.free(inHeap);
  const plain = input.slice();
  wasmBackend.fft(plain);
  return { log: FFT_LOG, js: checksum(js), wasm, wasmPlain: checksum(plain), roundTrip, jsMs, wasmMs };
}

/** Proves in a Web Worker with kernel threads and verifies the proof here. */
async function proveInWorker(): Promise<NonNullable<PageReport['workerProof']>> {
  const worker = new Worker('/test/web/prover-worker.js', { type: 'module' });
  const report = await new Promise<WorkerProofReport>((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data as WorkerProofReport);
    worker.onerror = (e) => reject(new Error(`prover worker: ${e.message}`));
    worker.postMessage('prove');
  });
  worker.terminate();
  const { bytes, ...rest } = report;
  let verified: string | null = 'no proof';
  if (bytes) {
    try {
      verifyProofBytes(wideFibonacciAir(WORKER_FIB_LOG, WORKER_FIB_COLS), {}, bytes, TEST_STARK_CONFIG, { minSecurityBits: 0 });
      verified = null;
    } catch (e) {
      verified = describe(e);
    }
  }
  return { ...rest, verified };
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Verifies the machine proof file the Node side made, then a tampered copy and two wrong expectations. */
async function verifyMachine(): Promise<MachineReport> {
  const elf = await fetchBytes('/proofs/machine-elf.bin');
  const proof = await fetchBytes('/proofs/machine-proof.bin');
  // The test configuration gives ~8 bits; the verifier accepts it only when named.
  const loose = { config: 'test' };
  let statement: MachineReport['statement'] = null;
  let error: string | null = null;
  const t0 = performance.now();
  try {
    const v = verifyProofFile(elf, proof, { ...loose, expectExit: MACHINE_EXIT, expectOutput: new Uint8Array(0) });
    statement = { programId: v.statement.programId, exitCode: v.statement.exitCode, securityBits: v.securityBits };
  } catch (e) {
    error = describe(e);
  }
  const ms = performance.now() - t0;
  const flipped = (at: number): Uint8Array => {
    const t = proof.slice();
    t[at]! ^= 0x10;
    return t;
  };
  const cases: [string, () => unknown][] = [
    ['byte in the middle flipped', () => verifyProofFile(elf, flipped(proof.length >> 1), loose)],
    ['last byte flipped', () => verifyProofFile(elf, flipped(proof.length - 1), loose)],
    ['truncated', () => verifyProofFile(elf, proof.subarray(0, proof.length - 9), loose)],
    ['wrong exit code expected', () => verifyProofFile(elf, proof, { ...loose, expectExit: MACHINE_EXIT + 1 })],
    ['default preset', () => verifyProofFile(elf, proof)],
  ];
  const rejected: MachineReport['rejected'] = cases.map(([what, f]) => {
    try {
      f();
      return { what, typed: false, code: null, message: 'accepted' };
    } catch (e) {
      const typed = e instanceof ProofRejectedError;
      return { what, typed, code: typed ? e.code : null, message: describe(e) };
    }
  });
  return { statement, error, ms, rejected };
}

/** Runs every check and reports; never throws (a failure is reported in `fatal`). */
export async function run(opts: { repeats: number }): Promise<PageReport> {
  const simd = wasmSimdSupported();
  const base = {
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedWasmMemory: typeof SharedArrayBuffer !== 'undefined' && defaultHeap().memory.buffer instanceof SharedArrayBuffer,
    simd,
  };
  const proofs: VerifyReport[] = [];
  try {
    for (const c of PROOF_CASES) proofs.push(await verifyCase(c.name, c.zeroKnowledge, opts.repeats));
    const machine = await verifyMachine();
    const fft = simd ? compareFft() : null;
    const workerProof = await proveInWorker();
    return { ...base, proofs, machine, fft, workerProof, fatal: null };
  } catch (e) {
    return { ...base, proofs, machine: null, fft: null, workerProof: null, fatal: describe(e) };
  }
}
