/**
 * What the browser test and its page share: the proved instances, the FFT input and a checksum, and the
 * shape of the page's report. Imported both in Node (`browser.test.ts`) and in Chromium (`page.ts`), so
 * it must stay free of `node:` imports.
 */
import type { Statement } from '../../src/web/verifier.js';

/** Wide Fibonacci with 2^8 rows and 8 columns: small enough to prove in a test, large enough for ZK. */
export const FIB_LOG = 8;
/** Columns of the wide-Fibonacci instance. */
export const FIB_COLS = 8;
/** Seed of the witness (first column entries). */
export const FIB_SEED = 3;
/** Public words of the statement; its bytes are {@link STATEMENT_TEXT} encoded as UTF-8. */
export const STATEMENT_WORDS: readonly number[] = Object.freeze([7, 11, 13]);
/** Public bytes of the statement, as text. */
export const STATEMENT_TEXT = 'browser verifier test';

/** The statement both sides use. */
export function statement(): Statement {
  return { words: [...STATEMENT_WORDS], bytes: new TextEncoder().encode(STATEMENT_TEXT) };
}

/** The proofs the page verifies: served at `/proofs/<name>.bin`. */
export const PROOF_CASES = Object.freeze([
  Object.freeze({ name: 'wide-fib', zeroKnowledge: false }),
  Object.freeze({ name: 'wide-fib-zk', zeroKnowledge: true }),
]);

/** Log size of the transform compared between the JS and WASM backends (above the chunked-transform threshold). */
export const FFT_LOG = 15;

/** 2^log canonical M31 values from a fixed xorshift stream, with 0 and p − 1 sprinkled in. */
export function fftInput(log: number): Uint32Array {
  const p = 0x7fffffff;
  const out = new Uint32Array(2 ** log);
  let s = 0x9e3779b9;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = i % 64 === 5 ? 0 : i % 64 === 9 ? p - 1 : s % p;
  }
  return out;
}

/** FNV-1a over the 32-bit words (order-sensitive), to compare large arrays across the page boundary. */
export function checksum(a: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    for (let k = 0; k < 32; k += 8) h = Math.imul(h ^ ((w >>> k) & 0xff), 0x01000193) >>> 0;
  }
  return h;
}

/** Outcome of verifying one proof in the page. */
export interface VerifyReport {
  readonly name: string;
  readonly bytes: number;
  /** `null` when the proof verified; otherwise the error's name, code and message. */
  readonly error: string | null;
  /** Milliseconds of each `verifyProofBytes` call, the first one included (it builds the AIR's caches). */
  readonly ms: number[];
  /** One flipped byte per entry: where, and what the verifier threw. */
  readonly tampered: { position: number; typed: boolean; code: string | null; message: string }[];
}

/** What `run` in `page.ts` reports. */
/** What the prover worker of the page reports (see `prover-worker.ts`). */
export interface WorkerProofReport {
  readonly error: string | null;
  /** Threads the kernel pool was created with, and workers that had started when proving began. */
  readonly threads: number;
  readonly ready: number;
  /** Batches of kernel calls that ran on worker threads. */
  readonly distributed: number;
  /** Whether the proof made with kernel threads equals the one made without, byte for byte. */
  readonly identical: boolean;
  readonly bytes: Uint8Array | null;
  readonly proveMs: number;
}

/** Rows and columns of the wide-Fibonacci instance proved inside the browser. */
export const WORKER_FIB_LOG = 12;
export const WORKER_FIB_COLS = 16;

/** The browser's verdicts on a machine proof file (`zkvm prove` format) and tampered variants. */
export interface MachineReport {
  /** The verified statement, or null when the honest proof was rejected. */
  readonly statement: { programId: string; exitCode: number; securityBits: number } | null;
  /** Why the honest proof was rejected (null when accepted). */
  readonly error: string | null;
  readonly ms: number;
  /** Each tampered or mismatched case: whether it was rejected with a ProofRejectedError, and its code. */
  readonly rejected: { readonly what: string; readonly typed: boolean; readonly code: string | null; readonly message: string }[];
}

/** Exit code of the machine program the browser test proves. */
export const MACHINE_EXIT = 7;
/** Source of that program (register-only: it loops, then exits). */
export const MACHINE_SOURCE = `li a0, ${7}\nli t0, 10\nloop: addi t0, t0, -1\nbnez t0, loop\nli a7, 93\necall`;

export interface PageReport {
  readonly userAgent: string;
  /** The proof made in a Web Worker with kernel threads, and whether the page's verifier accepted it. */
  readonly workerProof: (Omit<WorkerProofReport, 'bytes'> & { readonly verified: string | null }) | null;
  readonly crossOriginIsolated: boolean;
  /** Whether the kernels' WebAssembly memory is a SharedArrayBuffer (needs COOP/COEP). */
  readonly sharedWasmMemory: boolean;
  readonly simd: boolean;
  readonly proofs: VerifyReport[];
  /** The machine proof file check (null when the page failed before it). */
  readonly machine: MachineReport | null;
  readonly fft: {
    readonly log: number;
    readonly js: number;
    readonly wasm: number;
    /** WASM backend on a plain (non-heap) array, which goes through copies. */
    readonly wasmPlain: number;
    /** Whether the WASM inverse transform gave the input back. */
    readonly roundTrip: boolean;
    readonly jsMs: number;
    readonly wasmMs: number;
  } | null;
  /** An exception that stopped the page (with its stack), or null. */
  readonly fatal: string | null;
}
