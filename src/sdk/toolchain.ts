/**
 * Host-side guest toolchains: which compilers are installed ({@link detectToolchains}) and building C/C++
 * guests against the C SDK in `guest/sdk` ({@link buildC}). Rust guests are built by `./rust-toolchain.ts`,
 * re-exported here so the CLI has one module to import.
 *
 * The C/C++ route is the one verified on Debian 12: `riscv64-unknown-elf-gcc` (its rv32im/ilp32 multilib),
 * picolibc for libc, the host's libstdc++ headers (header-only use) for C++, GNU ld with the SDK's
 * `zkvm.ld`. See `guest/sdk/c/zkvm.ld` for the memory layout and `guest/sdk/include/zkvm.h` for the API.
 *
 * Node only (spawns processes, reads the file system).
 * @module
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, delimiter, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectRust, RUST_APT_LINE, type RustToolchainInfo } from './rust-toolchain.js';

// Rust guests: implemented in ./rust-toolchain.ts (by the Rust SDK), re-exported unchanged.
export {
  buildRust,
  detectRust,
  RustToolchainError,
  RUST_GUEST_TARGET,
  RUST_APT_LINE,
  type BuildRustOptions,
  type BuildRustResult,
  type RustToolchainInfo,
} from './rust-toolchain.js';

/** Prefix of the GNU cross tools (Debian package `gcc-riscv64-unknown-elf`). */
export const CROSS_PREFIX = 'riscv64-unknown-elf-';

/** Target flags of every guest object: RV32IM without compressed instructions, soft-float ILP32 ABI. */
export const TARGET_FLAGS: readonly string[] = Object.freeze(['-march=rv32im', '-mabi=ilp32']);

/**
 * Debian packages per toolchain. `libstdc++-12-dev` provides the C++ headers matching the cross gcc 12
 * (Debian's cross gcc is built without libstdc++).
 */
export const APT_PACKAGES = Object.freeze({
  c: Object.freeze(['gcc-riscv64-unknown-elf', 'picolibc-riscv64-unknown-elf']),
  cpp: Object.freeze(['gcc-riscv64-unknown-elf', 'picolibc-riscv64-unknown-elf', 'libstdc++-12-dev']),
  rust: Object.freeze(RUST_APT_LINE.replace(/^apt-get install -y /, '').split(' ')),
  qemu: Object.freeze(['qemu-user']),
});

/** The apt command that installs `packages` (deduplicated, in order). */
export function aptInstallCommand(packages: readonly string[]): string {
  return `apt-get update && apt-get install -y ${[...new Set(packages)].join(' ')}`;
}

/** Why a C/C++ build could not be done. */
export type ToolchainErrorCode =
  | 'toolchain-missing' // compiler, picolibc, libstdc++ headers or the SDK not found
  | 'bad-options' // no sources, unknown source kind, output equal to an input, ...
  | 'compile-failed' // the compiler rejected a source (see `stderr`)
  | 'link-failed'; // the link failed (see `stderr`)

