/**
 * `zkvm id PROGRAM.elf`: prints the program identity a proof refers to.
 * @module
 */
import { loadProgramFile } from '../../sdk/files.js';
import { programIdHex } from '../../vm/program-id.js';

/** Runs the command; returns the process exit code. */
export function idCommand(program: string): number {
  process.stdout.write(`${programIdHex(loadProgramFile(program))}\n`);
  return 0;
}
