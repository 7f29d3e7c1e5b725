/**
 * Which guest toolchains are installed ({@link detectToolchains}, behind `zkvm doctor`): C, C++, Rust, and the
 * qemu reference runner, each with what was found or what is missing and the Debian packages that provide it.
 * @module
 */
import { cProblems, cxxHeadersPackage, cxxProblem, DEFAULT_GCC, probeGcc, type GccProbe } from './gcc.js';
import { which } from './locate.js';
import { APT_PACKAGES, aptInstallCommand } from './packages.js';
import { PROBE_TIMEOUT_MS, runProcess } from './process.js';
import { detectRust } from './rust-detect.js';

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
  /** Rust guests: see `detectRust`. */
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

/** The C and C++ entries, from one probe of the cross gcc. */
async function detectC(gccName: string): Promise<{ c: ToolStatus; cpp: ToolStatus }> {
  const gccPath = which(gccName);
  const probe: GccProbe | undefined = gccPath === undefined ? undefined : await probeGcc(gccPath);
  if (probe === undefined) {
    const why = gccPath === undefined ? `${gccName} not found on PATH` : `${gccPath} does not run`;
    return { c: status(false, why, APT_PACKAGES.c), cpp: status(false, why, APT_PACKAGES.cpp) };
  }
  const problems = cProblems(probe);
  const found = `${probe.gcc} ${probe.version}`;
  const c = status(
    problems.length === 0,
    problems.length === 0 ? `${found}, picolibc ${probe.picolibcInclude}` : problems.join('; '),
    APT_PACKAGES.c,
  );
  const cxxProblems = [...problems, ...[cxxProblem(probe)].filter((p) => p !== undefined)];
  // The headers' package follows the installed gcc's major version, which need not be Debian 12's 12.
  const cppPackages = [...APT_PACKAGES.c, cxxHeadersPackage(probe)];
  const cpp = status(
    cxxProblems.length === 0,
    cxxProblems.length === 0 ? `${found}, headers ${probe.cxxIncludes!.join(' ')}` : cxxProblems.join('; '),
    Object.freeze(cppPackages),
  );
  return { c, cpp };
}

async function detectRustStatus(): Promise<ToolStatus> {
  const r = await detectRust();
  return status(r.ok, r.ok ? `${r.version ?? r.rustc}, linker ${r.linker ?? '?'}` : r.problems.join('; '), APT_PACKAGES.rust);
}

async function detectQemu(qemuName: string): Promise<ToolStatus> {
  const qemuPath = which(qemuName);
  if (qemuPath === undefined) return status(false, `${qemuName} not found on PATH`, APT_PACKAGES.qemu);
  const v = await runProcess(qemuPath, ['--version'], { timeoutMs: PROBE_TIMEOUT_MS });
  return status(v.code === 0, v.code === 0 ? v.stdout.split('\n')[0]!.trim() : `${qemuPath} does not run`, APT_PACKAGES.qemu);
}

/**
 * Checks which guest toolchains are installed: C, C++, Rust, and qemu. Never throws; each entry says what is
 * missing, and `installCommand` is the apt line that installs all missing ones (Debian 12 package names).
 */
export async function detectToolchains(opts: DetectOptions = {}): Promise<ToolchainReport> {
  const skipRust = opts.skipRust === true;
  const [{ c, cpp }, rust, qemu] = await Promise.all([
    detectC(opts.gcc ?? DEFAULT_GCC),
    skipRust ? status(false, 'not checked', APT_PACKAGES.rust) : detectRustStatus(),
    detectQemu(opts.qemu ?? 'qemu-riscv32'),
  ]);
  const missing = [c, cpp, ...(skipRust ? [] : [rust]), qemu].filter((s) => !s.available).flatMap((s) => s.packages);
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
