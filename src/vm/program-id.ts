/**
 * Program identity: a digest of what the loader puts in memory (every loadable segment's address, size,
 * permissions and bytes) and the entry point. It names the program a proof is about, so it ignores what
 * cannot change a run — symbols, section headers, debug information, padding between segments in the
 * file — and changes with anything that can.
 * @module
 */
// The pure-JS modules, not the `hash` barrel: the barrel also exports the WebAssembly kernel, which a
// verifier (the browser bundle of `web/verifier.ts` included) must not carry to hash one image.
import { Blake2sHasher } from '../hash/blake2s.js';
import { toHex } from '../hash/bytes.js';
import { countWork } from '../stark/work-counts.js';
import type { ElfImage } from './elf.js';

/** Domain separator of the digest, versioned with the encoding below. */
const TAG = 'zkvm/program-id/v1';

/**
 * BLAKE2s-256 of: the tag, entry, segment count, then per segment (in address order) vaddr, memsz, flags,
 * data length — each a little-endian u32 — and the data bytes.
 */
export function programId(image: ElfImage): Uint8Array {
  countWork('program id');
  const h = new Blake2sHasher();
  h.update(new TextEncoder().encode(TAG));
  const u32 = (v: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    h.update(b);
  };
  u32(image.entry);
  u32(image.segments.length);
  for (const s of image.segments) {
    u32(s.vaddr);
    u32(s.memsz);
    u32(s.flags);
    u32(s.data.length);
    h.update(s.data);
  }
  return h.digest();
}

/** {@link programId} as 64 lowercase hex digits. */
export function programIdHex(image: ElfImage): string {
  return toHex(programId(image));
}
