/**
 * Linked proofs: several STARK proofs that share the challenges of some relations and whose logUp sums
 * cancel only together (`docs/continuations.md`). Used by the machine's shards; nothing here knows about
 * them.
 *
 * Protocol, for proofs 0 … K − 1 of AIRs A_0 … A_{K−1} that share the relations S:
 * 1. each prover runs its transcript up to and including its main commitment (preamble, tree 0, tree 1)
 *    and publishes the channel digest d_i ({@link mainDigest} recomputes it from the proof);
 * 2. one joint channel absorbs a context (what the caller proves: its statement) and d_0 … d_{K−1}, then
 *    draws the elements of every relation in S ({@link jointChallenges}); its digest D ends the step;
 * 3. each proof continues its own transcript: it absorbs D, draws the elements of its other relations
 *    itself, and proceeds as a lone proof (claimed sums, interaction tree, composition, FRI);
 * 4. the verifier checks each proof with {@link ProofLink} `{ digest: D, shared }` (`verifyLinked`), which
 *    returns that proof's claimed sums plus its own public terms, and requires the totals of all proofs
 *    plus the caller's joint public terms to add to zero.
 *
 * Why it is sound: every challenge any proof uses is drawn after every main trace is committed (D covers
 * d_0 … d_{K−1}). A relation outside S has challenges private to one proof, independent of all others,
 * so its fractions must cancel inside that proof (the joint sum, a rational function of independent
 * challenge sets, vanishes identically only if each proof's private part does); a relation in S must
 * cancel over all proofs together and the caller's terms. The logUp error grows with the fractions of all
 * proofs together, still below 2^−90 for 2^32 fractions over QM31.
 * @module
 */
import { Blake2sChannel } from '../channel/blake2s-channel.js';
import { drawRelationElements } from '../air/verifier.js';
import type { Relation, RelationElements } from '../air/verifier.js';

/** What a linked proof needs beyond a lone one: the joint transcript's digest and the shared elements. */
export interface ProofLink {
  /** Digest of the joint channel (32 bytes), absorbed right after the proof's main commitment. */
  readonly digest: Uint8Array;
  /** Elements of the shared relations, by relation name. */
  readonly shared: RelationElements;
}

/** Domain separator of the joint channel. */
export const LINK_SEPARATOR = 'zkvm/stark-link/v1';

const utf8 = new TextEncoder();

/**
 * The joint step (item 2 of the module comment): absorbs `context` and the proofs' main digests in order and
 * draws the elements of `shared`. @throws ChannelError for a digest that is not 32 bytes
 */
export function jointChallenges(shared: readonly Relation[], context: Uint8Array, mainDigests: readonly Uint8Array[]): ProofLink {
  const channel = new Blake2sChannel();
  channel.mixBytes(utf8.encode(LINK_SEPARATOR));
  channel.mixBytes(context);
  channel.mixU32s([mainDigests.length]);
  for (const d of mainDigests) channel.mixRoot(d);
  const elements = drawRelationElements(shared, channel);
  return Object.freeze({ digest: channel.digest, shared: elements });
}

/**
 * The elements a linked proof uses: its own relations drawn from its channel (after it absorbed the link
 * digest), the shared ones from the link. Drawing all of them keeps the transcript independent of which
 * relations are shared.
 */
export function linkedElements(relations: readonly Relation[], channel: Blake2sChannel, link: ProofLink): ReturnType<typeof drawRelationElements> {
  const own = drawRelationElements(relations, channel);
  for (const [name, e] of link.shared) if (own.has(name)) own.set(name, e);
  return own;
}
