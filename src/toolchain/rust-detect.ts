/**
 * Finding a Rust toolchain that can build guests ({@link detectRust}): rustc with the
 * `riscv32im-unknown-none-elf` target, its rust-src with the crates vendored inside it (so build-std needs no
 * crates.io), cargo, and an LLVM lld that links in GNU mode.
 *
 * The route is the one verified on Debian 12 (see `guest/sdk/rust/README.md`): Debian's `rustc-web`,
 * `cargo-web` and `rust-web-src` at `/usr/bin`, and `lld-14`.
 * @module
 */
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { isFile } from './locate.js';
import { RUST_APT_LINE } from './packages.js';
import { PROBE_TIMEOUT_MS, runProcess } from './process.js';

/** The target triple every Rust guest is built for (RV32IM, no compressed instructions). */
export const RUST_GUEST_TARGET = 'riscv32im-unknown-none-elf';

/** Default compiler and cargo: Debian's. A rustup toolchain earlier on PATH usually lacks the target and rust-src. */
export const DEFAULT_RUSTC = '/usr/bin/rustc';
/** See {@link DEFAULT_RUSTC}. */
export const DEFAULT_CARGO = '/usr/bin/cargo';

/** What {@link detectRust} found. */
export interface RustToolchainInfo {
  /** Everything needed for `buildRust` is present. */
  readonly ok: boolean;
  /** The rustc that was probed. */
  readonly rustc: string;
  /** The cargo that was probed. */
  readonly cargo: string;
  /** `rustc --version`, or undefined when rustc did not run. */
  readonly version?: string;
  /** `rustc --print sysroot`. */
  readonly sysroot?: string;
  /** rustc knows the {@link RUST_GUEST_TARGET} target. */
  readonly target: boolean;
  /** rust-src (the sources of core/alloc, needed by build-std) is installed in the sysroot. */
  readonly rustSrc: boolean;
  /** The crates vendored inside rust-src, used instead of crates.io; undefined if absent. */
  readonly vendorDir?: string;
  /** The linker that will be used (an LLVM lld in GNU mode), or undefined if none was found. */
  readonly linker?: string;
  /** One sentence per missing piece; empty when `ok`. */
  readonly problems: readonly string[];
  /** The command that installs the toolchain ({@link RUST_APT_LINE}). */
  readonly installHint: string;
}

/** Options of {@link detectRust}. */
export interface DetectRustOptions {
  /** rustc to probe; default {@link DEFAULT_RUSTC}. */
  readonly rustc?: string;
  /** cargo to probe; default {@link DEFAULT_CARGO}. */
  readonly cargo?: string;
  /** Linker to use instead of searching; must be an LLVM lld that accepts GNU ld flags. */
  readonly linker?: string;
}

const PROBE = { timeoutMs: PROBE_TIMEOUT_MS };

/** What rustc says about itself; the fields stay undefined/false where it could not say. */
interface RustcProbe {
  version?: string;
  host?: string;
  sysroot?: string;
  target: boolean;
}

async function probeRustc(rustc: string, problems: string[]): Promise<RustcProbe> {
  const v = await runProcess(rustc, ['-vV'], PROBE);
  if (v.code !== 0) {
    problems.push(`${rustc} does not run (${v.error?.message ?? v.stderr.trim()})`);
    return { target: false };
  }
  const version = v.stdout.split('\n')[0]!.trim();
  const host = /^host: (\S+)$/m.exec(v.stdout)?.[1];
  const [s, t] = await Promise.all([
    runProcess(rustc, ['--print', 'sysroot'], PROBE),
    runProcess(rustc, ['--print', 'target-list'], PROBE),
  ]);
  const target = t.code === 0 && t.stdout.split('\n').some((l) => l.trim() === RUST_GUEST_TARGET);
  if (!target) problems.push(`${rustc} (${version}) does not know the ${RUST_GUEST_TARGET} target`);
  if (s.code !== 0) problems.push(`${rustc} --print sysroot failed`);
  return { version, host, sysroot: s.code === 0 ? s.stdout.trim() : undefined, target };
}

