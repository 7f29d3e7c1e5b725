/**
 * The statement of a run: which program ran, what it read from fd 3, what it wrote to fd 1 and how it
 * exited. One type, {@link MachineStatement}, from one factory, {@link machineStatement}, which validates
 * and freezes it; prove results, proof files (`proof-file.ts`) and verification results
 * (`verify-file.ts`) all carry it. The private input (fd 0) is never part of it.
 *
 * {@link starkStatement} is the same statement as the STARK sees it (`air/verifier.ts` `Statement`):
 * bytes = program id ‖ public input ‖ public output, words = [exit code (unsigned), input length, output
 * length]; the lengths make the byte string unambiguous, and all of it is absorbed into the transcript
 * before any challenge. Browser-safe.
 * @module
 */
import type { Statement } from '../air/verifier.js';
import { fromHex } from '../hash/bytes.js';
import { blake2s } from '../hash/blake2s.js';
import type { ElfImage } from '../vm/elf.js';
import { programIdHex } from '../vm/program-id.js';
import { MachineError } from './errors.js';

import { MAX_IO_BYTES } from './relations.js';

export { MAX_IO_BYTES } from './relations.js';

/** Length of a program id (`vm/program-id.ts`), in bytes. */
export const PROGRAM_ID_BYTES = 32;

/** A program id as {@link machineStatement} keeps it: 64 lowercase hex digits. */
const PROGRAM_ID_HEX = /^[0-9a-f]{64}$/;

/** What a proof establishes about a run. Build with {@link machineStatement}; frozen. */
export interface MachineStatement {
  /** Program id (`vm/program-id.ts`) of the program that ran, as 64 lowercase hex digits. */
  readonly programId: string;
  /** Its exit code, as a signed 32-bit value (the proof binds it modulo 2^32). */
  readonly exitCode: number;
  /** The bytes available on fd 3 (the run must read all of them). */
  readonly publicInput: Uint8Array;
  /** The bytes the run wrote to fd 1, in order. */
  readonly publicOutput: Uint8Array;
}

/**
 * What {@link machineStatement} accepts: the program id as 32 bytes or as hex (either case), and the exit
 * code signed or unsigned.
 */
export interface MachineStatementFields {
  readonly programId: string | Uint8Array;
  readonly exitCode: number;
  readonly publicInput: Uint8Array;
  readonly publicOutput: Uint8Array;
}

/**
 * A statement without its program id, for callers that hold the program (the verifier derives the id
 * from the image, `verify.ts`). A {@link MachineStatement} is one too; when it names a program, that must
 * be the image's.
 */
export type ExecutionClaim = Omit<MachineStatementFields, 'programId'> & { readonly programId?: string | Uint8Array };

/** The statements {@link machineStatement} made (frozen, so still as checked): nothing checks them twice. */
const made = new WeakSet<MachineStatement>();

/**
 * The one factory of {@link MachineStatement}: checks every field (each read once), normalizes the
 * program id to lowercase hex and the exit code to signed, and freezes the result. The byte arrays are
 * kept, not copied: the caller hands them over. A statement this function made comes back as it is.
 * @throws MachineError `INVALID_INPUT` for a field out of range
 */
export function machineStatement(fields: MachineStatementFields): MachineStatement {
  if (fields === null || typeof fields !== 'object') throw new MachineError('INVALID_INPUT', 'a statement must be an object');
  if (made.has(fields as MachineStatement)) return fields as MachineStatement;
  const { programId, exitCode, publicInput, publicOutput } = fields;
  let id: string;
  if (programId instanceof Uint8Array) {
    if (programId.length !== PROGRAM_ID_BYTES) throw new MachineError('INVALID_INPUT', `the program id must be ${PROGRAM_ID_BYTES} bytes`);
    id = Array.from(programId, (b) => b.toString(16).padStart(2, '0')).join('');
  } else if (typeof programId === 'string' && PROGRAM_ID_HEX.test(programId.toLowerCase())) id = programId.toLowerCase();
  else throw new MachineError('INVALID_INPUT', `the program id must be ${PROGRAM_ID_BYTES} bytes or ${2 * PROGRAM_ID_BYTES} hex digits`);
  if (!Number.isInteger(exitCode) || exitCode < -(2 ** 31) || exitCode >= 2 ** 32) throw new MachineError('INVALID_INPUT', 'the exit code must be a 32-bit integer');
  for (const [what, b] of [['public input', publicInput], ['public output', publicOutput]] as const) {
    if (!(b instanceof Uint8Array)) throw new MachineError('INVALID_INPUT', `the ${what} must be a Uint8Array`);
    if (b.length > MAX_IO_BYTES) throw new MachineError('INVALID_INPUT', `the ${what} has ${b.length} bytes; a statement carries at most ${MAX_IO_BYTES}`);
  }
  const statement: MachineStatement = Object.freeze({ programId: id, exitCode: exitCode | 0, publicInput, publicOutput });
  made.add(statement);
  return statement;
}


/**
 * The STARK's view of a statement (see the module note). Takes a {@link MachineStatement}; anything else
 * goes through {@link machineStatement} first.
 * @throws MachineError `INVALID_INPUT` for a malformed statement
 */
export function starkStatement(statement: MachineStatement): Statement {
  const s = machineStatement(statement);
  const id = fromHex(s.programId);
  const { publicInput, publicOutput } = s;
  const bytes = new Uint8Array(id.length + publicInput.length + publicOutput.length);
  bytes.set(id, 0);
  bytes.set(publicInput, id.length);
  bytes.set(publicOutput, id.length + publicInput.length);
  return Object.freeze({ bytes, words: Object.freeze([s.exitCode >>> 0, publicInput.length, publicOutput.length]) });
}

/**
 * The statement of a run of `image` with `claim`'s exit code and public input and output: the program id
 * is the image's (hashed here, once per call; callers that already hold it pass a full statement to
 * {@link machineStatement} instead). A claim that names a program must name this one.
 * @throws MachineError `INVALID_INPUT` for a malformed claim or one about another program
 */
export function statementOf(image: ElfImage, claim: ExecutionClaim): MachineStatement {
  if (claim === null || typeof claim !== 'object') throw new MachineError('INVALID_INPUT', 'the claim must be an object');
  const id = programIdHex(image);
  const statement = machineStatement({ ...claim, programId: claim.programId ?? id });
  if (statement.programId !== id) throw new MachineError('INVALID_INPUT', `the claim is about program ${statement.programId}, not ${id}`);
  return statement;
}

/**
 * A 32-byte digest of a statement (BLAKE2s of its STARK bytes, then its words little-endian): what each
 * shard's proof and the joint transcript of a sharded run absorb instead of the public bytes themselves.
 */
export function statementDigest(statement: MachineStatement): Uint8Array {
  const st = starkStatement(statement);
  const bytes = st.bytes!;
  const words = st.words!;
  const all = new Uint8Array(bytes.length + 4 * words.length);
  all.set(bytes, 0);
  new DataView(all.buffer).setUint32(bytes.length, words[0]!, true);
  new DataView(all.buffer).setUint32(bytes.length + 4, words[1]!, true);
  new DataView(all.buffer).setUint32(bytes.length + 8, words[2]!, true);
  return blake2s(all);
}

/** The STARK statement of shard `index` of `count`: the run's statement digest and the shard's position. */
export function shardStatement(digest: Uint8Array, index: number, count: number): Statement {
  return Object.freeze({ bytes: digest, words: Object.freeze([index, count]) });
}
