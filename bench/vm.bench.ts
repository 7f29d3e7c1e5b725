/**
 * Executor benchmark: instructions per second of CPU-bound guests in fast mode (no trace) and traced mode
 * (trace recorded chunk by chunk and handed to a consumer that drops it, so memory stays flat), with
 * qemu-riscv32 beside them for scale when it is installed.
 *
 * Run: `npm run bench` (builds first). Prints a table and writes it to bench/results/vm.md.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, basename } from 'node:path';
import { parseElf, execute, type ExecutionMode } from '../src/vm/index.js';
import { REPO_ROOT, markdownTable, median, writeResults } from './util.js';

const dir = join(REPO_ROOT, 'bench', 'guests');
const guests = readdirSync(dir).filter((f) => f.endsWith('.elf')).sort();
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function timeMode(elf: Uint8Array, mode: ExecutionMode, input: Uint8Array | undefined): { ips: number; cycles: number } {
  const image = parseElf(elf);
  const rates: number[] = [];
  let cycles = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const res = execute(image, { mode, publicInput: input, onTraceChunk: mode === 'traced' ? () => {} : undefined });
    const dt = (performance.now() - t0) / 1000;
    cycles = res.cycles;
    rates.push(res.cycles / dt);
  }
  return { ips: median(rates), cycles };
}

function timeQemu(file: string, inputFile: string | undefined): number | undefined {
  const which = spawnSync('sh', ['-c', 'command -v qemu-riscv32']);
  if (which.status !== 0) return undefined;
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    spawnSync('sh', ['-c', `qemu-riscv32 ${file} ${inputFile ? `3<${inputFile}` : ''} >/dev/null`]);
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

const fmt = (ips: number) => `${(ips / 1e6).toFixed(0)} M/s`;
const rows: string[][] = [];
for (const g of guests) {
  const file = join(dir, g);
  const inputFile = file.replace(/\.elf$/, '.public.bin');
  const input = existsSync(inputFile) ? readFileSync(inputFile) : undefined;
  const elf = readFileSync(file);
  const fast = timeMode(elf, 'fast', input);
  const traced = timeMode(elf, 'traced', input);
  const q = timeQemu(file, input ? inputFile : undefined);
  rows.push([
    basename(g, '.elf'),
    `${(fast.cycles / 1e6).toFixed(1)} M`,
    fmt(fast.ips),
    fmt(traced.ips),
    q === undefined ? 'n/a' : fmt(fast.cycles / q),
  ]);
}

writeResults(
  'vm',
  'Executor benchmark',
  [`Command: \`npm run bench\`. Median of ${RUNS} runs per cell; targets: fast ≥ 300 M/s, traced ≥ 50 M/s.`],
  markdownTable(['guest', 'instructions', 'fast mode', 'traced mode', 'qemu-riscv32 (whole process)'], rows),
);
