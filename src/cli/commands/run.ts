/**
 * `zkvm run PROGRAM.elf`: executes a guest like a native process — fd 1 to stdout, fd 2 to stderr, the
 * guest's exit code as the process's (low 8 bits).
 * @module
 */
import { execute, OP_NAMES, type ExecutionMode } from '../../vm/index.js';
import { loadProgramFile, readInputFile } from '../../sdk/files.js';
import { UsageError, parseCount } from '../errors.js';
import { eprintln, writeAllSync } from '../output.js';

/** Options of `zkvm run`. */
export interface RunCommandOptions {
  privateInput?: string;
  publicInput?: string;
  maxCycles?: string;
  maxMemory?: string;
  stats?: boolean;
  mode?: string;
}

/** Runs the command; returns the process exit code. */
export function runCommand(program: string, opts: RunCommandOptions): number {
  const mode = (opts.mode ?? 'fast') as ExecutionMode;
  if (!['fast', 'traced', 'interpret'].includes(mode)) throw new UsageError(`--mode must be fast, traced or interpret, got '${opts.mode}'`);
  const image = loadProgramFile(program);
  const privateInput = opts.privateInput === undefined ? undefined : readInputFile(opts.privateInput, 'private input');
  const publicInput = opts.publicInput === undefined ? undefined : readInputFile(opts.publicInput, 'public input');
  const maxCycles = opts.maxCycles === undefined ? undefined : parseCount(opts.maxCycles, '--max-cycles');
  const memoryLimit = opts.maxMemory === undefined ? undefined : parseCount(opts.maxMemory, '--max-memory');
  const t0 = performance.now();
  const result = execute(image, {
    mode,
    privateInput,
    publicInput,
    maxCycles,
    memoryLimit,
    onWrite: (fd, bytes) => writeAllSync(fd, bytes),
    onTraceChunk: mode === 'traced' ? () => {} : undefined,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (opts.stats) printStats(result.cycles, seconds, result.exitCode, result.opCounts);
  return result.exitCode & 0xff;
}

function printStats(cycles: number, seconds: number, exitCode: number, opCounts: Float64Array): void {
  const n = (x: number) => x.toLocaleString('en-US');
  eprintln(`zkvm: ${n(cycles)} cycles in ${seconds.toFixed(3)} s (${n(Math.round(cycles / seconds / 1e6))} M instructions/s), exit code ${exitCode}`);
  const mix = [...opCounts].map((c, op) => [op, c] as const).filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]);
  eprintln('zkvm: instruction mix:');
  for (const [op, c] of mix) eprintln(`  ${OP_NAMES[op]!.padEnd(7)} ${((100 * c) / cycles).toFixed(2).padStart(6)}%  ${n(c).padStart(15)}`);
}