/** A failed toolchain step, with the compiler's diagnostics when there are any. */
export class ToolchainError extends Error {
  override readonly name = 'ToolchainError';
  /**
   * @param code what failed
   * @param message a sentence for people, including the fix where there is one
   * @param stderr the tool's standard error, or '' when no tool ran
   * @param command the command line that failed, or [] when none ran
   */
  constructor(
    readonly code: ToolchainErrorCode,
    message: string,
    readonly stderr = '',
    readonly command: readonly string[] = [],
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Locating things

/** Paths of the C/C++ SDK shipped with this package. */
export interface CSdkPaths {
  /** The package root (the directory that holds `guest/sdk`). */
  readonly root: string;
  /** `guest/sdk/c`: crt0.S, syscalls.c, zkvm.c, cxxrt.cpp, zkvm.ld. */
  readonly cDir: string;
  /** `guest/sdk/include`: zkvm.h. */
  readonly includeDir: string;
  /** `guest/sdk/include/cxxshim`: the bits/ headers that adapt the host's libstdc++ headers. */
  readonly cxxShimDir: string;
  /** The linker script. */
  readonly linkerScript: string;
}

/**
 * Locates the C SDK by walking up from this module until a directory containing `guest/sdk/c/crt0.S` appears,
 * so it works from `src/sdk` (tsx), from `dist/src/sdk` and from an installed package.
 * @throws {ToolchainError} `toolchain-missing` if there is no such directory above this module.
 */
export function cSdkPaths(): CSdkPaths {
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; ) {
    const cDir = join(dir, 'guest', 'sdk', 'c');
    if (existsSync(join(cDir, 'crt0.S'))) {
      const includeDir = join(dir, 'guest', 'sdk', 'include');
      return Object.freeze({
        root: dir,
        cDir,
        includeDir,
        cxxShimDir: join(includeDir, 'cxxshim'),
        linkerScript: join(cDir, 'zkvm.ld'),
      });
    }
    const up = dirname(dir);
    if (up === dir) throw new ToolchainError('toolchain-missing', `guest/sdk/c/crt0.S not found above ${here}`);
    dir = up;
  }
}

/** The first executable called `name` on PATH (or `name` itself when it is a path), else undefined. */
export function which(name: string, path = process.env['PATH'] ?? ''): string | undefined {
  const candidates = name.includes('/') ? [name] : path.split(delimiter).filter((d) => d !== '').map((d) => join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      if (statSync(c).isFile()) return c;
    } catch {
      // not there, or not executable: try the next one
    }
  }
  return undefined;
}

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

/** Runs a command to completion, capturing its output; never throws (a spawn error is code -1). */
function run(cmd: string, args: readonly string[], cwd?: string): Promise<RunResult> {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', (error) => done({ code: -1, stdout, stderr, error }));
    child.on('close', (code, signal) => done({ code: code ?? (signal !== null ? 128 : -1), stdout, stderr }));
  });
}

/** What the cross gcc looks like on this machine; see {@link probeGcc}. */
interface GccProbe {
  readonly gcc: string;
  readonly version: string;
  /** `rv32im/ilp32` when the multilib exists (otherwise gcc would silently link rv64 libraries). */
  readonly multilib: string;
  /** picolibc's include directory, found through `--specs=picolibc.specs`. */
  readonly picolibcInclude?: string;
  /** `/usr/include/c++/<major>` and `/usr/include/<triplet>/c++/<major>` when present. */
  readonly cxxIncludes?: readonly [string, string];
}

const gccProbes = new Map<string, Promise<GccProbe | undefined>>();

/** Probes a cross gcc once per process: version, multilib, picolibc and libstdc++ header locations. */
function probeGcc(gcc: string): Promise<GccProbe | undefined> {
  let p = gccProbes.get(gcc);
  if (p === undefined) {
    p = (async () => {
      const v = await run(gcc, ['-dumpfullversion']);
      if (v.code !== 0) return undefined;
      const version = v.stdout.trim();
      const [m, inc] = await Promise.all([
        run(gcc, [...TARGET_FLAGS, '-print-multi-directory']),
        run(gcc, ['--specs=picolibc.specs', ...TARGET_FLAGS, '-E', '-v', '-x', 'c', '-', '-o', '-']),
      ]);
      // The "#include <...> search starts here:" list of the preprocessor, one indented directory per line.
      const search = /#include <\.\.\.> search starts here:\n([\s\S]*?)End of search list/.exec(inc.stderr)?.[1] ?? '';
      const picolibcInclude = search
        .split('\n')
        .map((l) => l.trim())
        .find((d) => d.includes('picolibc') && existsSync(join(d, 'stdio.h')));
      return Object.freeze({
        gcc,
        version,
        multilib: m.code === 0 ? m.stdout.trim() : '',
        picolibcInclude,
        cxxIncludes: findCxxIncludes(version.split('.')[0]!),
      });
    })();
    gccProbes.set(gcc, p);
  }
  return p;
}

/**
 * The host's libstdc++ headers for gcc major version `major`: the generic directory and the target-specific one
 * that holds `bits/c++config.h` (e.g. `/usr/include/x86_64-linux-gnu/c++/12`, another triplet on arm64 hosts).
 */
