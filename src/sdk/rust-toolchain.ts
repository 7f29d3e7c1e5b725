/**
 * Building Rust guests: finds a Rust toolchain that can target `riscv32im-unknown-none-elf`
 * ({@link detectRust}) and runs cargo on a guest project offline ({@link buildRust}).
 *
 * The route is the one verified on Debian 12 (see the SDK README): Debian's `rustc-web`,
 * `cargo-web` and `rust-web-src` at `/usr/bin`, `core`/`alloc` compiled from rust-src with
 * `-Z build-std` (hence `RUSTC_BOOTSTRAP=1`), the crates that build-std resolves taken from the
 * `vendor` directory shipped inside rust-src (so no crates.io), and an LLVM `ld.lld` as linker.
 * The settings that do not depend on the machine live in the project's `.cargo/config.toml`
 * (see `guest/sdk/rust/template`); the machine-dependent ones (vendor directory, linker, lock
 * file location) are passed here as `--config` flags, so no committed file holds a
 * version-dependent path.
 *
 * Node only (spawns processes, reads the file system).
 * @module
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The target triple every Rust guest is built for (RV32IM, no compressed instructions). */
export const RUST_GUEST_TARGET = 'riscv32im-unknown-none-elf';

/** The Debian packages that provide a working toolchain (Debian 12 bookworm, or newer). */
export const RUST_APT_LINE = 'apt-get install -y rustc-web cargo-web rust-web-src lld-14';

/** Default compiler and cargo: Debian's. A rustup toolchain earlier on PATH usually lacks the target and rust-src. */
export const DEFAULT_RUSTC = '/usr/bin/rustc';
/** See {@link DEFAULT_RUSTC}. */
export const DEFAULT_CARGO = '/usr/bin/cargo';

/** Why a Rust build could not be done. */
export type RustToolchainErrorCode =
  | 'toolchain-missing' // rustc/cargo/rust-src/linker not found or unusable
  | 'bad-project' // no Cargo.toml, or no single binary target
  | 'build-failed' // cargo exited with an error (see `stderr`)
  | 'timeout';

/** A failed Rust toolchain step, with cargo's diagnostics when there are any. */
export class RustToolchainError extends Error {
  override readonly name = 'RustToolchainError';
  /**
   * @param code what failed
   * @param message a sentence for people, including the fix where there is one
   * @param stderr cargo's standard error (rendered diagnostics), or '' when cargo did not run
   */
  constructor(
    readonly code: RustToolchainErrorCode,
    message: string,
    readonly stderr = '',
  ) {
    super(message);
  }
}

/** What {@link detectRust} found. */
export interface RustToolchainInfo {
  /** Everything needed for {@link buildRust} is present. */
  readonly ok: boolean;
  readonly rustc: string;
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

interface ProcResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
  readonly timedOut: boolean;
}

/** Runs a program without a shell; never throws (spawn failures come back in `error`). */
function run(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; onStderr?: (s: string) => void } = {},
): Promise<ProcResult> {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (r: ProcResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(r);
    };
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      opts.onStderr?.(s);
    });
    child.on('error', (error) => finish({ code: null, stdout, stderr, error, timedOut }));
    child.on('close', (code) => finish({ code, stdout, stderr, timedOut }));
  });
}

