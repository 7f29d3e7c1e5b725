/**
 * The verifier and the WASM kernels in a real browser: proofs made here in Node are verified by headless
 * Chromium (Debian's `chromium`, driven by `playwright-core`) loading the compiled ESM files of `dist/`
 * as they are, from a local server that sends the cross-origin isolation headers. The page
 * (`page.ts`) also checks that a proof with one flipped bit is rejected with a `VerificationError`, that
 * the page is cross-origin isolated (so the kernels' memory is a SharedArrayBuffer), and that the WASM SIMD
 * FFT gives the JS backend's result, in the browser and here.
 *
 * Needs `/usr/bin/chromium` (`apt-get install -y chromium`, which `.ci/run` does) and the `playwright-core`
 * dev dependency: without them this test fails, it is never skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prove, serializeProof, TEST_STARK_CONFIG, TEST_ZK_STARK_CONFIG, verifyProofBytes } from '../../src/stark/index.js';
import { wideFibonacciAir, wideFibonacciWitness } from '../../src/examples/wide-fibonacci.js';
import { jsBackend } from '../../src/poly/index.js';
import { prove as proveProgram, TEST_STARK_CONFIG as SDK_TEST_CONFIG, programIdHex } from '../../src/sdk/index.js';
import { program } from '../util/asm.js';
import { imageToElf } from '../util/elf-writer.js';
import { checksum, FFT_LOG, fftInput, FIB_COLS, FIB_LOG, FIB_SEED, MACHINE_EXIT, MACHINE_SOURCE, PROOF_CASES, statement } from './fixture.js';
import type { PageReport } from './fixture.js';

/** Compiled output root (this file runs from dist/test/web). */
const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INSTALL_HINT = 'install Debian\'s Chromium with `apt-get install -y chromium` (as root; .ci/run does) and the dev dependencies with `npm ci`';
/** Timed verifications per proof, in the browser and here. */
const REPEATS = 7;

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/** Headers that make the page cross-origin isolated, which browsers require for SharedArrayBuffer. */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cache-Control': 'no-store',
};

const PAGE = '<!doctype html><meta charset="utf-8"><title>zkvm verifier</title><p>zkvm browser verifier test</p>\n';

/** A static server on 127.0.0.1 (random port) for `dist/`, the page and the in-memory proofs. */
async function serve(proofs: Map<string, Uint8Array>, log: string[]): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: Uint8Array | string): void => {
      res.writeHead(status, { 'Content-Type': type, ...ISOLATION });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed');
      if (path === '/' || path === '/index.html') return send(200, MIME['.html']!, PAGE);
      const proof = /^\/proofs\/([\w-]+)\.bin$/.exec(path);
      if (proof) {
        const bytes = proofs.get(proof[1]!);
        return bytes ? send(200, MIME['.bin']!, bytes) : send(404, 'text/plain', 'no such proof');
      }
      const file = resolve(DIST, '.' + path);
      const type = MIME[extname(file)];
      if (!file.startsWith(DIST + sep) || type === undefined) return send(404, 'text/plain', 'not found');
      try {
        return send(200, type, await readFile(file));
      } catch {
        log.push(`404 ${path}`);
        return send(404, 'text/plain', 'not found');
      }
    })().catch((e: unknown) => send(500, 'text/plain', String(e)));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};
const fmt = (xs: number[]): string => `first ${xs[0]!.toFixed(1)} ms, median ${median(xs.slice(1)).toFixed(2)} ms, min ${Math.min(...xs.slice(1)).toFixed(2)} ms`;

