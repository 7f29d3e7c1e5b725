/**
 * Walks the binary STARK proof format of `stark/serialize.ts`, for the hostile-input tests: the offset of
 * every u32 count and every section boundary.
 */
import assert from 'node:assert/strict';
import { PROOF_HEADER_BYTES } from '../../src/stark/index.js';

/** Offsets of every u32 count of a serialized proof, and every section boundary (walks the format of serialize.ts). */
export function layoutOf(b: Uint8Array): { counts: number[]; boundaries: number[] } {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const counts: number[] = [];
  const boundaries: number[] = [8, 12, PROOF_HEADER_BYTES];
  let at = PROOF_HEADER_BYTES;
  const count = () => {
    counts.push(at);
    const n = v.getUint32(at, true);
    at += 4;
    boundaries.push(at);
    return n;
  };
  const skip = (n: number) => {
    at += n;
    boundaries.push(at);
  };
  skip(32 * count());
  skip(16 * count());
  for (let t = count(); t > 0; t--) for (let c = count(); c > 0; c--) skip(16 * count());
  const decommitment = () => {
    skip(count());
    skip(4 * count());
  };
  for (let t = count(); t > 0; t--) decommitment();
  for (let t = count(); t > 0; t--) skip(4 * count());
  skip(8);
  const layer = () => {
    skip(4 * count());
    decommitment();
    skip(32);
  };
  layer();
  for (let k = count(); k > 0; k--) layer();
  skip(4 * count());
  assert.equal(at, b.length, 'the walk covers the proof');
  return { counts, boundaries: [...new Set(boundaries)].sort((x, y) => x - y) };
}

