/**
 * Finding things on disk: executables on PATH ({@link which}), and the guest SDKs shipped with this package
 * ({@link cSdkPaths}, {@link rustSdkPaths}), found by walking up from this module so that the same code works
 * from `src/toolchain` (tsx), from `dist/src/toolchain` and from an installed package.
 * @module
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RustToolchainError, ToolchainError } from './errors.js';

/** True for an existing regular file (symlinks followed: a dangling link is not a file). */
export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
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

/** The path of this module, where the walk up to the package root starts. */
const HERE = fileURLToPath(import.meta.url);

/** The nearest directory above this module that contains `marker` (a relative path), else undefined. */
function packageRootWith(marker: string): string | undefined {
  for (let dir = dirname(HERE); ; ) {
    if (existsSync(join(dir, marker))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

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
 * Locates the C SDK: the nearest directory above this module holding `guest/sdk/c/crt0.S`.
 * @throws {ToolchainError} `toolchain-missing` if there is none.
 */
export function cSdkPaths(): CSdkPaths {
  const root = packageRootWith(join('guest', 'sdk', 'c', 'crt0.S'));
  if (root === undefined) throw new ToolchainError('toolchain-missing', `guest/sdk/c/crt0.S not found above ${HERE}`);
  const cDir = join(root, 'guest', 'sdk', 'c');
  const includeDir = join(root, 'guest', 'sdk', 'include');
  return Object.freeze({
    root,
    cDir,
    includeDir,
    cxxShimDir: join(includeDir, 'cxxshim'),
    linkerScript: join(cDir, 'zkvm.ld'),
  });
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
 * Locates the Rust SDK: the nearest directory above this module holding `guest/sdk`.
 * @throws {RustToolchainError} `toolchain-missing` if there is none.
 */
export function rustSdkPaths(): RustSdkPaths {
  const root = packageRootWith(join('guest', 'sdk'));
  if (root === undefined) throw new RustToolchainError('toolchain-missing', `guest/sdk not found above ${HERE}`);
  const rust = join(root, 'guest', 'sdk', 'rust');
  return Object.freeze({ root, crate: join(rust, 'zkvm-guest'), template: join(rust, 'template') });
}
