/**
 * The `zkvm` command line.
 * @module
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT_USAGE, reportError } from './errors.js';
import { exitOnBrokenPipe, outcomePrinted, printOutcome } from './output.js';
import { ZkvmError } from '../errors/zkvm-error.js';
import { runCommand } from './commands/run.js';
import { profileCommand } from './commands/profile.js';
import { buildCommand } from './commands/build.js';
import { newCommand } from './commands/new.js';
import { doctorCommand } from './commands/doctor.js';
import { idCommand } from './commands/id.js';

/**
 * Builds the command tree. `exit` receives the code of the command that ran. `prove` and `verify` are
 * loaded when they run: the prover and verifier modules would add to every other command's start-up.
 */
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

  cli
    .command('profile')
    .description('execute a guest and show where its cycles go: top functions by self cycles, system calls, optional flame graph and speedscope file')
    .argument('<program>', 'RISC-V RV32IM ELF executable (with symbols: build without stripping)')
    .option('--private-input <file>', 'bytes the guest reads from fd 0')
    .option('--public-input <file>', 'bytes the guest reads from fd 3')
    .option('--max-cycles <n>', 'stop with an error after n instructions (default 2^32)')
    .option('--top <n>', 'functions to list', '20')
    .option('--flamegraph <file.svg>', 'also write a flame graph (self-contained SVG)')
    .option('--speedscope <file.json>', 'also write a speedscope profile (https://www.speedscope.app)')
    .option('--json', 'print the table as one JSON object on stdout')
    .option('--force', 'replace an output file even if it is not of the kind being written')
    .action((file: string, opts) => exit(profileCommand(file, opts)));

  cli
    .command('prove')
    .description('execute a guest and write a proof of the run (program id, exit code, public input and output; never the private input)')
    .argument('<program>', 'RISC-V RV32IM ELF executable')
    .requiredOption('-o, --output <proof>', 'where to write the proof file')
    .option('--private-input <file>', 'bytes the guest reads from fd 0 (hidden by the proof)')
    .option('--public-input <file>', 'bytes the guest reads from fd 3 (part of the statement)')
    .option('--max-cycles <n>', 'refuse runs longer than n instructions')
    .option('--shard-cycles <n>', 'cycles per shard, a power of two from 2^10 to 2^22 (default 2^19): longer runs are proven in shards')
    .option('--config <name>', 'configuration preset: default, default-no-zk, provable-queries-100 (test, test-zk: tests only)')
    .option('--no-zk', 'alias of --config default-no-zk: no zero knowledge (faster; the proof may reveal information about the private input)')
    .option('--force', 'replace the output even if it exists and is not a proof file')
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('--redis <url>', 'prove on the workers (zkvm worker) of this Redis: redis://HOST:PORT, rediss:// for TLS, user and password in the URL')
    .option('--queue <name>', 'with --redis: the BullMQ queue the workers serve (default zkvm-shards)')
    .option('--resume <id>', 'with --redis: continue the proving job of this id (printed when it started) without redoing finished shards')
    .option('--keep', "with --redis: keep the job's data in Redis after the proof is written")
    .addOption(new Option('--test-config', 'the insecure test configuration (tests only)').hideHelp())
    .action(async (file: string, opts) => {
      const distributed = opts.redis !== undefined || opts.resume !== undefined || opts.queue !== undefined;
      exit(distributed ? await (await import('./commands/prove-distributed.js')).proveDistributedCommand(file, opts) : (await import('./commands/prove.js')).proveCommand(file, opts));
    });

  cli
    .command('worker')
    .description('prove shards for distributed runs (zkvm prove --redis): takes jobs from a BullMQ queue on Redis until SIGINT/SIGTERM')
    .option('--redis <url>', 'Redis URL: redis://HOST:PORT (default redis://127.0.0.1:6379), rediss:// for TLS, user and password in the URL')
    .option('--queue <name>', 'the BullMQ queue to serve (default zkvm-shards)')
    .option('--concurrency <n>', 'jobs at a time, each on its own thread (default 1)')
    .option('--name <name>', "this worker's name in progress reports (default host/pid/1)")
    .option('--lock-ms <ms>', "how long a job's lock lasts unrenewed: a dead worker's job is handed on after about twice this (default 10000)")
    .option('--json', 'log one JSON object per event on stderr')
    .action(async (opts) => exit(await (await import('./commands/worker.js')).workerCommand(opts)));

  cli
    .command('verify')
    .description('check a proof of a run of a program; print the proven public output (exit 0 only for a valid proof of exactly that statement)')
    .argument('<proof>', 'proof file written by zkvm prove')
    .requiredOption('--program <elf>', 'the program the proof must be about')
    .option('--public-input <file>', 'the public input the run must have read (default: the one in the proof)')
    .option('--expect-output <file>', 'the public output the run must have written')
    .option('--expect-exit <code>', 'the exit code the run must have ended with')
    .option('--config <name>', 'the configuration preset the proof must have been made with (default: default)')
    .option('--min-security-bits <n>', "least conjectured security accepted, every term included (default: the preset's floor, 80)")
    .option('--json', 'print the verdict and statement as one JSON object on stdout')
    .action(async (file: string, opts) => exit((await import('./commands/verify.js')).verifyCommand(file, opts)));

  cli
    .command('build')
    .description('compile a guest (a .c/.cpp file, a C/C++ project directory or a Rust project) to an RV32IM ELF')
    .argument('<path>', 'source file or project directory')
    .option('-o, --output <file>', 'where to write the ELF (default: beside the source, named after it)')
    .option('-O, --opt <level>', 'C/C++ optimisation level: 0, 1, 2, 3, s, z or g (default 2)')
    .option('--debug', 'debug build (C/C++ -Og, Rust dev profile)')
    .option('--force', 'replace the output even if it exists and is not an ELF')
    .action(async (path: string, opts) => exit(await buildCommand(path, opts)));

  cli
    .command('new')
    .description('create a guest project that builds and runs out of the box')
    .argument('<name>', 'directory to create')
    .option('--lang <lang>', 'c | cpp | rust', 'c')
    .action(async (name: string, opts) => exit(await newCommand(name, opts)));

  cli
    .command('id')
    .description('print the program identity (a digest of the loaded image and entry point) that proofs refer to')
    .argument('<program>', 'RISC-V RV32IM ELF executable')
    .action((file: string) => exit(idCommand(file)));

  cli
    .command('doctor')
    .description('report which guest toolchains are installed and how to install the missing ones')
    .action(async () => exit(await doctorCommand()));

  return cli;
}

/**
 * Runs the CLI on `argv` (as `process.argv`) and returns the exit code; never throws.
 */
export async function main(argv: readonly string[]): Promise<number> {
  exitOnBrokenPipe();
  let code = 0;
  try {
    await program((c) => (code = c)).parseAsync([...argv]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      jsonFailure(argv, 'USAGE', e.message.replace(/^error: /, ''));
      return EXIT_USAGE;
    }
    const exit = reportError(e);
    jsonFailure(argv, e instanceof ZkvmError ? e.code : 'INTERNAL', e instanceof Error ? e.message : String(e));
    return exit;
  }
}

/**
 * With `--json`, a failure no command reported as JSON (bad usage, an unreadable file, a malformed ELF…)
 * still ends the output with one JSON object: `proved: false` for prove, `verified: false` for verify,
 * `ok: false` otherwise, with the code and the message (the one line on stderr says it too).
 */
function jsonFailure(argv: readonly string[], code: string, error: string): void {
  const args = argv.slice(2);
  if (!args.includes('--json') || outcomePrinted()) return;
  const command = args.find((a) => !a.startsWith('-'));
  const key = command === 'prove' ? 'proved' : command === 'verify' ? 'verified' : 'ok';
  printOutcome({ [key]: false, code, error });
}
