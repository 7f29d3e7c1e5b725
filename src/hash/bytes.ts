/**
 * Little-endian conversions between bytes and 32-bit words, written out byte by byte so the result does not
 * depend on the platform's endianness (a `Uint32Array` view over bytes would).
 * @module
 */

/** Reads 32-bit little-endian word `k` of `bytes` starting at byte `off` (that is, bytes off+4k .. off+4k+3). */
export function readWordLE(bytes: Uint8Array, off: number): number {
  return (bytes[off]! | (bytes[off + 1]! << 8) | (bytes[off + 2]! << 16) | (bytes[off + 3]! << 24)) >>> 0;
}

/** Writes `w` as 4 little-endian bytes at `bytes[off..off+4]`. */
export function writeWordLE(bytes: Uint8Array, off: number, w: number): void {
  bytes[off] = w;
  bytes[off + 1] = w >>> 8;
  bytes[off + 2] = w >>> 16;
  bytes[off + 3] = w >>> 24;
}

/** Converts bytes (length a multiple of 4) to little-endian words. */
export function bytesToWords(bytes: Uint8Array): Uint32Array {
  if (bytes.length % 4 !== 0) throw new RangeError(`byte length ${bytes.length} is not a multiple of 4`);
  const out = new Uint32Array(bytes.length >>> 2);
  for (let k = 0; k < out.length; k++) out[k] = readWordLE(bytes, 4 * k);
  return out;
}

/** Converts `n` words of `words` from `off` (default: all) to little-endian bytes. */
export function wordsToBytes(words: Uint32Array, off = 0, n = words.length - off): Uint8Array {
  const out = new Uint8Array(4 * n);
  for (let k = 0; k < n; k++) writeWordLE(out, 4 * k, words[off + k]!);
  return out;
}

/** Lower-case hexadecimal of `bytes` (for tests, logs and error messages). */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i]!.toString(16).padStart(2, '0');
  return s;
}

/** Parses lower- or upper-case hexadecimal (even length) into bytes. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new RangeError('invalid hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
