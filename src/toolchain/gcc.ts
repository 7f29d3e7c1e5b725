/**
 * The GNU cross compiler of C/C++ guests: what it is (`riscv64-unknown-elf-gcc`, its target flags) and what a
 * given installation provides ({@link probeGcc}): its version, the rv32im/ilp32 multilib, picolibc's headers,
 * and the host's libstdc++ headers of the same major version. Detection (`zkvm doctor`) and the C/C++ build
 * both read the same probe, so they agree on what is missing.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PROBE_TIMEOUT_MS, runProcess } from './process.js';

/** Prefix of the GNU cross tools (Debian package `gcc-riscv64-unknown-elf`). */
export const CROSS_PREFIX = 'riscv64-unknown-elf-';

/** The cross gcc looked up on PATH when none is given. */
export const DEFAULT_GCC = `${CROSS_PREFIX}gcc`;

/** Target flags of every guest object: RV32IM without compressed instructions, soft-float ILP32 ABI. */
export const TARGET_FLAGS: readonly string[] = Object.freeze(['-march=rv32im', '-mabi=ilp32']);

/** The multilib directory gcc must report for {@link TARGET_FLAGS}; without it gcc links rv64 libraries. */
const MULTILIB = 'rv32im/ilp32';

/** What a cross gcc provides; see {@link probeGcc}. */
export interface GccProbe {
  readonly gcc: string;
  /** `gcc -dumpfullversion`, e.g. `12.2.0`. */
  readonly version: string;
  /** The major version (`12`), which names the matching libstdc++ headers and package. */
  readonly major: string;
  /** `rv32im/ilp32` when the multilib exists (otherwise gcc would silently link rv64 libraries). */
  readonly multilib: string;
  /** picolibc's include directory, found through `--specs=picolibc.specs`. */
  readonly picolibcInclude?: string;
  /** `/usr/include/c++/<major>` and `/usr/include/<triplet>/c++/<major>` when present. */
  readonly cxxIncludes?: readonly [string, string];
}

/** One probe per gcc path and process: probing runs the compiler three times. */
const probes = new Map<string, Promise<GccProbe | undefined>>();

/** Probes the cross gcc at `gcc` (once per process); undefined when it does not run. */
export function probeGcc(gcc: string): Promise<GccProbe | undefined> {
  let p = probes.get(gcc);
  if (p === undefined) {
    p = probeOnce(gcc);
    probes.set(gcc, p);
  }
  return p;
}

async function probeOnce(gcc: string): Promise<GccProbe | undefined> {
  const opts = { timeoutMs: PROBE_TIMEOUT_MS };
  const v = await runProcess(gcc, ['-dumpfullversion'], opts);
  if (v.code !== 0) return undefined;
  const version = v.stdout.trim();
  const major = version.split('.')[0]!;
  const [m, inc] = await Promise.all([
    runProcess(gcc, [...TARGET_FLAGS, '-print-multi-directory'], opts),
    runProcess(gcc, ['--specs=picolibc.specs', ...TARGET_FLAGS, '-E', '-v', '-x', 'c', '-', '-o', '-'], opts),
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
    major,
    multilib: m.code === 0 ? m.stdout.trim() : '',
    picolibcInclude,
    cxxIncludes: findCxxIncludes(major),
  });
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

/** What keeps `probe` from building C guests, one sentence each; empty when nothing does. */
export function cProblems(probe: GccProbe): string[] {
  const problems: string[] = [];
  if (probe.multilib !== MULTILIB)
    problems.push(`${probe.gcc} has no ${MULTILIB} multilib (-print-multi-directory gave '${probe.multilib}')`);
  if (probe.picolibcInclude === undefined) problems.push('picolibc for riscv64-unknown-elf not found');
  return problems;
}

/** What keeps `probe` from building C++ guests besides {@link cProblems}, or undefined when nothing does. */
export function cxxProblem(probe: GccProbe): string | undefined {
  return probe.cxxIncludes === undefined
    ? `libstdc++ ${probe.major} headers not found (/usr/include/c++/${probe.major})`
    : undefined;
}

/** The Debian package of the libstdc++ headers that match `probe`'s major version. */
export function cxxHeadersPackage(probe: GccProbe): string {
  return `libstdc++-${probe.major}-dev`;
}

/**
 * The C++ driver next to `gcc` (`…-gcc-12` → `…-g++-12`). It is used only to compile C++; every link goes
 * through gcc, so there is no `-lstdc++` (which Debian's cross gcc does not ship).
 */
export function cxxDriver(gcc: string): string {
  return join(dirname(gcc), basename(gcc).replace(/gcc(-[\d.]+)?$/, 'g++$1'));
}
