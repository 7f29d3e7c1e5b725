/**
 * The `zkvm` command line.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, reportError } from './errors.js';
import { runCommand } from './commands/run.js';

/** Builds the command tree. `exit` receives the code of the command that ran. */
function program(exit: (code: number) => void): Command {
  const cli = new Command('zkvm')
    .description('A zero-knowledge virtual machine for RISC-V RV32IM guests')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(`zkvm: ${s.replace(/^error: /, '')}`) });

  cli
    .command('run')
    .description("execute a guest: its fd 1 goes to stdout, fd 2 to stderr, and its exit code becomes zkvm's")
    .argument('<program>', 'RISC-V RV32IM ELF executable')
    .option('--private-input <file>', 'bytes the guest reads from fd 0 (never revealed by a proof)')
    .option('--public-input <file>', 'bytes the guest reads from fd 3 (part of the statement)')
    .option('--max-cycles <n>', 'stop with an error after n instructions (default 2^32)')
    .option('--max-memory <bytes>', 'refuse programs that declare more memory (default 2^30)')
    .option('--mode <mode>', 'fast | traced | interpret (all give the same result)', 'fast')
    .option('--stats', 'print cycles, speed and the instruction mix to stderr')
    .action((file: string, opts) => exit(runCommand(file, opts)));

  return cli;
}

/**
 * Runs the CLI on `argv` (as `process.argv`) and returns the exit code; never throws.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  try {
    await program((c) => (code = c)).parseAsync([...argv]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    return reportError(e);
  }
}
