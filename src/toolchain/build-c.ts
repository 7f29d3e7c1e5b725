/**
 * Building C and C++ guests against the C SDK in `guest/sdk` ({@link buildC}). The route is the one verified on
 * Debian 12: `riscv64-unknown-elf-gcc` (its rv32im/ilp32 multilib), picolibc for libc, the host's libstdc++
 * headers (header-only use) for C++, GNU ld with the SDK's `zkvm.ld`. See `guest/sdk/c/zkvm.ld` for the memory
 * layout and `guest/sdk/include/zkvm.h` for the API.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { defineFlags, guestCompileFlags, guestCxxFlags, guestLinkFlags, OPT_LEVELS, sizeFlag, type OptLevel } from './c-flags.js';
import { ToolchainError } from './errors.js';
import { cProblems, cxxDriver, cxxHeadersPackage, cxxProblem, DEFAULT_GCC, probeGcc, type GccProbe } from './gcc.js';
import { cSdkPaths, which, type CSdkPaths } from './locate.js';
import { APT_PACKAGES, aptInstallCommand } from './packages.js';
import { failureDetail, runPool, runProcess } from './process.js';

/** Source language of a guest build. */
export type GuestLang = 'c' | 'cpp';

/** Options of {@link buildC}. */
export interface BuildCOptions {
  /** The guest's sources: `.c`, `.cpp`/`.cc`/`.cxx`, `.S`/`.s`. Relative paths are resolved against `cwd`. */
  readonly sources: readonly string[];
  /** Where to write the ELF (parent directories are created). Nothing else outside a temp dir is written. */
  readonly out: string;
  /** `cpp` links the C++ runtime (operator new, ...); default: `cpp` when a source is C++, else `c`. */
  readonly lang?: GuestLang;
  /** Default 2. */
  readonly optLevel?: OptLevel;
  /** Extra `-I` directories (the SDK's include directory is always there). */
  readonly includeDirs?: readonly string[];
  /** `-D` macros: `{ N: 4, DEBUG: true, NAME: 'x' }` gives `-DN=4 -DDEBUG -DNAME=x`; `false` leaves it out. */
  readonly defines?: Readonly<Record<string, string | number | boolean>>;
  /** C++ standard; default `c++17`. C uses the compiler's default (gnu17). */
  readonly cxxStd?: string;
  /** Heap size in bytes (default 16 MiB, zkvm.ld). */
  readonly heapSize?: number;
  /** Stack size in bytes (default 1 MiB, zkvm.ld). */
  readonly stackSize?: number;
  /** Remove symbols (`-s`): smaller, reproducible ELFs for committing. Default false (symbols help debugging). */
  readonly strip?: boolean;
  /** Extra compiler flags (after the SDK's, so they can override e.g. warnings). */
  readonly cflags?: readonly string[];
  /** Extra linker-driver flags (e.g. `-Wl,-Map=out.map`). */
  readonly ldflags?: readonly string[];
  /** Directory relative paths are resolved against; default `process.cwd()`. */
  readonly cwd?: string;
  /** The cross gcc; default `riscv64-unknown-elf-gcc` on PATH (g++ is the same name with `g++`). */
  readonly gcc?: string;
}

/** What {@link buildC} produced. */
export interface BuildCResult {
  /** Absolute path of the ELF (`out`). */
  readonly elf: string;
  /** Size of the ELF in bytes. */
  readonly bytes: number;
  /** The language it was built as. */
  readonly lang: GuestLang;
  /** Every command that ran (compiles, then the link), for `--verbose` output and bug reports. */
  readonly commands: readonly (readonly string[])[];
  /** The compilers' warnings (standard error of all commands), '' when there were none. */
  readonly warnings: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
}

const C_EXT = new Set(['.c']);
const CXX_EXT = new Set(['.cpp', '.cc', '.cxx', '.C', '.c++']);
const ASM_EXT = new Set(['.S', '.s']);

/** {@link BuildCOptions} checked once, with paths resolved and option values turned into flags. */
interface CBuildPlan {
  readonly opts: BuildCOptions;
  readonly cwd: string;
  readonly sources: readonly string[];
  readonly out: string;
  readonly lang: GuestLang;
  readonly optLevel: OptLevel;
  readonly defines: readonly string[];
  readonly sizes: readonly string[];
}

function badOptions(message: string): ToolchainError {
  return new ToolchainError('bad-options', message);
}

/** Checks one resolved source path: a known kind, an existing file, and not the output. */
function checkSource(s: string, out: string): void {
  const ext = extname(s);
  if (!C_EXT.has(ext) && !CXX_EXT.has(ext) && !ASM_EXT.has(ext))
    throw badOptions(`${s}: unknown source kind '${ext}' (expected .c, .cpp, .cc, .cxx, .S or .s)`);
  let st;
  try {
    st = statSync(s);
  } catch {
    throw badOptions(`${s}: no such source file`);
  }
  if (!st.isFile()) throw badOptions(`${s}: not a file`);
  // Never let a typo overwrite a source: the output must be a separate file.
  if (s === out) throw badOptions(`output ${out} is also a source file`);
}

