/**
 * Reading the files a user names (programs, inputs) with errors that say which file and why.
 * @module
 */
import { readFileSync } from 'node:fs';
import { ZkvmError } from '../errors/zkvm-error.js';
import { parseElf, type ElfImage } from '../vm/elf.js';
import { ElfError } from '../vm/errors.js';

/** Why a file the user named could not be read. */
export type InputFileErrorCode = 'UNREADABLE';

/** A host-side failure reading a file the user named (missing, unreadable, a directory). */
export class InputFileError extends ZkvmError<InputFileErrorCode> {
  override readonly name = 'InputFileError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNREADABLE', message, options);
  }
}

/**
 * Reads a file the user named, turning every filesystem failure into an {@link InputFileError} that says
 * which file and why.
 * @param what how the file is described in messages (e.g. "public input")
 */
export function readInputFile(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new InputFileError(`cannot read ${what} '${path}': ${why}`);
  }
}

/**
 * Loads and validates an ELF program from disk.
 * @throws InputFileError if the file cannot be read; ElfError (with the path in the message) if it is not a valid program
 */
export function loadProgramFile(path: string): ElfImage {
  const bytes = readInputFile(path, 'program');
  try {
    return parseElf(bytes);
  } catch (e) {
    if (e instanceof ElfError) throw new ElfError(`${path}: ${e.message}`);
    throw e;
  }
}
