/**
 * Building Rust guests ({@link buildRust}): cargo on a guest project, offline, with `core`/`alloc` compiled from
 * rust-src by `-Z build-std` (hence `RUSTC_BOOTSTRAP=1`) and the crates build-std resolves taken from the
 * `vendor` directory shipped inside rust-src (so no crates.io).
 *
 * The settings that do not depend on the machine live in the project's `.cargo/config.toml` (see
 * `guest/sdk/rust/template`); the machine-dependent ones (vendor directory, linker, lock file location) are
 * passed here as `--config` flags, so no committed file holds a version-dependent path.
 * @module
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { RustToolchainError } from './errors.js';
import { isFile } from './locate.js';
import { runProcess } from './process.js';
import { detectRust, RUST_GUEST_TARGET, type DetectRustOptions, type RustToolchainInfo } from './rust-detect.js';
import { tomlString } from './toml.js';

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

/** The default limit of one cargo run. */
const CARGO_TIMEOUT_MS = 15 * 60_000;

/** Variables of the caller's environment dropped for cargo: host flags or wrappers would break a guest build. */
const DROPPED_ENV = ['RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS', 'CARGO_BUILD_TARGET', 'CARGO_BUILD_RUSTFLAGS', 'RUSTC_WRAPPER'];

/** Checks that `projectDir` is a guest project. @throws {RustToolchainError} `bad-project` */
function checkProject(projectDir: string): void {
  if (!isFile(join(projectDir, 'Cargo.toml')))
    throw new RustToolchainError('bad-project', `${projectDir} is not a cargo project (no Cargo.toml)`);
  if (!isFile(join(projectDir, '.cargo', 'config.toml')))
    throw new RustToolchainError(
      'bad-project',
      `${projectDir} has no .cargo/config.toml (target, build-std, linker script); start from guest/sdk/rust/template`,
    );
}

/** The arguments of `cargo build` for this project and toolchain. */
function cargoArgs(projectDir: string, targetDir: string, release: boolean, bin: string | undefined, tc: RustToolchainInfo): string[] {
  const args = ['build', '--offline', '--message-format=json-render-diagnostics'];
  if (release) args.push('--release');
  if (bin !== undefined) args.push('--bin', bin);
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
  return args;
}

/** cargo's environment: the caller's, without {@link DROPPED_ENV}, pinned to the detected rustc. */
function cargoEnv(tc: RustToolchainInfo, targetDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of DROPPED_ENV) delete env[k];
  env['RUSTC_BOOTSTRAP'] = '1'; // build-std and -Z flags on a stable compiler
  env['RUSTC'] = tc.rustc; // wins over a RUSTC inherited from a rustup shell
  env['CARGO_TARGET_DIR'] = targetDir;
  env['CARGO_TERM_COLOR'] = 'never';
  return env;
}

/**
 * The one executable among cargo's JSON messages (each artifact is named; the ELF is the one with an
 * `executable`). @throws {RustToolchainError} `bad-project` for none or several.
 */
function builtExecutable(stdout: string, stderr: string, projectDir: string): string {
  const executables: string[] = [];
  for (const line of stdout.split('\n')) {
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
      stderr,
    );
  return executables[0]!;
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
  checkProject(projectDir);
  const tc = await detectRust(opts.toolchain);
  if (!tc.ok)
    throw new RustToolchainError(
      'toolchain-missing',
      `Rust guest toolchain incomplete: ${tc.problems.join('; ')}. Install it with: ${tc.installHint}`,
    );

  const command = [tc.cargo, ...cargoArgs(projectDir, targetDir, release, opts.bin, tc)];
  const timeoutMs = opts.timeoutMs ?? CARGO_TIMEOUT_MS;
  const t0 = performance.now();
  const r = await runProcess(command[0]!, command.slice(1), {
    cwd: projectDir,
    env: cargoEnv(tc, targetDir),
    timeoutMs,
    onStderr: opts.onStderr,
  });
  const ms = performance.now() - t0;
  if (r.timedOut)
    throw new RustToolchainError('timeout', `cargo build in ${projectDir} took longer than ${timeoutMs} ms`, r.stderr, command);
  if (r.code !== 0) {
    const why = r.error !== undefined ? r.error.message : `exit status ${r.code}`;
    throw new RustToolchainError('build-failed', `cargo build failed in ${projectDir} (${why}):\n${r.stderr.trim()}`, r.stderr, command);
  }
  const cargoElf = builtExecutable(r.stdout, r.stderr, projectDir);
  await mkdir(dirname(out), { recursive: true });
  await copyFile(cargoElf, out);
  const bytes = (await stat(out)).size;
  return Object.freeze({ elf: out, cargoElf, bytes, ms, stderr: r.stderr, toolchain: tc });
}
