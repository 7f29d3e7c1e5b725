/**
 * The one byte codec of zkvm's binary formats (the STARK proof, `serialize.ts`, and the machine proof
 * file that embeds it, `machine/proof-file.ts`): little-endian u32 words, "bytes" as a u32 length and the
 * bytes, "u32[]" as a u32 count and the words, "qm31" as four canonical u32 coordinates.
 *
 * {@link ByteReader} never trusts a length or a count: each is checked against its limit and against the
 * bytes left before anything is allocated for it (every item takes at least one byte, most at least 4).
 * It reports every failure through the {@link CodecFailure} its owner passes in, so each format throws
 * its own typed error and the reader itself stays one. Browser-safe.
 * @module
 */
import type { QM31 } from '../field/index.js';

/** What went wrong while reading: the input ends inside a field, a field is out of range, or bytes follow the end. */
export type CodecFailureKind = 'truncated' | 'malformed' | 'trailing';

/** Throws the owner's typed error for a failure (never returns). */
export type CodecFailure = (kind: CodecFailureKind, message: string) => never;

const P = 0x7fffffff;

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Appends fields to a growing buffer. */
export class ByteWriter {
  #buf = new Uint8Array(1 << 16);
  #view = new DataView(this.#buf.buffer);
  #len = 0;

  #grow(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let cap = this.#buf.length;
    while (cap < this.#len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  /** One little-endian u32. */
  u32(v: number): void {
    this.#grow(4);
    this.#view.setUint32(this.#len, v >>> 0, true);
    this.#len += 4;
  }

  /** Bytes as they are (no length). */
  raw(b: Uint8Array): void {
    this.#grow(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  /** A u32 count, then the words. */
  words(w: ArrayLike<number>): void {
    this.u32(w.length);
    this.#grow(4 * w.length);
    for (let i = 0; i < w.length; i++) {
      this.#view.setUint32(this.#len, w[i]! >>> 0, true);
      this.#len += 4;
    }
  }

  /** A u32 length, then the bytes. */
  bytes(b: Uint8Array): void {
    this.u32(b.length);
    this.raw(b);
  }

  /** Four u32 coordinates. */
  qm31(v: QM31): void {
    for (let k = 0; k < 4; k++) this.u32(v[k]!);
  }

  /** The bytes written (a copy of exactly that length). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** Reads fields in order from a buffer, bounded as the module note says. */
export class ByteReader {
  #pos = 0;
  readonly #view: DataView;

  /** @param buf the input (not copied); @param fail how the owner reports a failure */
  constructor(
    readonly buf: Uint8Array,
    readonly fail: CodecFailure,
  ) {
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Bytes not read yet. */
  get left(): number {
    return this.buf.length - this.#pos;
  }

  /** Offset of the next byte. */
  get pos(): number {
    return this.#pos;
  }

  /** Fails as truncated unless `n` more bytes are there. */
  need(n: number, what: string): void {
    if (n > this.left) this.fail('truncated', `truncated: ${what} needs ${n} bytes at offset ${this.#pos}, ${this.left} left`);
  }

  /** One u32. */
  u32(what: string): number {
    if (4 > this.left) this.need(4, what);
    const v = this.#view.getUint32(this.#pos, true);
    this.#pos += 4;
    return v;
  }

  /**
   * A count of items that take at least `minItemBytes` (≥ 1) each and of which at most `max` are allowed:
   * checked before the caller allocates anything for them, so n items always cost ≥ n·minItemBytes bytes of input.
   */
  count(what: string, minItemBytes: number, max: number): number {
    const at = this.#pos;
    const n = this.u32(what);
    if (n > max) this.fail('malformed', `${what}: count ${n} at offset ${at} exceeds the limit of ${max}`);
    if (n * minItemBytes > this.left) this.fail('truncated', `truncated: ${what}: count ${n} at offset ${at} needs ${n * minItemBytes} bytes, ${this.left} left`);
    return n;
  }

  /** A count that must be exactly `n` (a count the layout fixes). */
  exact(what: string, n: number): void {
    const at = this.#pos;
    const got = this.u32(what);
    if (got !== n) this.fail('malformed', `${what}: count ${got} at offset ${at}; the proof has ${n}`);
  }

  /** A copy of the next `n` bytes (what is decoded must not alias the caller's buffer). */
  raw(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.slice(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** The next `n` bytes as a view (for what is decoded further and not kept). */
  view(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** A u32 count and that many words, at most `max` (a copy). */
  words(what: string, max: number): Uint32Array {
    const n = this.count(what, 4, max);
    const at = this.buf.byteOffset + this.#pos;
    let out: Uint32Array;
    // Aligned on a little-endian machine (all of them in practice): one memory copy.
    if (LITTLE_ENDIAN && at % 4 === 0) out = new Uint32Array(this.buf.buffer, at, n).slice();
    else {
      out = new Uint32Array(n);
      for (let i = 0; i < n; i++) out[i] = this.#view.getUint32(this.#pos + 4 * i, true);
    }
    this.#pos += 4 * n;
    return out;
  }

  /** A u32 length and that many bytes, at most `max` (a copy). */
  bytes(what: string, max: number): Uint8Array {
    const n = this.count(what, 1, max);
    return this.raw(n, what);
  }

  /** One QM31 value; its coordinates must be canonical. */
  qm31(what: string): QM31 {
    this.need(16, what);
    const at = this.#pos;
    const a = this.#view.getUint32(at, true);
    const b = this.#view.getUint32(at + 4, true);
    const c = this.#view.getUint32(at + 8, true);
    const d = this.#view.getUint32(at + 12, true);
    if (a >= P || b >= P || c >= P || d >= P) this.fail('malformed', `${what} at offset ${at}: a QM31 coordinate is not canonical`);
    this.#pos += 16;
    return Object.freeze([a, b, c, d] as const);
  }

  /** `n` QM31 values (n checked by the caller). */
  qm31s(n: number, what: string): QM31[] {
    this.need(16 * n, what);
    const out: QM31[] = [];
    for (let i = 0; i < n; i++) out.push(this.qm31(what));
    return out;
  }
}
