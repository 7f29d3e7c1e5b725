/**
 * The typed errors of guest builds: one base class, {@link ToolchainError}, whose `code` says what failed, and
 * {@link RustToolchainError} for the failures of a Rust build. The codes are the ones `zkvm build` has always
 * reported; the CLI prints them through one `instanceof ToolchainError` check.
 * @module
 */
import { ZkvmError } from '../errors/index.js';

/** Why a C/C++ build could not be done. */
export type CToolchainErrorCode =
  /** The compiler, picolibc, the libstdc++ headers or the C SDK was not found (the message has the apt line). */
  | 'toolchain-missing'
  /** No sources, an unknown source kind, an output equal to an input, a bad macro name or size, … */
  | 'bad-options'
  /** The compiler rejected a source (see `stderr`). */
  | 'compile-failed'
  /** The link failed (see `stderr`). */
  | 'link-failed';

/** Why a Rust build could not be done. */
export type RustToolchainErrorCode =
  /** rustc, cargo, rust-src, the linker or the Rust SDK was not found or is unusable (the message has the apt line). */
  | 'toolchain-missing'
  /** No `Cargo.toml` or `.cargo/config.toml`, not exactly one binary target, a bad project name, … */
  | 'bad-project'
  /** cargo exited with an error (see `stderr`). */
  | 'build-failed'
  /** cargo ran past its time limit. */
  | 'timeout';

/** Every code a {@link ToolchainError} can carry. */
export type ToolchainErrorCode = CToolchainErrorCode | RustToolchainErrorCode;

/** A failed guest build step, with the tool's diagnostics when a tool ran. */
export class ToolchainError extends ZkvmError<ToolchainErrorCode> {
  // Typed as string so that subclasses can name themselves.
  override readonly name: string = 'ToolchainError';
  /**
   * @param code what failed
   * @param message a sentence for people, including the fix where there is one
   * @param stderr the tool's standard error, or '' when no tool ran
   * @param command the command line that failed, or [] when none ran
   */
  constructor(
    code: ToolchainErrorCode,
    message: string,
    readonly stderr = '',
    readonly command: readonly string[] = [],
  ) {
    super(code, message);
  }
}

/** A failed Rust guest build step; `stderr` holds cargo's rendered diagnostics when cargo ran. */
export class RustToolchainError extends ToolchainError {
  override readonly name: string = 'RustToolchainError';
  declare readonly code: RustToolchainErrorCode;
  /**
   * @param code what failed
   * @param message a sentence for people, including the fix where there is one
   * @param stderr cargo's standard error, or '' when cargo did not run
   * @param command the cargo command line that failed, or [] when none ran
   */
  constructor(code: RustToolchainErrorCode, message: string, stderr = '', command: readonly string[] = []) {
    super(code, message, stderr, command);
  }
}
