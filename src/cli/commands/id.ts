/**
 * `zkvm id PROGRAM.elf`: prints the program identity a proof refers to.
 * @module
 */
import { loadProgramFile, programIdHex } from '../../sdk/index.js';

/** Runs the command; returns the process exit code. */
export function idCommand(program: string): number {
  process.stdout.write(`${programIdHex(loadProgramFile(program))}\n`);
  return 0;
}