test('the STARK verifier and the WASM SIMD kernels run in headless Chromium', { timeout: 180_000 }, async () => {
  // Prerequisites first, with a message that says how to get them (never a skip).
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: ${INSTALL_HINT}`);
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    assert.fail(`playwright-core cannot be loaded (${String(e)}): ${INSTALL_HINT}`);
  }

  // (a) Prove in Node, check here, serialize.
  const air = wideFibonacciAir(FIB_LOG, FIB_COLS);
  const witness = wideFibonacciWitness(FIB_LOG, FIB_COLS, FIB_SEED);
  const proofs = new Map<string, Uint8Array>();
  const nodeMs = new Map<string, number[]>();
  for (const c of PROOF_CASES) {
    const config = c.zeroKnowledge ? TEST_ZK_STARK_CONFIG : TEST_STARK_CONFIG;
    const bytes = serializeProof(prove(air, witness, statement(), config));
    const ms: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      verifyProofBytes(wideFibonacciAir(FIB_LOG, FIB_COLS), statement(), bytes, config, { minSecurityBits: 0 });
      ms.push(performance.now() - t0);
    }
    proofs.set(c.name, bytes);
    nodeMs.set(c.name, ms);
  }
  // A machine proof file (the `zkvm prove` format) of a small program, with the program's ELF file.
  const machineImage = program(MACHINE_SOURCE);
  const machine = proveProgram(machineImage, { config: SDK_TEST_CONFIG });
  proofs.set('machine-elf', imageToElf(machineImage));
  proofs.set('machine-proof', machine.proof);
  const nodeFft = fftInput(FFT_LOG);
  jsBackend.fft(nodeFft);

  // (b) Serve dist/ with the isolation headers; (c) load the verifier in Chromium.
  const serverLog: string[] = [];
  const { server, origin } = await serve(proofs, serverLog);
  const pageLog: string[] = [];
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    try {
      // The flags Chromium needs on this closed network (notes in the machine description): no sandbox
      // (CI runs as root), no GPU, and none of the background connections that would be refused.
      // Playwright adds --headless and a fresh, empty --user-data-dir itself.
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        timeout: 60_000,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    } catch (e) {
      assert.fail(`Chromium (${CHROMIUM}) did not start through playwright-core: ${String(e)}\n${INSTALL_HINT}`);
    }
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000);
    page.on('console', (m) => pageLog.push(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => pageLog.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => pageLog.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    const nav = await page.goto(`${origin}/index.html`);
    assert.equal(nav?.status(), 200);
    const context = (): string => `\npage log:\n${pageLog.join('\n')}\nserver log:\n${serverLog.join('\n')}`;
    let report: PageReport;
    try {
      report = (await page.evaluate(`import('/test/web/page.js').then((m) => m.run({ repeats: ${REPEATS} }))`)) as PageReport;
    } catch (e) {
      assert.fail(`the page could not load or run the verifier: ${String(e)}${context()}`);
    }
    const where = (): string => `\nreport: ${JSON.stringify(report, null, 1)}${context()}`;

    assert.equal(report.fatal, null, `the page failed${where()}`);
    assert.equal(report.crossOriginIsolated, true, `crossOriginIsolated is false despite COOP/COEP${where()}`);
    assert.equal(report.sharedWasmMemory, true, `the kernels' memory is not shared${where()}`);
    assert.equal(report.simd, true, `WebAssembly SIMD kernels did not compile in Chromium${where()}`);
    assert.deepEqual(
      report.proofs.map((p) => p.name),
      PROOF_CASES.map((c) => c.name),
    );
    for (const p of report.proofs) {
      assert.equal(p.error, null, `${p.name} was rejected in the browser${where()}`);
      assert.equal(p.bytes, proofs.get(p.name)!.length);
      assert.equal(p.ms.length, REPEATS);
      assert.equal(p.tampered.length, 3);
      for (const t of p.tampered) {
        assert.ok(t.typed, `${p.name}, byte ${t.position} flipped: expected a VerificationError, got ${t.message}`);
        assert.notEqual(t.code, 'INTERNAL', `${p.name}, byte ${t.position}: ${t.message}`);
      }
    }
    const m = report.machine!;
    assert.equal(m.error, null, `the machine proof was rejected in the browser${where()}`);
    assert.deepEqual(m.statement, { programId: programIdHex(machineImage), exitCode: MACHINE_EXIT, securityBits: machine.securityBits });
    assert.deepEqual(
      m.rejected.map((r) => [r.what, r.typed]),
      m.rejected.map((r) => [r.what, true]),
      `every tampered machine proof must be rejected with a ProofRejectedError${where()}`,
    );
    assert.deepEqual(
      m.rejected.slice(2).map((r) => r.code),
      ['MALFORMED_PROOF', 'EXIT_MISMATCH', 'CONFIG_NOT_ACCEPTED'],
    );
    const fft = report.fft!;
    assert.equal(fft.wasm, fft.js, `2^${fft.log} FFT: the WASM SIMD backend differs from the JS backend in the browser`);
    assert.equal(fft.wasmPlain, fft.js, 'the WASM FFT on a plain array differs from the JS backend');
    assert.equal(fft.js, checksum(nodeFft), 'the browser FFT differs from the one computed in Node');
    assert.ok(fft.roundTrip, 'the WASM inverse FFT did not give the input back');

    const wp = report.workerProof!;
    assert.equal(wp.error, null, `proving in a Web Worker failed${where()}`);
    assert.equal(wp.verified, null, `the proof made in the browser was rejected${where()}`);
    assert.equal(wp.identical, true, `kernel threads changed the proof${where()}`);
    assert.equal(wp.ready, wp.threads - 1, `kernel workers did not start${where()}`);
    assert.ok(wp.distributed > 0, `no kernel work ran on a worker thread${where()}`);

    // Timings, for the record (the machine is shared: compare ratios).
    const lines = [`browser: ${report.userAgent}`];
    for (const p of report.proofs) {
      lines.push(`${p.name} (${p.bytes} bytes) verify — Chromium: ${fmt(p.ms)}; Node: ${fmt(nodeMs.get(p.name)!)}`);
      lines.push(`  flipped bytes rejected with: ${p.tampered.map((t) => `${t.position}→${t.code}`).join(', ')}`);
    }
    lines.push(`machine proof file (${machine.proof.length} bytes) verified in Chromium in ${m.ms.toFixed(0)} ms; rejected: ${m.rejected.map((r) => `${r.what}→${r.code}`).join(', ')}`);
    lines.push(`2^${fft.log} FFT in Chromium — JS ${fft.jsMs.toFixed(2)} ms, WASM SIMD ${fft.wasmMs.toFixed(2)} ms`);
    lines.push(`proved in a Web Worker with ${wp.threads} kernel threads in ${wp.proveMs.toFixed(0)} ms (${wp.distributed} batches on workers)`);
    console.log(lines.join('\n'));
  } finally {
    await browser?.close();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
});
