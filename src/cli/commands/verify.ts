/**
 * `zkvm verify PROOF --program PROGRAM.elf`: accepts (exit 0) only a valid proof that the program ran to its
 * exit with the given public input and, when asked, the expected output and exit code; prints the proven
 * public output to stdout. Any rejection exits with {@link EXIT_REJECTED} and one line saying what did not
 * match. `--json` prints one JSON object on stdout instead, for success and rejection alike. Either kind
 * of proof file is accepted; the line (or the JSON's `kind` and `shards`) says which and how many shards.
 * @module
 */
import { statSync } from 'node:fs';
import { printOutcome } from '../output.js';
import { loadProgramFile, MAX_PROOF_FILE_BYTES, ProofRejectedError, readInputFile, verify } from '../../sdk/index.js';
import { parseCount, UsageError } from '../errors.js';
import { eprintln, writeAllSync } from '../output.js';
import { presetOf, securityJson, securityText } from '../security.js';

/** Options of `zkvm verify`. */
export interface VerifyCommandOptions {
  program: string;
  publicInput?: string;
  expectOutput?: string;
  expectExit?: string;
  minSecurityBits?: string;
  /** The configuration preset the proof must have been made with (default `default`). */
  config?: string;
  json?: boolean;
}

/** Parses an exit code: a 32-bit integer, signed or unsigned, decimal or 0x hex. */
function parseExitCode(value: string): number {
  const v = value.trim();
  const n = /^-?0x[0-9a-f]+$/i.test(v) ? (v.startsWith('-') ? -Number(v.slice(1)) : Number(v)) : /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < -(2 ** 31) || n >= 2 ** 32) throw new UsageError(`--expect-exit expects a 32-bit integer, got '${value}'`);
  return n;
}

function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** Runs the command; returns the process exit code. */
export function verifyCommand(proofPath: string, opts: VerifyCommandOptions): number {
  const image = loadProgramFile(opts.program);
  const publicInput = opts.publicInput === undefined ? undefined : readInputFile(opts.publicInput, 'public input');
  const expectOutput = opts.expectOutput === undefined ? undefined : readInputFile(opts.expectOutput, 'expected output');
  const expectExit = opts.expectExit === undefined ? undefined : parseExitCode(opts.expectExit);
  const minSecurityBits = opts.minSecurityBits === undefined ? undefined : parseCount(opts.minSecurityBits, '--min-security-bits');
  const preset = presetOf(opts.config ?? 'default');
  try {
    // A huge file is rejected before it is read.
    let size = -1;
    try {
      size = statSync(proofPath).size;
    } catch {
      // readInputFile below reports a missing or unreadable file
    }
    if (size > MAX_PROOF_FILE_BYTES) throw new ProofRejectedError('MALFORMED_PROOF', `malformed proof file (TOO_LARGE): ${size} bytes exceed ${MAX_PROOF_FILE_BYTES}`);
    const bytes = readInputFile(proofPath, 'proof');
    const v = verify(image, bytes, {
      ...(publicInput === undefined ? {} : { publicInput }),
      ...(expectOutput === undefined ? {} : { expectOutput }),
      ...(expectExit === undefined ? {} : { expectExit }),
      ...(minSecurityBits === undefined ? {} : { minSecurityBits }),
      config: preset.name,
    });
    const sec = { report: v.security, preset: v.preset, zeroKnowledge: v.config.zeroKnowledge };
    const s = v.statement;
    if (opts.json) {
      const out = {
        verified: true,
        programId: s.programId,
        exitCode: s.exitCode,
        kind: v.kind,
        shards: v.shards,
        publicInputBytes: s.publicInput.length,
        publicOutputHex: toHex(s.publicOutput),
        ...securityJson(sec),
      };
      printOutcome(out);
    } else {
      writeAllSync(1, s.publicOutput);
      eprintln(`zkvm: proof verified: program ${s.programId}, exit code ${s.exitCode}, ${s.publicOutput.length} bytes of public output, ${v.kind === 'single' ? 'a single proof' : `${v.shards} shard${v.shards === 1 ? '' : 's'}`}, ${securityText(sec)}`);
      // A proof of a run that failed is still a valid proof (of that failure), so verify accepts it; but a
      // user who did not ask for an exit code may not expect one other than 0: say it on a line of its own.
      if (s.exitCode !== 0 && expectExit === undefined) {
        eprintln(`zkvm: note: the proven run exited with code ${s.exitCode}, not 0; pass --expect-exit 0 to accept only successful runs`);
      }
    }
    return 0;
  } catch (e) {
    if (opts.json && e instanceof ProofRejectedError) printOutcome({ verified: false, code: e.code, error: e.message });
    throw e;
  }
}