/** Whether the sysroot holds rust-src (core and alloc sources) and the crates vendored with it. */
function probeRustSrc(sysroot: string, problems: string[]): { rustSrc: boolean; vendorDir?: string } {
  const lib = join(sysroot, 'lib', 'rustlib', 'src', 'rust', 'library');
  const rustSrc = isFile(join(lib, 'core', 'src', 'lib.rs')) && isFile(join(lib, 'alloc', 'src', 'lib.rs'));
  if (!rustSrc) problems.push(`rust-src is not installed in ${sysroot} (needed to build core and alloc)`);
  const vendor = join(lib, 'vendor');
  if (existsSync(vendor)) return { rustSrc, vendorDir: vendor };
  if (rustSrc) problems.push(`rust-src in ${sysroot} has no vendor/ directory, so build-std would need crates.io`);
  return { rustSrc };
}

/**
 * Finds an LLVM lld usable as a GNU-style linker: rust-lld inside the sysroot or on PATH (Debian's
 * `/usr/bin/rust-lld` can be a dangling link to an uninstalled lld, hence the file check), then
 * `ld.lld`, then the newest versioned `ld.lld-N` on PATH.
 */
async function findLinker(sysroot: string | undefined, host: string | undefined): Promise<string | undefined> {
  const dirs = [...new Set([...(process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== ''), '/usr/bin'])];
  // ~/.cargo/bin holds rustup proxies, not linkers that work with this rustc.
  const pathDirs = dirs.filter((d) => !d.includes('.cargo'));
  const candidates: string[] = [];
  if (sysroot !== undefined && host !== undefined) candidates.push(join(sysroot, 'lib', 'rustlib', host, 'bin', 'rust-lld'));
  for (const d of pathDirs) candidates.push(join(d, 'rust-lld'));
  for (const d of pathDirs) candidates.push(join(d, 'ld.lld'));
  for (const c of candidates) if (isFile(c)) return c;
  let best: { path: string; version: number } | undefined;
  for (const d of pathDirs) {
    let names: string[];
    try {
      names = await readdir(d);
    } catch {
      continue;
    }
    for (const n of names) {
      const m = /^ld\.lld-(\d+)$/.exec(n);
      if (m === null) continue;
      const p = join(d, n);
      const version = Number(m[1]);
      if (isFile(p) && (best === undefined || version > best.version)) best = { path: p, version };
    }
  }
  return best?.path;
}

/**
 * Checks whether a Rust toolchain that can build guests is installed: rustc (default
 * `/usr/bin/rustc`) with the {@link RUST_GUEST_TARGET} target, its rust-src (with the vendored
 * crates), cargo, and an lld linker. Never throws; `problems` and `installHint` say what to do.
 */
export async function detectRust(opts: DetectRustOptions = {}): Promise<RustToolchainInfo> {
  const rustc = opts.rustc ?? DEFAULT_RUSTC;
  const cargo = opts.cargo ?? DEFAULT_CARGO;
  const problems: string[] = [];
  const r = await probeRustc(rustc, problems);
  const src = r.sysroot === undefined ? { rustSrc: false } : probeRustSrc(r.sysroot, problems);
  const c = await runProcess(cargo, ['-V'], PROBE);
  if (c.code !== 0) problems.push(`${cargo} does not run (${c.error?.message ?? c.stderr.trim()})`);
  const linker = opts.linker ?? (await findLinker(r.sysroot, r.host));
  if (linker === undefined) problems.push('no LLVM linker found (rust-lld, ld.lld or ld.lld-N)');
  else if (!isFile(linker)) problems.push(`linker ${linker} does not exist`);
  return Object.freeze({
    ok: problems.length === 0,
    rustc,
    cargo,
    version: r.version,
    sysroot: r.sysroot,
    target: r.target,
    rustSrc: src.rustSrc,
    vendorDir: src.vendorDir,
    linker,
    problems: Object.freeze(problems),
    installHint: RUST_APT_LINE,
  });
}