function findCxxIncludes(major: string): readonly [string, string] | undefined {
  const generic = join('/usr/include/c++', major);
  if (!existsSync(join(generic, 'algorithm'))) return undefined;
  let entries: string[];
  try {
    entries = readdirSync('/usr/include').sort();
  } catch {
    return undefined;
  }
  for (const e of entries) {
    const dir = join('/usr/include', e, 'c++', major);
    if (existsSync(join(dir, 'bits', 'c++config.h'))) return Object.freeze([generic, dir] as const);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// Detection

/** Availability of one toolchain. */
export interface ToolStatus {
  /** Everything it needs is installed. */
  readonly available: boolean;
  /** What was found (versions, paths) or, when unavailable, what is missing. */
  readonly detail: string;
  /** The Debian packages that provide it. */
  readonly packages: readonly string[];
}

/** What {@link detectToolchains} found. */
export interface ToolchainReport {
  /** C guests: riscv64-unknown-elf-gcc with the rv32im/ilp32 multilib, and picolibc. */
  readonly c: ToolStatus;
  /** C++ guests: as C, plus libstdc++ headers matching the cross gcc's major version. */
  readonly cpp: ToolStatus;
  /** Rust guests: see `detectRust` in ./rust-toolchain.ts. */
  readonly rust: ToolStatus;
  /** `qemu-riscv32`, the reference runner the tests compare the zkVM with. */
  readonly qemu: ToolStatus;
  /** The packages of every unavailable toolchain, deduplicated. */
  readonly missingPackages: readonly string[];
  /** The apt line that installs {@link missingPackages}, or undefined when nothing is missing. */
  readonly installCommand: string | undefined;
}

/** Options of {@link detectToolchains}. */
export interface DetectOptions {
  /** The cross gcc; default `riscv64-unknown-elf-gcc` on PATH. */
  readonly gcc?: string;
  /** The qemu user-mode runner; default `qemu-riscv32` on PATH. */
  readonly qemu?: string;
  /** Skip the Rust check (it runs rustc, which is slower than the rest). */
  readonly skipRust?: boolean;
}

function status(available: boolean, detail: string, packages: readonly string[]): ToolStatus {
  return Object.freeze({ available, detail, packages });
}

/**
 * Checks which guest toolchains are installed: C, C++, Rust, and qemu. Never throws; each entry says what is
 * missing, and `installCommand` is the apt line that installs all missing ones (Debian 12 package names).
 */
export async function detectToolchains(opts: DetectOptions = {}): Promise<ToolchainReport> {
  const gccName = opts.gcc ?? `${CROSS_PREFIX}gcc`;
  const gccPath = which(gccName);
  const probe = gccPath === undefined ? undefined : await probeGcc(gccPath);

  let c: ToolStatus;
  let cpp: ToolStatus;
  if (probe === undefined) {
    const why = gccPath === undefined ? `${gccName} not found on PATH` : `${gccPath} does not run`;
    c = status(false, why, APT_PACKAGES.c);
    cpp = status(false, why, APT_PACKAGES.cpp);
  } else {
    const problems: string[] = [];
    if (probe.multilib !== 'rv32im/ilp32')
      problems.push(`${probe.gcc} has no rv32im/ilp32 multilib (got '${probe.multilib}')`);
    if (probe.picolibcInclude === undefined) problems.push('picolibc for riscv64-unknown-elf not found');
    c = status(
      problems.length === 0,
      problems.length === 0 ? `${probe.gcc} ${probe.version}, picolibc ${probe.picolibcInclude}` : problems.join('; '),
      APT_PACKAGES.c,
    );
    const major = probe.version.split('.')[0]!;
    const cxxProblems = [...problems];
    if (probe.cxxIncludes === undefined)
      cxxProblems.push(`libstdc++ ${major} headers not found (/usr/include/c++/${major})`);
    const cppPackages = APT_PACKAGES.cpp.map((p) => (p === 'libstdc++-12-dev' ? `libstdc++-${major}-dev` : p));
    cpp = status(
      cxxProblems.length === 0,
      cxxProblems.length === 0 ? `${probe.gcc} ${probe.version}, headers ${probe.cxxIncludes!.join(' ')}` : cxxProblems.join('; '),
      cppPackages,
    );
  }

  let rust: ToolStatus;
  if (opts.skipRust === true) {
    rust = status(false, 'not checked', APT_PACKAGES.rust);
  } else {
    const r: RustToolchainInfo = await detectRust();
    rust = status(r.ok, r.ok ? `${r.version ?? r.rustc}, linker ${r.linker ?? '?'}` : r.problems.join('; '), APT_PACKAGES.rust);
  }

  const qemuName = opts.qemu ?? 'qemu-riscv32';
  const qemuPath = which(qemuName);
  let qemu: ToolStatus;
  if (qemuPath === undefined) {
    qemu = status(false, `${qemuName} not found on PATH`, APT_PACKAGES.qemu);
  } else {
    const v = await run(qemuPath, ['--version']);
    qemu = status(
      v.code === 0,
      v.code === 0 ? v.stdout.split('\n')[0]!.trim() : `${qemuPath} does not run`,
      APT_PACKAGES.qemu,
    );
  }

  const missing = [c, cpp, ...(opts.skipRust === true ? [] : [rust]), qemu]
    .filter((s) => !s.available)
    .flatMap((s) => s.packages);
  const missingPackages = Object.freeze([...new Set(missing)]);
  return Object.freeze({
    c,
    cpp,
    rust,
    qemu,
    missingPackages,
    installCommand: missingPackages.length === 0 ? undefined : aptInstallCommand(missingPackages),
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Building C and C++

/** Source language of a guest build. */
export type GuestLang = 'c' | 'cpp';

/** Optimisation level, as after `-O`. */
export type OptLevel = 0 | 1 | 2 | 3 | 's' | 'z' | 'g';

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

/** The flags every guest object is compiled with (besides include paths, defines and `-std`). */
export function guestCompileFlags(optLevel: OptLevel = 2): string[] {
  return [
    ...TARGET_FLAGS,
    // The zkVM faults on misaligned accesses. gcc's default RISC-V tuning already avoids them; say so anyway.
    '-mstrict-align',
    '-mcmodel=medlow',
    `-O${optLevel}`,
    // With --gc-sections, unused functions and data of the guest and the SDK drop out of the ELF.
    '-ffunction-sections',
    '-fdata-sections',
    // picolibc's errno is thread-local; a static executable can use the cheapest TLS model (tp + offset).
    '-ftls-model=local-exec',
  ];
}

/** C++-only flags: C++17 header-only libstdc++, no exceptions, no RTTI, no thread-safe statics (single hart). */
export function guestCxxFlags(std = 'c++17'): string[] {
  return [
    `-std=${std}`,
    '-fno-exceptions',
    '-fno-rtti',
    '-fno-threadsafe-statics',
    // Static destructors go through atexit (picolibc), so no __cxa_atexit/__dso_handle is needed.
    '-fno-use-cxa-atexit',
  ];
}

function defineFlags(defines: Readonly<Record<string, string | number | boolean>> | undefined): string[] {
  if (defines === undefined) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(defines)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new ToolchainError('bad-options', `invalid macro name '${k}'`);
    if (v === false) continue;
    out.push(v === true ? `-D${k}` : `-D${k}=${v}`);
  }
  return out;
}

function sizeFlag(name: string, v: number | undefined): string[] {
  if (v === undefined) return [];
  if (!Number.isSafeInteger(v) || v <= 0 || v % 16 !== 0 || v > 0x7000_0000)
    throw new ToolchainError('bad-options', `${name} must be a positive multiple of 16 below 1.75 GiB, got ${v}`);
  return [`-Wl,--defsym=__${name}=0x${v.toString(16)}`];
}

/** Runs tasks with at most `limit` in flight; resolves in input order. */
async function pool<T>(items: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await items[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
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
  const cwd = resolve(opts.cwd ?? process.cwd());
  if (!Array.isArray(opts.sources) || opts.sources.length === 0)
    throw new ToolchainError('bad-options', 'buildC needs at least one source file');
  if (typeof opts.out !== 'string' || opts.out === '') throw new ToolchainError('bad-options', 'buildC needs an output path');
  const sources = opts.sources.map((s) => resolve(cwd, s));
  const out = resolve(cwd, opts.out);
  for (const s of sources) {
    const ext = extname(s);
    if (!C_EXT.has(ext) && !CXX_EXT.has(ext) && !ASM_EXT.has(ext))
      throw new ToolchainError('bad-options', `${s}: unknown source kind '${ext}' (expected .c, .cpp, .cc, .cxx, .S or .s)`);
    let st;
    try {
      st = statSync(s);
    } catch {
      throw new ToolchainError('bad-options', `${s}: no such source file`);
    }
    if (!st.isFile()) throw new ToolchainError('bad-options', `${s}: not a file`);
    // Never let a typo overwrite a source: the output must be a separate file.
    if (s === out) throw new ToolchainError('bad-options', `output ${out} is also a source file`);
  }
  if (existsSync(out) && statSync(out).isDirectory())
    throw new ToolchainError('bad-options', `output ${out} is a directory; give a file name such as ${join(out, 'guest.elf')}`);
  const hasCxx = sources.some((s) => CXX_EXT.has(extname(s)));
  const lang: GuestLang = opts.lang ?? (hasCxx ? 'cpp' : 'c');
  if (lang !== 'c' && lang !== 'cpp') throw new ToolchainError('bad-options', `lang must be 'c' or 'cpp', got '${String(lang)}'`);
  if (lang === 'c' && hasCxx) throw new ToolchainError('bad-options', `lang 'c' given but a source is C++`);
  const optLevel = opts.optLevel ?? 2;
  if (![0, 1, 2, 3, 's', 'z', 'g'].includes(optLevel))
    throw new ToolchainError('bad-options', `optLevel must be 0, 1, 2, 3, 's', 'z' or 'g', got '${String(optLevel)}'`);
  const defines = defineFlags(opts.defines);
  const sizes = [...sizeFlag('heap_size', opts.heapSize), ...sizeFlag('stack_size', opts.stackSize)];

  // Toolchain.
  const sdk = cSdkPaths();
  const gccName = opts.gcc ?? `${CROSS_PREFIX}gcc`;
  const gcc = which(gccName);
  const missing = (what: string, pkgs: readonly string[]): ToolchainError =>
    new ToolchainError('toolchain-missing', `${what}; install it with: ${aptInstallCommand(pkgs)}`);
  const pkgs = lang === 'cpp' ? APT_PACKAGES.cpp : APT_PACKAGES.c;
  if (gcc === undefined) throw missing(`${gccName} not found on PATH`, pkgs);
  const probe = await probeGcc(gcc);
  if (probe === undefined) throw missing(`${gcc} does not run`, pkgs);
  if (probe.multilib !== 'rv32im/ilp32')
    throw missing(`${gcc} has no rv32im/ilp32 multilib (-print-multi-directory gave '${probe.multilib}')`, pkgs);
  if (probe.picolibcInclude === undefined) throw missing('picolibc for riscv64-unknown-elf not found', pkgs);
  if (lang === 'cpp' && probe.cxxIncludes === undefined) {
    const major = probe.version.split('.')[0]!;
    throw missing(`libstdc++ ${major} headers not found (/usr/include/c++/${major})`, [`libstdc++-${major}-dev`]);
  }
  // g++ only as the C++ compiler driver; every link goes through gcc, so no -lstdc++ (which does not exist).
  const gxx = join(dirname(gcc), basename(gcc).replace(/gcc(-[\d.]+)?$/, 'g++$1'));
  if (lang === 'cpp' && which(gxx) === undefined) throw missing(`${gxx} not found`, pkgs);

  // Include order matters for C++: libstdc++'s <cstdlib> does #include_next <stdlib.h>, so picolibc's directory
  // must come after libstdc++'s; and the shim directory comes first to replace the host's OS-specific bits/.
  const includes = [`-I${sdk.includeDir}`, ...(opts.includeDirs ?? []).map((d) => `-I${resolve(cwd, d)}`)];
  const sysC = ['-isystem', probe.picolibcInclude];
  const sysCxx =
    probe.cxxIncludes === undefined
      ? []
      : ['-isystem', sdk.cxxShimDir, '-isystem', probe.cxxIncludes[0], '-isystem', probe.cxxIncludes[1]];
  // Reproducibility: __FILE__ (assert messages) must not depend on where the checkout lives.
  const prefixMaps = [`-ffile-prefix-map=${sdk.root}/=`, `-ffile-prefix-map=${cwd}/=`];
  const base = [...guestCompileFlags(optLevel), ...prefixMaps, ...includes, ...defines];

  const sdkSources = [
    join(sdk.cDir, 'crt0.S'),
    join(sdk.cDir, 'syscalls.c'),
    join(sdk.cDir, 'zkvm.c'),
    ...(lang === 'cpp' ? [join(sdk.cDir, 'cxxrt.cpp')] : []),
  ];
  const all = [...sdkSources, ...sources];

  const tmp = await mkdtemp(join(tmpdir(), 'zkvm-build-'));
  const commands: string[][] = [];
  let warnings = '';
  try {
    const objects = all.map((s, i) => join(tmp, `${i}-${basename(s).replace(/[^A-Za-z0-9._-]/g, '_')}.o`));
    const compileCmds = all.map((src, i) => {
      const ext = extname(src);
      const isCxx = CXX_EXT.has(ext);
      const args = [
        ...base,
        ...(isCxx ? [...sysCxx, ...sysC, ...guestCxxFlags(opts.cxxStd)] : sysC),
        ...(opts.cflags ?? []),
        '-c',
        src,
        '-o',
        objects[i]!,
      ];
      return [isCxx ? gxx : gcc, ...args];
    });
    commands.push(...compileCmds);
    const results = await pool(
      compileCmds.map((cmd) => () => run(cmd[0]!, cmd.slice(1), cwd)),
      availableParallelism(),
    );
    results.forEach((r, i) => {
      if (r.code !== 0) {
        const detail = r.error !== undefined ? r.error.message : r.stderr.trimEnd();
        throw new ToolchainError('compile-failed', `compiling ${all[i]} failed:\n${detail}`, r.stderr, compileCmds[i]);
      }
      warnings += r.stderr;
    });

    const linked = join(tmp, 'guest.elf');
    const linkCmd = [
      gcc,
      ...TARGET_FLAGS,
      '--specs=picolibc.specs', // picolibc's libc.a and libgcc (the -T below replaces picolibc's own script)
      '-nostartfiles', // our crt0 instead of picolibc's
      '-static',
      '-T',
      sdk.linkerScript,
      '-Wl,--gc-sections',
      '-Wl,--build-id=none',
      '-Wl,-z,max-page-size=4096',
      '-Wl,-z,common-page-size=4096',
      ...sizes,
      ...(opts.strip === true ? ['-s'] : []),
      ...(opts.ldflags ?? []),
      ...objects,
      '-o',
      linked,
    ];
    commands.push(linkCmd);
    const l = await run(linkCmd[0]!, linkCmd.slice(1), cwd);
    if (l.code !== 0) {
      const detail = l.error !== undefined ? l.error.message : l.stderr.trimEnd();
      throw new ToolchainError('link-failed', `linking ${out} failed:\n${detail}`, l.stderr, linkCmd);
    }
    warnings += l.stderr;

    await mkdir(dirname(out), { recursive: true });
    await copyFile(linked, out);
    await chmod(out, 0o755);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const bytes = (await stat(out)).size;
  return Object.freeze({
    elf: out,
    bytes,
    lang,
    commands: Object.freeze(commands.map((c) => Object.freeze(c))),
    warnings,
    ms: performance.now() - t0,
  });
}