/** True for an existing regular file (symlinks followed: a dangling link is not a file). */
function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
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
  let version: string | undefined;
  let sysroot: string | undefined;
  let host: string | undefined;
  let target = false;
  let rustSrc = false;
  let vendorDir: string | undefined;

  const v = await run(rustc, ['-vV']);
  if (v.code !== 0) {
    problems.push(`${rustc} does not run (${v.error?.message ?? v.stderr.trim()})`);
  } else {
    version = v.stdout.split('\n')[0]!.trim();
    host = /^host: (\S+)$/m.exec(v.stdout)?.[1];
    const [s, t] = await Promise.all([run(rustc, ['--print', 'sysroot']), run(rustc, ['--print', 'target-list'])]);
    if (s.code === 0) sysroot = s.stdout.trim();
    target = t.code === 0 && t.stdout.split('\n').some((l) => l.trim() === RUST_GUEST_TARGET);
    if (!target) problems.push(`${rustc} (${version}) does not know the ${RUST_GUEST_TARGET} target`);
    if (sysroot !== undefined) {
      const lib = join(sysroot, 'lib', 'rustlib', 'src', 'rust', 'library');
      rustSrc = isFile(join(lib, 'core', 'src', 'lib.rs')) && isFile(join(lib, 'alloc', 'src', 'lib.rs'));
      if (!rustSrc) problems.push(`rust-src is not installed in ${sysroot} (needed to build core and alloc)`);
      const vendor = join(lib, 'vendor');
      if (existsSync(vendor)) vendorDir = vendor;
      else if (rustSrc) problems.push(`rust-src in ${sysroot} has no vendor/ directory, so build-std would need crates.io`);
    } else {
      problems.push(`${rustc} --print sysroot failed`);
    }
  }
  const c = await run(cargo, ['-V']);
  if (c.code !== 0) problems.push(`${cargo} does not run (${c.error?.message ?? c.stderr.trim()})`);
  const linker = opts.linker ?? (await findLinker(sysroot, host));
  if (linker === undefined) problems.push('no LLVM linker found (rust-lld, ld.lld or ld.lld-N)');
  else if (!isFile(linker)) problems.push(`linker ${linker} does not exist`);
  return Object.freeze({
    ok: problems.length === 0,
    rustc,
    cargo,
    version,
    sysroot,
    target,
    rustSrc,
    vendorDir,
    linker,
    problems: Object.freeze(problems),
    installHint: RUST_APT_LINE,
  });
}

/** Options of {@link buildRust}. */
export interface BuildRustOptions {
  /** The guest project: a directory with `Cargo.toml` and `.cargo/config.toml` (see the template). */
  readonly projectDir: string;
  /** Where to copy the built ELF. */
  readonly out: string;
  /** Release profile (optimised; the default) or dev profile. */
  readonly release?: boolean;
  /** Cargo's target directory; default `<projectDir>/target`. Builds write nowhere else. */
  readonly targetDir?: string;
  /** Which binary target, when the package has several. */
  readonly bin?: string;
  /** Stop cargo after this long; default 15 minutes (a cold build takes about half a minute). */
  readonly timeoutMs?: number;
  /** Receives cargo's standard error as it arrives (progress and diagnostics). */
  readonly onStderr?: (chunk: string) => void;
  /** Toolchain overrides; by default {@link detectRust}'s choices. */
  readonly toolchain?: DetectRustOptions;
}

/** What {@link buildRust} produced. */
export interface BuildRustResult {
  /** Absolute path of the copied ELF (`out`). */
  readonly elf: string;
  /** The ELF cargo wrote inside the target directory. */
  readonly cargoElf: string;
  /** Size of the ELF in bytes. */
  readonly bytes: number;
  /** Wall time of the cargo run in milliseconds. */
  readonly ms: number;
  /** Cargo's standard error (warnings are not errors). */
  readonly stderr: string;
  /** The toolchain that was used. */
  readonly toolchain: RustToolchainInfo;
}

/** TOML basic string for a `--config key=value` flag (paths may contain quotes or backslashes). */
function tomlString(s: string): string {
  return JSON.stringify(s); // JSON string escapes are valid TOML basic-string escapes
}

/**
 * Builds a Rust guest project with cargo, offline, and copies its ELF to `out`.
 *
 * Runs `RUSTC_BOOTSTRAP=1 cargo build --offline [--release]` in `projectDir` (cargo reads
 * `.cargo/config.toml` from the working directory, not from the manifest's), adding as
 * `--config` flags: the vendored crates of rust-src in place of crates.io, the lld linker,
 * `trim-paths` for release builds (no local paths in the ELF), and, when the project has no
 * `Cargo.lock` of its own, a lock file inside the target directory, so the build writes nothing
 * into the project except its target directory. `RUSTFLAGS` and similar variables of the
 * caller's environment are dropped, since host flags would break a guest build.
 *
 * @throws {RustToolchainError} `toolchain-missing` (message has the apt line), `bad-project`,
 *   `build-failed` (with cargo's stderr) or `timeout`.
 */
