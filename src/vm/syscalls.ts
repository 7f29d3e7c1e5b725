/**
 * The guest ABI: `ecall` with the syscall number in a7, Linux RISC-V numbering, so the same ELF also runs
 * under `qemu-riscv32` user mode.
 *
 * | a7 | call | arguments | result (a0) |
 * |----|------|-----------|-------------|
 * | 93 | exit | a0 = exit code | — (the run ends) |
 * | 64 | write | a0 = fd (1 public output, 2 debug log), a1 = buffer, a2 = length | length |
 * | 63 | read | a0 = fd (0 private input, 3 public input), a1 = buffer, a2 = length | bytes read, 0 at end |
 *
 * Any other number, or another fd, stops the run with a {@link VmError}.
 * @module
 */
import { VmError, hex32 } from './errors.js';
import type { Memory } from './memory.js';
import type { EcallRecord } from './trace.js';

/** Syscall numbers (Linux RISC-V). */
export const Syscall = Object.freeze({ READ: 63, WRITE: 64, EXIT: 93 } as const);
/** File descriptors of the ABI. */
export const Fd = Object.freeze({ PRIVATE_INPUT: 0, PUBLIC_OUTPUT: 1, DEBUG_LOG: 2, PUBLIC_INPUT: 3 } as const);

/** A growable byte buffer. */
export class ByteSink {
  private buf = new Uint8Array(256);
  private len = 0;
  /** Appends bytes. */
  push(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }
  /** A copy of everything written. */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Options for the guest's I/O. */
export interface IoOptions {
  privateInput?: Uint8Array;
  publicInput?: Uint8Array;
  /** Called with each write to fd 1 or 2 as it happens (e.g. to stream to the terminal). */
  onWrite?: (fd: 1 | 2, bytes: Uint8Array) => void;
}

/** I/O state of one run: input cursors, collected output, the exit code. */
export class GuestIo {
  private readonly priv: Uint8Array;
  private readonly pub: Uint8Array;
  private privPos = 0;
  private pubPos = 0;
  readonly output = new ByteSink();
  readonly log = new ByteSink();
  exitCode = 0;
  halted = false;
  /** When set, every call is appended here (traced runs). */
  records: EcallRecord[] | undefined;

  constructor(private readonly mem: Memory, private readonly opts: IoOptions = {}) {
    this.priv = opts.privateInput ?? new Uint8Array(0);
    this.pub = opts.publicInput ?? new Uint8Array(0);
  }

  /**
   * Performs the system call of the `ecall` at `pc`, reading and writing registers in `R`.
   * @param cycle the cycle of this ecall (for the trace and for error reports)
   */
  ecall(R: Int32Array, pc: number, cycle: number): void {
    const num = R[17]!;
    const a0 = R[10]!;
    const addr = R[11]! >>> 0;
    const len = R[12]! >>> 0;
    let result: number;
    switch (num) {
      case Syscall.EXIT:
        this.exitCode = a0;
        this.halted = true;
        result = a0;
        break;
      case Syscall.WRITE: {
        if (a0 !== Fd.PUBLIC_OUTPUT && a0 !== Fd.DEBUG_LOG)
          throw new VmError('bad-fd', pc, `write to unsupported fd ${a0} at pc ${hex32(pc)} (use 1 for public output, 2 for the debug log)`, cycle);
        const off = this.mem.readableOffset(addr, len);
        if (off < 0)
          throw new VmError('out-of-bounds', pc, `write(fd ${a0}) buffer [${hex32(addr)}, +${len}) is outside guest memory (pc ${hex32(pc)})`, cycle);
        const bytes = this.mem.bytes.slice(off, off + len);
        (a0 === 1 ? this.output : this.log).push(bytes);
        this.opts.onWrite?.(a0, bytes);
        result = len;
        break;
      }
      case Syscall.READ: {
        if (a0 !== Fd.PRIVATE_INPUT && a0 !== Fd.PUBLIC_INPUT)
          throw new VmError('bad-fd', pc, `read from unsupported fd ${a0} at pc ${hex32(pc)} (use 0 for private input, 3 for public input)`, cycle);
        const src = a0 === 0 ? this.priv : this.pub;
        const pos = a0 === 0 ? this.privPos : this.pubPos;
        const n = Math.min(len, src.length - pos);
        // The whole requested buffer must be writable, as the kernel checks it before reading.
        if (this.mem.writableOffset(addr, len) < 0)
          throw new VmError('out-of-bounds', pc, `read(fd ${a0}) buffer [${hex32(addr)}, +${len}) is not writable guest memory (pc ${hex32(pc)})`, cycle);
        this.mem.bytes.set(src.subarray(pos, pos + n), (addr - this.mem.base) >>> 0);
        if (a0 === 0) this.privPos += n;
        else this.pubPos += n;
        result = n;
        break;
      }
      default:
        throw new VmError('unknown-syscall', pc, `unknown syscall ${num} (a7) at pc ${hex32(pc)}; supported: 63 read, 64 write, 93 exit`, cycle);
    }
    this.records?.push(Object.freeze({ cycle, number: num, fd: a0, addr, len, result }));
    R[10] = result;
  }
}
