/**
 * The one piece of TOML the Rust build writes: basic strings, for `--config key=value` flags and for the
 * `Cargo.toml` of a new project.
 * @module
 */

/** `s` as a TOML basic string (paths may contain quotes or backslashes). */
export function tomlString(s: string): string {
  return JSON.stringify(s); // JSON string escapes are valid TOML basic-string escapes
}
