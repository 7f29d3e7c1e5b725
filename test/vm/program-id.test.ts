import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blake2s } from '@noble/hashes/blake2.js';
import { programId, programIdHex, parseElf, type ElfImage } from '../../src/vm/index.js';
import { program } from '../util/asm.js';
import { writeElf, validElfOptions } from '../util/elf-writer.js';

/** The documented encoding, rebuilt independently and hashed with @noble/hashes. */
function reference(image: ElfImage): string {
  const parts: number[] = [...new TextEncoder().encode('zkvm/program-id/v1')];
  const u32 = (v: number) => parts.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24);
  u32(image.entry);
  u32(image.segments.length);
  for (const s of image.segments) {
    u32(s.vaddr);
    u32(s.memsz);
    u32(s.flags);
    u32(s.data.length);
    parts.push(...s.data);
  }
  return Buffer.from(blake2s(Uint8Array.from(parts))).toString('hex');
}

test('program id matches an independent implementation of the documented encoding', () => {
  const img = program('li a0, 7\nli a7, 93\necall');
  assert.equal(programIdHex(img), reference(img));
  assert.equal(programId(img).length, 32);
  const elf = parseElf(writeElf(validElfOptions()));
  assert.equal(programIdHex(elf), reference(elf));
});

test('program id changes with code, data, entry and layout, and only with them', () => {
  const a = program('li a0, 7\nli a7, 93\necall');
  assert.equal(programIdHex(program('li a0, 7\nli a7, 93\necall')), programIdHex(a));
  assert.notEqual(programIdHex(program('li a0, 8\nli a7, 93\necall')), programIdHex(a));
  assert.notEqual(programIdHex({ ...a, entry: a.entry + 4 }), programIdHex(a));
  const seg = a.segments[1]!;
  const moreMem = { ...a, segments: [a.segments[0]!, { ...seg, memsz: seg.memsz + 4096 }] };
  assert.notEqual(programIdHex(moreMem), programIdHex(a));
  const data = new Uint8Array(seg.data.length + 1);
  const moreData = { ...a, segments: [a.segments[0]!, { ...seg, data }] };
  assert.notEqual(programIdHex(moreData), programIdHex(a)); // a zero byte from the file differs from a zero-filled one
});
