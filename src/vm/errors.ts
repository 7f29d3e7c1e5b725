/**
 * Typed errors of the virtual machine. Every failure a guest or a malformed file can cause surfaces as one of
 * these, with a stable `code` for scripts and a message that names the pc and instruction where relevant.
 * @module
 */

import { ZkvmError } from '../errors/zkvm-error.js';

/** Why an ELF file was refused: it is not a program this machine loads. */
export type ElfErrorCode = 'INVALID_ELF';

/** Why an ELF file was rejected. */
export class ElfError extends ZkvmError<ElfErrorCode> {
  override readonly name = 'ElfError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_ELF', message, options);
  }
}

/** Stable codes for {@link VmError}. */
export type VmErrorCode =
  | 'illegal-instruction' // an encoding that is not RV32IM, `unimp`, or a fetch outside the text segments
  | 'ebreak'
  | 'misaligned' // a load, store or jump target that is not naturally aligned
  | 'out-of-bounds' // an access outside every loaded segment
  | 'write-to-text' // a store into an executable segment (self-modifying code is not supported)
  | 'cycle-limit'
  | 'unknown-syscall'
  | 'bad-fd'
  | 'memory-limit'; // the program's memory image is larger than the configured limit

/** A guest-caused execution error: the run stops, nothing is proven. */
export class VmError extends ZkvmError<VmErrorCode> {
  override readonly name = 'VmError';
  /** @param code what went wrong; @param pc the pc of the faulting instruction; @param cycles cycles retired before it */
  constructor(
    code: VmErrorCode,
    readonly pc: number,
    message: string,
    readonly cycles = 0,
  ) {
    super(code, message);
  }
}

/** Formats a 32-bit value as `0x` followed by eight hex digits. */
export function hex32(v: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(8, '0');
}
