/**
 * The BLAKE2s Fiat–Shamir channel (Stwo's transcript) and its proof-of-work grinding.
 * @module
 */
export { Blake2sChannel, trailingZeros128, u64Words, MAX_QUERIES, type QM31Coords } from './blake2s-channel.js';
export { grind, checkPow, MAX_GRIND_BITS, type GrindOptions } from './prover/pow.js';
export { ChannelError } from './errors.js';
