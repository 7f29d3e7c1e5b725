/**
 * `zkvm new NAME --lang c|cpp|rust`: creates a guest project that builds and runs out of the box.
 * @module
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, delimiter, join, relative, resolve } from 'node:path';
import { createRustProject } from '../../toolchain/index.js';
import { UsageError } from '../errors.js';
import { eprintln } from '../output.js';

const C_MAIN = `// A zkVM guest: reads its public input, prints a greeting and a checksum to the public output.
#include <stdio.h>
#include <stdlib.h>
#include <zkvm.h>

int main(void) {
  size_t len = 0;
  uint8_t *input = zkvm_read_public_all(&len);
  uint32_t sum = 0;
  for (size_t i = 0; i < len; i++) sum = sum * 31 + input[i];
  printf("hello from the zkVM: %u bytes of public input, checksum %08x\\n", (unsigned)len, (unsigned)sum);
  fprintf(stderr, "debug: this line goes to the debug log, which proofs never include\\n");
  free(input);
  return 0;
}
`;

const CPP_MAIN = `// A zkVM guest in C++17 (no exceptions, no RTTI): sorts the u32s of its private input, prints their sum.
#include <algorithm>
#include <array>
#include <cstdio>
#include <zkvm.h>

int main() {
  std::array<uint32_t, 256> values{};
  size_t n = zkvm_read_private(values.data(), sizeof values) / sizeof(uint32_t);
  std::sort(values.begin(), values.begin() + n);
  uint64_t sum = 0;
  for (size_t i = 0; i < n; i++) sum += values[i];
  std::printf("%u values, sum %llu\\n", static_cast<unsigned>(n), static_cast<unsigned long long>(sum));
  return 0;
}
`;

/** Runs the command; returns the process exit code. */
export async function newCommand(name: string, opts: { lang?: string }): Promise<number> {
  const lang = opts.lang ?? 'c';
  if (!['c', 'cpp', 'rust'].includes(lang)) throw new UsageError(`--lang must be c, cpp or rust, got '${lang}'`);
  const dir = resolve(name);
  const pkg = basename(dir);
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(pkg))
    throw new UsageError(`invalid project name '${pkg}': use a letter, then letters, digits, - or _`);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${name} exists and is not a directory`);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`${name} already exists and is not empty`);
  if (lang === 'rust') {
    await createRustProject({ dir, name: pkg });
  } else {
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src', lang === 'c' ? 'main.c' : 'main.cpp'), lang === 'c' ? C_MAIN : CPP_MAIN);
    writeFileSync(join(dir, '.gitignore'), '/*.elf\n');
  }
  const rel = relative(process.cwd(), dir) || '.';
  eprintln(`zkvm: created ${lang === 'cpp' ? 'C++' : lang === 'c' ? 'C' : 'Rust'} guest project ${rel}`);
  const zkvm = invocation();
  eprintln(`next: ${zkvm} build ${rel} && ${zkvm} run ${join(rel, `${pkg}.elf`)} [--public-input FILE] [--private-input FILE]`);
  return 0;
}

/**
 * How the user can call this CLI again: `zkvm` when a `zkvm` on the PATH is this one (a global install or an
 * npm script), otherwise `npx zkvm` (run from a clone or a project that depends on the package), which is
 * what works where `zkvm` alone would be "command not found".
 */
export function invocation(env: NodeJS.ProcessEnv = process.env): string {
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  return dirs.some((d) => existsSync(join(d, 'zkvm'))) ? 'zkvm' : 'npx zkvm';
}
