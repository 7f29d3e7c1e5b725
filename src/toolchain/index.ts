/**
 * Guest toolchains: which compilers are installed, and building guests into RV32IM ELFs the zkVM runs.
 *
 * ```ts
 * import { detectToolchains, buildC, buildRust } from 'zkvm/toolchain';
 * const report = await detectToolchains();            // what `zkvm doctor` prints
 * await buildC({ sources: ['main.c'], out: 'guest.elf' });
 * await buildRust({ projectDir: 'my-guest', out: 'my-guest.elf' });
 * ```
 *
 * - C and C++ guests ({@link buildC}): `riscv64-unknown-elf-gcc`, picolibc and the C SDK in `guest/sdk/c`.
 * - Rust guests ({@link buildRust}, {@link createRustProject}): Debian's rustc and cargo, offline, and the
 *   `zkvm-guest` crate in `guest/sdk/rust`.
 * - Detection ({@link detectToolchains}, {@link detectRust}): what is installed and the apt line for the rest.
 *
 * Every failure is a {@link ToolchainError} (a {@link RustToolchainError} for Rust builds) with a `code`.
 *
 * Node only: it spawns compilers and reads the file system. It sits beside `sdk` (proving and verifying),
 * neither importing the other; the `zkvm` command uses both.
 * @module
 */
export {
  ToolchainError,
  RustToolchainError,
  type ToolchainErrorCode,
  type CToolchainErrorCode,
  type RustToolchainErrorCode,
} from './errors.js';
export { APT_PACKAGES, RUST_APT_LINE, aptInstallCommand } from './packages.js';
export { which, cSdkPaths, rustSdkPaths, type CSdkPaths, type RustSdkPaths } from './locate.js';
export { CROSS_PREFIX, TARGET_FLAGS } from './gcc.js';
export { detectToolchains, type DetectOptions, type ToolStatus, type ToolchainReport } from './detect.js';
export { guestCompileFlags, guestCxxFlags, type OptLevel } from './c-flags.js';
export { buildC, type BuildCOptions, type BuildCResult, type GuestLang } from './build-c.js';
export {
  detectRust,
  DEFAULT_CARGO,
  DEFAULT_RUSTC,
  RUST_GUEST_TARGET,
  type DetectRustOptions,
  type RustToolchainInfo,
} from './rust-detect.js';
export { buildRust, type BuildRustOptions, type BuildRustResult } from './build-rust.js';
export { createRustProject, type CreateRustProjectOptions } from './rust-project.js';