export async function buildRust(opts: BuildRustOptions): Promise<BuildRustResult> {
  const projectDir = resolve(opts.projectDir);
  const out = resolve(opts.out);
  const release = opts.release ?? true;
  const targetDir = resolve(opts.targetDir ?? join(projectDir, 'target'));
  if (!isFile(join(projectDir, 'Cargo.toml')))
    throw new RustToolchainError('bad-project', `${projectDir} is not a cargo project (no Cargo.toml)`);
  if (!isFile(join(projectDir, '.cargo', 'config.toml')))
    throw new RustToolchainError(
      'bad-project',
      `${projectDir} has no .cargo/config.toml (target, build-std, linker script); start from guest/sdk/rust/template`,
    );

  const tc = await detectRust(opts.toolchain);
  if (!tc.ok)
    throw new RustToolchainError(
      'toolchain-missing',
      `Rust guest toolchain incomplete: ${tc.problems.join('; ')}. Install it with: ${tc.installHint}`,
    );

  const args = ['build', '--offline', '--message-format=json-render-diagnostics'];
  if (release) args.push('--release');
  if (opts.bin !== undefined) args.push('--bin', opts.bin);
  args.push('--target', RUST_GUEST_TARGET);
  args.push('--config', `target.${RUST_GUEST_TARGET}.linker=${tomlString(tc.linker!)}`);
  if (tc.vendorDir !== undefined) {
    // A source name of our own, so a user's ~/.cargo/config.toml `vendored-sources` is not clobbered.
    args.push('--config', `source.crates-io.replace-with="zkvm-rust-src-vendor"`);
    args.push('--config', `source.zkvm-rust-src-vendor.directory=${tomlString(tc.vendorDir)}`);
  }
  if (release) {
    // Panic locations (file!()) of path dependencies such as zkvm-guest would otherwise embed the
    // absolute path of this checkout in the ELF; trimmed they read `zkvm-guest-0.1.0/src/io.rs`.
    args.push('-Ztrim-paths', '--config', 'profile.release.trim-paths="all"');
  }
  if (!isFile(join(projectDir, 'Cargo.lock'))) {
    // One lock file per project, so projects can share a target directory.
    const key = createHash('sha256').update(projectDir).digest('hex').slice(0, 16);
    const lock = join(targetDir, 'zkvm-lockfiles', `${basename(projectDir)}-${key}`, 'Cargo.lock');
    args.push('-Zlockfile-path', '--config', `resolver.lockfile-path=${tomlString(lock)}`);
  }

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS', 'CARGO_BUILD_TARGET', 'CARGO_BUILD_RUSTFLAGS', 'RUSTC_WRAPPER'])
    delete env[k];
  env['RUSTC_BOOTSTRAP'] = '1'; // build-std and -Z flags on a stable compiler
  env['RUSTC'] = tc.rustc; // wins over a RUSTC inherited from a rustup shell
  env['CARGO_TARGET_DIR'] = targetDir;
  env['CARGO_TERM_COLOR'] = 'never';

  const timeoutMs = opts.timeoutMs ?? 15 * 60_000;
  const t0 = performance.now();
  const r = await run(tc.cargo, args, { cwd: projectDir, env, timeoutMs, onStderr: opts.onStderr });
  const ms = performance.now() - t0;
  if (r.timedOut)
    throw new RustToolchainError('timeout', `cargo build in ${projectDir} took longer than ${timeoutMs} ms`, r.stderr);
  if (r.code !== 0) {
    const why = r.error !== undefined ? r.error.message : `exit status ${r.code}`;
    throw new RustToolchainError('build-failed', `cargo build failed in ${projectDir} (${why}):\n${r.stderr.trim()}`, r.stderr);
  }

  // The JSON messages name every artifact; the ELF is the one with an `executable`.
  const executables: string[] = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let msg: { reason?: string; executable?: string | null };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      continue;
    }
    if (msg.reason === 'compiler-artifact' && typeof msg.executable === 'string') executables.push(msg.executable);
  }
  if (executables.length !== 1)
    throw new RustToolchainError(
      'bad-project',
      executables.length === 0
        ? `cargo built no binary in ${projectDir} (is src/main.rs missing?)`
        : `${projectDir} has ${executables.length} binaries (${executables.join(', ')}); choose one with the bin option`,
      r.stderr,
    );
  const cargoElf = executables[0]!;
  await mkdir(dirname(out), { recursive: true });
  await copyFile(cargoElf, out);
  const bytes = (await stat(out)).size;
  return Object.freeze({ elf: out, cargoElf, bytes, ms, stderr: r.stderr, toolchain: tc });
}

