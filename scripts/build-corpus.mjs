#!/usr/bin/env node
// Builds every C/C++ guest of the corpus, guest/corpus/<name>/main.{c,cpp}, into guest/corpus/<name>/<name>.elf
// (stripped, deterministic: commit-ready), then copies the README's runnable examples into examples/.
// Rust guests (directories with a Cargo.toml) are built by their own SDK and left alone.
//
//   node scripts/build-corpus.mjs            build all
//   node scripts/build-corpus.mjs sha256 nn  build these only (examples are refreshed from whatever was built)
//   node scripts/build-corpus.mjs --check    build into a temp dir and report ELFs that differ from the committed ones
//
// Needs `npm run build` first (it imports the compiled toolchain module) and the cross toolchain:
//   apt-get install -y gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf libstdc++-12-dev
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolchainJs = join(root, 'dist', 'src', 'toolchain', 'index.js');
if (!existsSync(toolchainJs)) {
  console.error(`${relative(process.cwd(), toolchainJs)} not found: run \`npm run build\` first`);
  process.exit(1);
}
const { buildC, ToolchainError } = await import(toolchainJs);

/** The options every corpus guest is built with (test/corpus.test.ts rebuilds with the same ones). */
const CORPUS_BUILD = Object.freeze({ optLevel: 2, strip: true, cflags: ['-Wall', '-Wextra'] });

/** Corpus guests copied into examples/ with their inputs, as `<name>.elf`, `<name>.public.bin`, `<name>.private.bin`. */
const EXAMPLES = ['hello', 'sha256', 'sort', 'orderbook', 'nn'];

const args = process.argv.slice(2);
const check = args.includes('--check');
const only = args.filter((a) => !a.startsWith('--'));
const corpusDir = join(root, 'guest', 'corpus');
const guests = readdirSync(corpusDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .map((name) => {
    const c = join(corpusDir, name, 'main.c');
    const cpp = join(corpusDir, name, 'main.cpp');
    return { name, source: existsSync(c) ? c : existsSync(cpp) ? cpp : undefined };
  })
  .filter((g) => g.source !== undefined && (only.length === 0 || only.includes(g.name)));
const unknown = only.filter((n) => !guests.some((g) => g.name === n));
if (unknown.length > 0) {
  console.error(`no C/C++ corpus guest named ${unknown.join(', ')}`);
  process.exit(1);
}

const tmp = check ? mkdtempSync(join(tmpdir(), 'zkvm-corpus-')) : undefined;
let failed = 0;
let differ = 0;
for (const g of guests) {
  const committed = join(corpusDir, g.name, `${g.name}.elf`);
  const out = tmp !== undefined ? join(tmp, `${g.name}.elf`) : committed;
  try {
    // cwd = repo root: source paths inside the ELF (assert's __FILE__) become repo-relative.
    const r = await buildC({ ...CORPUS_BUILD, sources: [relative(root, g.source)], out, cwd: root });
    if (r.warnings !== '') process.stderr.write(r.warnings);
    let note = '';
    if (tmp !== undefined) {
      const same = existsSync(committed) && Buffer.compare(readFileSync(committed), readFileSync(out)) === 0;
      if (!same) differ++;
      note = same ? ' (identical to committed)' : ' (DIFFERS from committed)';
    }
    console.log(`${g.name.padEnd(16)} ${r.lang.padEnd(4)} ${String(r.bytes).padStart(7)} bytes  ${r.ms.toFixed(0).padStart(5)} ms${note}`);
  } catch (e) {
    failed++;
    console.error(`${g.name}: ${e instanceof ToolchainError ? e.message : e}`);
  }
}

if (tmp !== undefined) {
  rmSync(tmp, { recursive: true, force: true });
} else {
  const examplesDir = join(root, 'examples');
  for (const name of EXAMPLES) {
    const dir = join(corpusDir, name);
    const elf = join(dir, `${name}.elf`);
    if (!existsSync(elf)) continue;
    copyFileSync(elf, join(examplesDir, `${name}.elf`));
    for (const input of ['public', 'private']) {
      const bin = join(dir, `${input}.bin`);
      if (existsSync(bin)) copyFileSync(bin, join(examplesDir, `${name}.${input}.bin`));
    }
  }
}
if (failed > 0) console.error(`${failed} guest(s) failed to build`);
if (differ > 0) console.error(`${differ} guest(s) differ from the committed ELFs`);
process.exit(failed > 0 || differ > 0 ? 1 : 0);
