/**
 * New Rust guest projects ({@link createRustProject}, behind `zkvm new NAME --lang rust`), made from the
 * template in `guest/sdk/rust/template`.
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { RustToolchainError } from './errors.js';
import { isFile, rustSdkPaths } from './locate.js';
import { tomlString } from './toml.js';

/** Options of {@link createRustProject}. */
export interface CreateRustProjectOptions {
  /** Directory to create; it must not exist or be empty. */
  readonly dir: string;
  /** Cargo package (and binary) name: a letter, then letters, digits, `-` or `_`. */
  readonly name: string;
  /** The `zkvm-guest` crate to depend on; default the one shipped with this package (`rustSdkPaths`). */
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
 * The template's `Cargo.toml` with the package named `name` and the `zkvm-guest` dependency at `crate`.
 * @throws {RustToolchainError} `bad-project` when the template no longer has the lines it replaces.
 */
function projectManifest(template: string, name: string, crate: string): string {
  // Exact replacements of the template's two placeholders; a template edit that breaks them fails loudly.
  const named = template.replace(/^name = "zkvm-guest-template"$/m, `name = ${tomlString(name)}`);
  const linked = named.replace(/^zkvm-guest = \{ path = "\.\.\/zkvm-guest" \}$/m, `zkvm-guest = { path = ${tomlString(crate)} }`);
  if (named === template || linked === named)
    throw new RustToolchainError('bad-project', `the template's Cargo.toml no longer has the expected name/path lines`);
  return linked;
}

/**
 * Creates a Rust guest project from `guest/sdk/rust/template`: copies it, names the package, and
 * points its `zkvm-guest` dependency at the SDK crate by absolute path (the project may live
 * anywhere).
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
    const text = await readFile(join(sdk.template, f), 'utf8');
    const content = f === 'Cargo.toml' ? projectManifest(text, opts.name, crate) : text;
    await mkdir(dirname(join(dir, f)), { recursive: true });
    await writeFile(join(dir, f), content);
  }
  await writeFile(join(dir, '.gitignore'), PROJECT_GITIGNORE);
  return dir;
}
