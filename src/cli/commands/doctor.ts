/**
 * `zkvm doctor`: which guest toolchains are installed, and the apt line for the missing ones.
 * @module
 */
import { detectToolchains } from '../../toolchain/index.js';

/** Runs the command; returns 0 when everything is installed, 1 otherwise. */
export async function doctorCommand(): Promise<number> {
  const r = await detectToolchains();
  const rows: [string, { available: boolean; detail: string }][] = [
    ['C guests', r.c],
    ['C++ guests', r.cpp],
    ['Rust guests', r.rust],
    ['qemu-riscv32 (reference runner)', r.qemu],
  ];
  for (const [what, s] of rows) process.stdout.write(`${s.available ? 'ok     ' : 'MISSING'}  ${what}: ${s.detail}\n`);
  process.stdout.write(`ok       node ${process.version}\n`);
  if (r.installCommand) {
    // installCommand already starts with `apt-get update`.
    process.stdout.write(`\nInstall the missing toolchains (Debian 12, as root):\n  ${r.installCommand}\n`);
    return 1;
  }
  return 0;
}
