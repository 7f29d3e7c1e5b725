/**
 * BLAKE2s hashing: the raw compression, standard BLAKE2s-256, Stwo's Merkle node hash, and the WebAssembly
 * kernel that hashes whole layers and grinds proof-of-work nonces.
 * @module
 */
export * from './compress.js';
export { blake2s, blake2s64, Blake2sHasher } from './blake2s.js';
export { hashNode, hashLayerJs, HASH_WORDS, HASH_BYTES } from './node.js';
export { readWordLE, writeWordLE, bytesToWords, wordsToBytes, toHex, fromHex } from './bytes.js';
export { createBlake2sWasm, defaultBlake2sWasm, type Blake2sWasm } from './wasm.js';