/** Validates `opts` before anything runs. @throws {ToolchainError} `bad-options` */
function planC(opts: BuildCOptions): CBuildPlan {
  const cwd = resolve(opts.cwd ?? process.cwd());
  if (!Array.isArray(opts.sources) || opts.sources.length === 0) throw badOptions('buildC needs at least one source file');
  if (typeof opts.out !== 'string' || opts.out === '') throw badOptions('buildC needs an output path');
  const sources = opts.sources.map((s) => resolve(cwd, s));
  const out = resolve(cwd, opts.out);
  for (const s of sources) checkSource(s, out);
  if (existsSync(out) && statSync(out).isDirectory())
    throw badOptions(`output ${out} is a directory; give a file name such as ${join(out, 'guest.elf')}`);
  const hasCxx = sources.some((s) => CXX_EXT.has(extname(s)));
  const lang: GuestLang = opts.lang ?? (hasCxx ? 'cpp' : 'c');
  if (lang !== 'c' && lang !== 'cpp') throw badOptions(`lang must be 'c' or 'cpp', got '${String(lang)}'`);
  if (lang === 'c' && hasCxx) throw badOptions(`lang 'c' given but a source is C++`);
  const optLevel = opts.optLevel ?? 2;
  if (!OPT_LEVELS.includes(optLevel))
    throw badOptions(`optLevel must be 0, 1, 2, 3, 's', 'z' or 'g', got '${String(optLevel)}'`);
  const defines = defineFlags(opts.defines);
  const sizes = [...sizeFlag('heap_size', opts.heapSize), ...sizeFlag('stack_size', opts.stackSize)];
  return Object.freeze({ opts, cwd, sources, out, lang, optLevel, defines, sizes });
}

/** The compilers a build runs. */
interface Compilers {
  readonly gcc: string;
  /** The C++ driver (only run for C++ sources). */
  readonly gxx: string;
  readonly probe: GccProbe;
  /** picolibc's include directory (the probe found it). */
  readonly picolibcInclude: string;
}

/**
 * Finds the cross gcc and checks that it can build `lang` guests.
 * @throws {ToolchainError} `toolchain-missing`, with the apt line that installs what is missing.
 */
async function requireCompilers(gccName: string, lang: GuestLang): Promise<Compilers> {
  const pkgs = lang === 'cpp' ? APT_PACKAGES.cpp : APT_PACKAGES.c;
  const missing = (what: string, packages: readonly string[] = pkgs): ToolchainError =>
    new ToolchainError('toolchain-missing', `${what}; install it with: ${aptInstallCommand(packages)}`);
  const gcc = which(gccName);
  if (gcc === undefined) throw missing(`${gccName} not found on PATH`);
  const probe = await probeGcc(gcc);
  if (probe === undefined) throw missing(`${gcc} does not run`);
  const problems = cProblems(probe);
  if (problems.length > 0) throw missing(problems[0]!);
  const noCxx = lang === 'cpp' ? cxxProblem(probe) : undefined;
  if (noCxx !== undefined) throw missing(noCxx, [cxxHeadersPackage(probe)]);
  const gxx = cxxDriver(gcc);
  if (lang === 'cpp' && which(gxx) === undefined) throw missing(`${gxx} not found`);
  return Object.freeze({ gcc, gxx, probe, picolibcInclude: probe.picolibcInclude! });
}

/** One compile: the source, its object in the build's temp dir, and the command line. */
interface CompileStep {
  readonly source: string;
  readonly object: string;
  readonly command: readonly string[];
}

/** The SDK's own sources, which every guest is compiled with. */
function sdkSources(sdk: CSdkPaths, lang: GuestLang): string[] {
  const files = ['crt0.S', 'syscalls.c', 'zkvm.c', ...(lang === 'cpp' ? ['cxxrt.cpp'] : [])];
  return files.map((f) => join(sdk.cDir, f));
}

