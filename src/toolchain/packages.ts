/**
 * The Debian packages that provide each guest toolchain, and the apt lines that install them (Debian 12
 * bookworm names; the C/C++ and Rust routes are the ones verified there).
 * @module
 */

/** Debian packages of a working Rust guest toolchain: Debian's rustc and cargo, rust-src, and an LLVM linker. */
const RUST_PACKAGES: readonly string[] = Object.freeze(['rustc-web', 'cargo-web', 'rust-web-src', 'lld-14']);

/**
 * Debian packages per toolchain. `libstdc++-12-dev` provides the C++ headers matching the cross gcc 12
 * (Debian's cross gcc is built without libstdc++).
 */
export const APT_PACKAGES = Object.freeze({
  c: Object.freeze(['gcc-riscv64-unknown-elf', 'picolibc-riscv64-unknown-elf']),
  cpp: Object.freeze(['gcc-riscv64-unknown-elf', 'picolibc-riscv64-unknown-elf', 'libstdc++-12-dev']),
  rust: RUST_PACKAGES,
  qemu: Object.freeze(['qemu-user']),
});

/** The apt command that installs the Rust guest toolchain ({@link APT_PACKAGES}.rust). */
export const RUST_APT_LINE = `apt-get install -y ${RUST_PACKAGES.join(' ')}`;

/** The apt command that installs `packages` (deduplicated, in order), after refreshing the package lists. */
export function aptInstallCommand(packages: readonly string[]): string {
  return `apt-get update && apt-get install -y ${[...new Set(packages)].join(' ')}`;
}
