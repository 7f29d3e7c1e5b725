/**
 * `zkvm build PATH [-o OUT]`: compiles a guest to an RV32IM ELF — a C or C++ source file, a C/C++ project
 * (a directory whose `src/` holds the sources), or a Rust project (a directory with `Cargo.toml`).
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { loadProgramFile } from '../../sdk/files.js';
import { programIdHex } from '../../vm/program-id.js';
import { buildC, buildRust, type OptLevel } from '../../toolchain/index.js';
import { UsageError } from '../errors.js';
import { eprintln } from '../output.js';

/** Options of `zkvm build`. */
export interface BuildCommandOptions {
  output?: string;
  opt?: string;
  force?: boolean;
  debug?: boolean;
}

const C_SOURCES = /\.(c|cc|cpp|cxx|S|s)$/;

/** The sources of a C/C++ project directory: every C/C++/assembly file of `src/`, else of the directory itself. */
function projectSources(dir: string): string[] {
  const srcDir = existsSync(join(dir, 'src')) && statSync(join(dir, 'src')).isDirectory() ? join(dir, 'src') : dir;
  const files = readdirSync(srcDir).filter((f) => C_SOURCES.test(f)).sort();
  if (files.length === 0) throw new UsageError(`${dir} has no Cargo.toml and no C/C++ sources in ${srcDir}`);
  return files.map((f) => join(srcDir, f));
}

/**
 * Refuses to replace a file that is not an ELF unless `--force` was given: the output path may be a typo
 * for one of the user's own files.
 */
function checkOutput(out: string, force: boolean | undefined): void {
  if (!existsSync(out) || force) return;
  if (statSync(out).isDirectory()) throw new UsageError(`output ${out} is a directory`);
  const head = readFileSync(out).subarray(0, 4);
  const isElf = head.length === 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
  if (!isElf) throw new UsageError(`output ${out} exists and is not an ELF file; pass --force to replace it`);
}

/** Runs the command; returns the process exit code. */
export async function buildCommand(path: string, opts: BuildCommandOptions): Promise<number> {
  const src = resolve(path);
  if (!existsSync(src)) throw new UsageError(`no such file or directory: ${path}`);
  const isDir = statSync(src).isDirectory();
  const name = isDir ? basename(src) : basename(src, extname(src));
  const out = resolve(opts.output ?? (isDir ? join(src, `${name}.elf`) : join(src, '..', `${name}.elf`)));
  checkOutput(out, opts.force);
  const t0 = performance.now();
  let bytes: number;
  if (isDir && existsSync(join(src, 'Cargo.toml'))) {
    const r = await buildRust({ projectDir: src, out, release: !opts.debug, onStderr: (s) => process.stderr.write(s) });
    bytes = r.bytes;
  } else {
    const sources = isDir ? projectSources(src) : [src];
    if (!isDir && !C_SOURCES.test(src)) throw new UsageError(`don't know how to build ${path}: expected a .c/.cpp file or a project directory`);
    const optLevel = (opts.opt ?? (opts.debug ? 'g' : '2')) as string;
    if (!['0', '1', '2', '3', 's', 'z', 'g'].includes(optLevel)) throw new UsageError(`-O expects 0, 1, 2, 3, s, z or g, got '${optLevel}'`);
    const r = await buildC({
      sources,
      out,
      optLevel: (/^\d$/.test(optLevel) ? Number(optLevel) : optLevel) as OptLevel,
      includeDirs: isDir ? [join(src, 'include')].filter((d) => existsSync(d)) : [],
    });
    if (r.warnings) process.stderr.write(r.warnings);
    bytes = r.bytes;
  }
  eprintln(`zkvm: built ${out} (${bytes} bytes) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  eprintln(`zkvm: program id ${programIdHex(loadProgramFile(out))}`);
  return 0;
}