/** The compile commands of the SDK's sources and the guest's, objects written into `tmp`. */
function compileSteps(plan: CBuildPlan, sdk: CSdkPaths, cc: Compilers, tmp: string): CompileStep[] {
  // Include order matters for C++: libstdc++'s <cstdlib> does #include_next <stdlib.h>, so picolibc's directory
  // must come after libstdc++'s; and the shim directory comes first to replace the host's OS-specific bits/.
  const includes = [`-I${sdk.includeDir}`, ...(plan.opts.includeDirs ?? []).map((d) => `-I${resolve(plan.cwd, d)}`)];
  const sysC = ['-isystem', cc.picolibcInclude];
  const cxx = cc.probe.cxxIncludes;
  const sysCxx = cxx === undefined ? [] : ['-isystem', sdk.cxxShimDir, '-isystem', cxx[0], '-isystem', cxx[1]];
  // Reproducibility: __FILE__ (assert messages) must not depend on where the checkout lives.
  const prefixMaps = [`-ffile-prefix-map=${sdk.root}/=`, `-ffile-prefix-map=${plan.cwd}/=`];
  const base = [...guestCompileFlags(plan.optLevel), ...prefixMaps, ...includes, ...plan.defines];
  const all = [...sdkSources(sdk, plan.lang), ...plan.sources];
  return all.map((source, i) => {
    // Numbered, so two sources with one base name get two objects.
    const object = join(tmp, `${i}-${basename(source).replace(/[^A-Za-z0-9._-]/g, '_')}.o`);
    const isCxx = CXX_EXT.has(extname(source));
    const lang = isCxx ? [...sysCxx, ...sysC, ...guestCxxFlags(plan.opts.cxxStd)] : sysC;
    const command = [isCxx ? cc.gxx : cc.gcc, ...base, ...lang, ...(plan.opts.cflags ?? []), '-c', source, '-o', object];
    return Object.freeze({ source, object, command: Object.freeze(command) });
  });
}

/**
 * Runs the compiles, as many at once as there are CPUs; returns their warnings.
 * @throws {ToolchainError} `compile-failed` for the first source (in order) that failed.
 */
async function compileAll(steps: readonly CompileStep[], cwd: string): Promise<string> {
  const results = await runPool(
    steps.map((s) => () => runProcess(s.command[0]!, s.command.slice(1), { cwd })),
    availableParallelism(),
  );
  let warnings = '';
  results.forEach((r, i) => {
    const step = steps[i]!;
    if (r.code !== 0)
      throw new ToolchainError('compile-failed', `compiling ${step.source} failed:\n${failureDetail(r)}`, r.stderr, step.command);
    warnings += r.stderr;
  });
  return warnings;
}

/** The link command: GNU ld through gcc, with `zkvm.ld`, picolibc and libgcc. */
function linkCommand(plan: CBuildPlan, sdk: CSdkPaths, cc: Compilers, objects: readonly string[], elf: string): string[] {
  return [
    cc.gcc,
    ...guestLinkFlags(sdk.linkerScript),
    ...plan.sizes,
    ...(plan.opts.strip === true ? ['-s'] : []),
    ...(plan.opts.ldflags ?? []),
    ...objects,
    '-o',
    elf,
  ];
}

/**
 * Compiles and links a C or C++ guest against the SDK into a static RV32IM ELF.
 *
 * Each source is compiled with {@link guestCompileFlags} (+ {@link guestCxxFlags} for C++) into a temporary
 * directory together with the SDK's `crt0.S`, `syscalls.c`, `zkvm.c` (and `cxxrt.cpp` for C++); the objects are
 * linked by GNU ld with `zkvm.ld`, picolibc and libgcc, and the ELF is copied to `out`. Builds are
 * deterministic: no build id, and source paths under `cwd` and the SDK are mapped to relative ones (`__FILE__`,
 * `assert`).
 *
 * @throws {ToolchainError} `toolchain-missing` (the message has the apt line), `bad-options`, `compile-failed`
 *   or `link-failed` (both with the compiler's stderr in the message and in `stderr`).
 */
export async function buildC(opts: BuildCOptions): Promise<BuildCResult> {
  const t0 = performance.now();
  const plan = planC(opts);
  const sdk = cSdkPaths();
  const cc = await requireCompilers(opts.gcc ?? DEFAULT_GCC, plan.lang);
  const tmp = await mkdtemp(join(tmpdir(), 'zkvm-build-'));
  const commands: (readonly string[])[] = [];
  let warnings = '';
  try {
    const steps = compileSteps(plan, sdk, cc, tmp);
    commands.push(...steps.map((s) => s.command));
    warnings += await compileAll(steps, plan.cwd);
    // Linked inside the temp dir and copied afterwards, so a failed build leaves an existing `out` alone.
    const linked = join(tmp, 'guest.elf');
    const link = linkCommand(plan, sdk, cc, steps.map((s) => s.object), linked);
    commands.push(Object.freeze(link));
    const l = await runProcess(link[0]!, link.slice(1), { cwd: plan.cwd });
    if (l.code !== 0) throw new ToolchainError('link-failed', `linking ${plan.out} failed:\n${failureDetail(l)}`, l.stderr, link);
    warnings += l.stderr;
    await mkdir(dirname(plan.out), { recursive: true });
    await copyFile(linked, plan.out);
    await chmod(plan.out, 0o755);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const bytes = (await stat(plan.out)).size;
  return Object.freeze({ elf: plan.out, bytes, lang: plan.lang, commands: Object.freeze(commands), warnings, ms: performance.now() - t0 });
}
