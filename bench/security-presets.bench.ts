/**
 * Cost of the configuration presets (`src/stark/presets.ts`): proves `examples/sha256.elf` on
 * `examples/sha256.public.bin` with each named preset (default: `default` and `provable-queries-100`) and
 * verifies the proof under that preset's name, in this process, one preset after the other. Run after
 * `npm run build`:
 *   node dist/bench/security-presets.bench.js [PRESET …]
 *
 * Columns: prove time (execution, trace, STARK proof and encoding), proof file size, verify time cold (a
 * fresh verifier: includes committing the program's preprocessed columns) and warm, and the proof's
 * conjectured, unique-decoding and Johnson figures (`src/stark/security.ts`). Writes
 * `bench/results/security-presets.md`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configPreset, displayBits, loadProgramFile, prove, verify } from '../src/sdk/index.js';
import { enableKernelThreads } from '../src/sdk/threads.js';
import { markdownTable, REPO_ROOT, writeResults } from './util.js';

function main(): void {
  const names = process.argv.slice(2);
  const presets = (names.length > 0 ? names : ['default', 'provable-queries-100']).map(configPreset);
  enableKernelThreads();
  const image = loadProgramFile(join(REPO_ROOT, 'examples', 'sha256.elf'));
  const publicInput = new Uint8Array(readFileSync(join(REPO_ROOT, 'examples', 'sha256.public.bin')));
  const rows: string[][] = [];
  let cycles = 0;
  for (const p of presets) {
    const r = prove(image, { config: p.config, publicInput });
    cycles = r.cycles;
    const t0 = performance.now();
    verify(image, r.proof, { config: p.name, publicInput });
    const cold = performance.now() - t0;
    const t1 = performance.now();
    verify(image, r.proof, { config: p.name, publicInput });
    const warm = performance.now() - t1;
    const s = r.security;
    const f = p.config.pcs;
    rows.push([
      p.name,
      `${f.fri.logBlowupFactor} / ${f.fri.nQueries} / ${f.powBits}`,
      (r.proveMs / 1000).toFixed(2),
      (r.proof.length / 1024).toFixed(0),
      `${cold.toFixed(0)} / ${warm.toFixed(0)}`,
      String(displayBits(s.conjectured)),
      String(displayBits(s.provableUniqueDecoding)),
      `${displayBits(s.provableJohnson)} (m = ${s.johnsonM})`,
      String(displayBits(s.terms.uniqueDecoding.queries)),
    ]);
    console.error(`${p.name}: ${rows[rows.length - 1]!.join(' | ')}`);
  }
  writeResults(
    'security-presets',
    'Configuration presets: cost and security figures',
    [
      `Workload: examples/sha256.elf on examples/sha256.public.bin (${cycles.toLocaleString('en-US')} cycles), proved and verified in one process with kernel threads.`,
      'Bits: conjectured (ethSTARK-style, every term), provable with unique decoding, provable up to the Johnson bound, and the unique-decoding query term alone (PoW included).',
    ],
    markdownTable(['preset', 'log blowup / queries / PoW', 'prove (s)', 'proof (KiB)', 'verify cold / warm (ms)', 'conjectured', 'provable UD', 'provable Johnson', 'UD queries'], rows),
  );
}

main();
