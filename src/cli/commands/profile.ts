/**
 * `zkvm profile PROGRAM.elf`: runs a guest once and shows where its cycles go — the top functions by self
 * cycles (with total cycles and shares) and the system calls — on stdout, as a table or, with `--json`, as
 * one JSON object. `--flamegraph F.svg` and `--speedscope F.json` also write a flame graph and a speedscope
 * file. The guest's own output is not shown: the profile is the output.
 * @module
 */
import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ElfError, flameGraphSvg, formatProfileTable, profile, profileSummary, speedscopeProfile } from '../../vm/index.js';
import { readInputFile } from '../../sdk/files.js';
import { parseCount, UsageError } from '../errors.js';

/** Options of `zkvm profile`. */
export interface ProfileCommandOptions {
  privateInput?: string;
  publicInput?: string;
  maxCycles?: string;
  /** Rows of the table (default 20). */
  top?: string;
  flamegraph?: string;
  speedscope?: string;
  json?: boolean;
  force?: boolean;
}

/** The first bytes of an existing file, to tell what it is. */
function head(path: string, n: number): string {
  const buf = new Uint8Array(n);
  const fd = openSync(path, 'r');
  try {
    return new TextDecoder().decode(buf.subarray(0, readSync(fd, buf, 0, n, 0)));
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses to replace a file that is not of the kind being written (an SVG, a speedscope JSON) unless
 * `--force`: the path may be a typo for one of the user's files. Checked before the run, so nothing is wasted.
 */
function checkOutput(path: string, kind: 'svg' | 'speedscope', force: boolean | undefined): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) throw new UsageError(`output ${path} is a directory`);
  if (force) return;
  const text = head(path, 4096).trimStart();
  const ok = kind === 'svg' ? /^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(text) : text.startsWith('{') && text.includes('speedscope.app/file-format-schema.json');
  if (!ok) throw new UsageError(`output ${path} exists and is not ${kind === 'svg' ? 'an SVG file' : 'a speedscope file'}; pass --force to replace it`);
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/** Runs the command; returns the process exit code. */
export function profileCommand(program: string, opts: ProfileCommandOptions): number {
  const bytes = readInputFile(program, 'program');
  const privateInput = opts.privateInput === undefined ? undefined : readInputFile(opts.privateInput, 'private input');
  const publicInput = opts.publicInput === undefined ? undefined : readInputFile(opts.publicInput, 'public input');
  const maxCycles = opts.maxCycles === undefined ? undefined : parseCount(opts.maxCycles, '--max-cycles');
  const top = opts.top === undefined ? 20 : parseCount(opts.top, '--top');
  if (top < 1) throw new UsageError(`--top expects a positive integer, got '${opts.top}'`);
  if (opts.flamegraph !== undefined) checkOutput(opts.flamegraph, 'svg', opts.force);
  if (opts.speedscope !== undefined) checkOutput(opts.speedscope, 'speedscope', opts.force);
  let p;
  try {
    p = profile(bytes, {
      ...(privateInput === undefined ? {} : { privateInput }),
      ...(publicInput === undefined ? {} : { publicInput }),
      ...(maxCycles === undefined ? {} : { maxCycles }),
    });
  } catch (e) {
    if (e instanceof ElfError) throw new ElfError(`${program}: ${e.message}`);
    throw e;
  }
  const name = basename(program);
  if (opts.flamegraph !== undefined) write(opts.flamegraph, flameGraphSvg(p, { title: `${name}: ${p.cycles.toLocaleString('en-US')} cycles` }));
  if (opts.speedscope !== undefined) write(opts.speedscope, JSON.stringify(speedscopeProfile(p, name)) + '\n');
  process.stdout.write(opts.json ? JSON.stringify(profileSummary(p, top)) + '\n' : formatProfileTable(p, top));
  return 0;
}
