/**
 * The compiler and linker flags of C/C++ guests, and the checks of the options that become flags (macro names,
 * heap and stack sizes). Why each flag is there is said next to it; `guest/sdk/c/zkvm.ld` is the memory layout
 * they serve.
 * @module
 */
import { ToolchainError } from './errors.js';
import { TARGET_FLAGS } from './gcc.js';

/** Optimisation level, as after `-O`. */
export type OptLevel = 0 | 1 | 2 | 3 | 's' | 'z' | 'g';

/** Every {@link OptLevel}, for validating untyped input. */
export const OPT_LEVELS: readonly OptLevel[] = Object.freeze([0, 1, 2, 3, 's', 'z', 'g']);

/** The flags every guest object is compiled with (besides include paths, defines and `-std`). */
export function guestCompileFlags(optLevel: OptLevel = 2): string[] {
  return [
    ...TARGET_FLAGS,
    // The zkVM faults on misaligned accesses. gcc's default RISC-V tuning already avoids them; say so anyway.
    '-mstrict-align',
    '-mcmodel=medlow',
    `-O${optLevel}`,
    // With --gc-sections, unused functions and data of the guest and the SDK drop out of the ELF.
    '-ffunction-sections',
    '-fdata-sections',
    // picolibc's errno is thread-local; a static executable can use the cheapest TLS model (tp + offset).
    '-ftls-model=local-exec',
  ];
}

/** C++-only flags: C++17 header-only libstdc++, no exceptions, no RTTI, no thread-safe statics (single hart). */
export function guestCxxFlags(std = 'c++17'): string[] {
  return [
    `-std=${std}`,
    '-fno-exceptions',
    '-fno-rtti',
    '-fno-threadsafe-statics',
    // Static destructors go through atexit (picolibc), so no __cxa_atexit/__dso_handle is needed.
    '-fno-use-cxa-atexit',
  ];
}

/**
 * The linker-driver flags of every guest link, before sizes, user flags and objects: picolibc's libc.a and
 * libgcc through its specs (the `-T` replaces picolibc's own script), our crt0 instead of picolibc's, and no
 * build id so that builds are reproducible.
 */
export function guestLinkFlags(linkerScript: string): string[] {
  return [
    ...TARGET_FLAGS,
    '--specs=picolibc.specs',
    '-nostartfiles',
    '-static',
    '-T',
    linkerScript,
    '-Wl,--gc-sections',
    '-Wl,--build-id=none',
    '-Wl,-z,max-page-size=4096',
    '-Wl,-z,common-page-size=4096',
  ];
}

/**
 * `-D` flags: `{ N: 4, DEBUG: true, NAME: 'x' }` gives `-DN=4 -DDEBUG -DNAME=x`; `false` leaves a macro out.
 * @throws {ToolchainError} `bad-options` for a name that is not a C identifier.
 */
export function defineFlags(defines: Readonly<Record<string, string | number | boolean>> | undefined): string[] {
  if (defines === undefined) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(defines)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new ToolchainError('bad-options', `invalid macro name '${k}'`);
    if (v === false) continue;
    out.push(v === true ? `-D${k}` : `-D${k}=${v}`);
  }
  return out;
}

/**
 * The `--defsym` that overrides `zkvm.ld`'s `__<name>` (heap_size, stack_size), or nothing when `v` is undefined.
 * @throws {ToolchainError} `bad-options` unless `v` is a positive multiple of 16 below 1.75 GiB.
 */
export function sizeFlag(name: string, v: number | undefined): string[] {
  if (v === undefined) return [];
  if (!Number.isSafeInteger(v) || v <= 0 || v % 16 !== 0 || v > 0x7000_0000)
    throw new ToolchainError('bad-options', `${name} must be a positive multiple of 16 below 1.75 GiB, got ${v}`);
  return [`-Wl,--defsym=__${name}=0x${v.toString(16)}`];
}