/** Paths of the Rust SDK shipped with this package. */
export interface RustSdkPaths {
  /** The package root (the directory that holds `guest/sdk`). */
  readonly root: string;
  /** The `zkvm-guest` crate (`guest/sdk/rust/zkvm-guest`). */
  readonly crate: string;
  /** The project template (`guest/sdk/rust/template`). */
  readonly template: string;
}

/**
 * Locates the Rust SDK by walking up from this module until a directory containing `guest/sdk`
 * appears, so it works from `src/sdk` (tsx), from `dist/src/sdk` and from an installed package.
 * @throws {RustToolchainError} `toolchain-missing` if no such directory exists above this module.
 */
export function rustSdkPaths(): RustSdkPaths {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'guest', 'sdk'))) {
      const rust = join(dir, 'guest', 'sdk', 'rust');
      return Object.freeze({ root: dir, crate: join(rust, 'zkvm-guest'), template: join(rust, 'template') });
    }
    const up = dirname(dir);
    if (up === dir)
      throw new RustToolchainError('toolchain-missing', `guest/sdk not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** Options of {@link createRustProject}. */
export interface CreateRustProjectOptions {
  /** Directory to create; it must not exist or be empty. */
  readonly dir: string;
  /** Cargo package (and binary) name: a letter, then letters, digits, `-` or `_`. */
  readonly name: string;
  /** The `zkvm-guest` crate to depend on; default the one shipped with this package ({@link rustSdkPaths}). */
  readonly sdkCrate?: string;
}

/**
 * The files of the template, relative to its directory (what a new project gets). The template's
 * `.gitignore` is written from {@link PROJECT_GITIGNORE} instead of copied, because npm leaves
 * `.gitignore` files out of published packages.
 */
const TEMPLATE_FILES = ['Cargo.toml', '.cargo/config.toml', 'src/main.rs'] as const;

/** `.gitignore` of a new project: cargo's output directory. */
const PROJECT_GITIGNORE = '/target/\n';

/**
 * Creates a Rust guest project from `guest/sdk/rust/template`: copies it, names the package, and
 * points its `zkvm-guest` dependency at the SDK crate by absolute path (the project may live
 * anywhere). Used by `zkvm new NAME --lang rust`.
 * @returns the absolute project directory
 * @throws {RustToolchainError} `bad-project` for an invalid name or a non-empty directory
 */
export async function createRustProject(opts: CreateRustProjectOptions): Promise<string> {
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(opts.name))
    throw new RustToolchainError(
      'bad-project',
      `invalid package name ${JSON.stringify(opts.name)}: use a letter, then letters, digits, - or _`,
    );
  const dir = resolve(opts.dir);
  if (existsSync(dir) && (await readdir(dir)).length > 0)
    throw new RustToolchainError('bad-project', `${dir} exists and is not empty`);
  const sdk = rustSdkPaths();
  const crate = resolve(opts.sdkCrate ?? sdk.crate);
  if (!isFile(join(crate, 'Cargo.toml'))) throw new RustToolchainError('bad-project', `${crate} is not the zkvm-guest crate`);
  for (const f of TEMPLATE_FILES) {
    let text = await readFile(join(sdk.template, f), 'utf8');
    if (f === 'Cargo.toml') {
      // Exact replacements of the template's two placeholders; a template edit that breaks them fails loudly.
      const named = text.replace(/^name = "zkvm-guest-template"$/m, `name = ${tomlString(opts.name)}`);
      const linked = named.replace(
        /^zkvm-guest = \{ path = "\.\.\/zkvm-guest" \}$/m,
        `zkvm-guest = { path = ${tomlString(crate)} }`,
      );
      if (named === text || linked === named)
        throw new RustToolchainError('bad-project', `the template's Cargo.toml no longer has the expected name/path lines`);
      text = linked;
    }
    await mkdir(dirname(join(dir, f)), { recursive: true });
    await writeFile(join(dir, f), text);
  }
  await writeFile(join(dir, '.gitignore'), PROJECT_GITIGNORE);
  return dir;
}
