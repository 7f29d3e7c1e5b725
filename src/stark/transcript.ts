/**
 * The transcript preamble both prover and verifier absorb before any challenge (`docs/stark.md`, "The
 * protocol, step by step", item 1, which says why nothing public may be left out): a domain separator with
 * the protocol version, the configuration, the AIR's name and every component's shape and log size, and the
 * statement.
 * @module
 */
import type { Blake2sChannel } from '../channel/blake2s-channel.js';
import type { Air, Statement } from '../air/verifier.js';
import type { StarkConfig } from './config.js';
import { configWords } from './config.js';

/** Domain separator of this protocol. */
export const DOMAIN_SEPARATOR = 'zkvm/circle-stark';
/** Protocol (transcript) version; bump on any change to the protocol. */
export const PROTOCOL_VERSION = 1;

const utf8 = new TextEncoder();

/** Absorbs the preamble into a fresh channel. Throws `ChannelError` for a malformed statement. */
export function mixPreamble(channel: Blake2sChannel, air: Air, statement: Statement, config: StarkConfig): void {
  channel.mixBytes(utf8.encode(DOMAIN_SEPARATOR));
  channel.mixU32s([PROTOCOL_VERSION, ...configWords(config)]);
  channel.mixBytes(utf8.encode(air.name));
  const shape: number[] = [air.components.length, air.preprocessed.length];
  for (const c of air.components) shape.push(c.logSize, c.mainNames.length, c.nInteraction, c.constraints.length);
  for (const p of air.preprocessed) shape.push(p.logSize);
  channel.mixU32s(shape);
  for (const c of air.components) channel.mixBytes(utf8.encode(c.name));
  for (const p of air.preprocessed) channel.mixBytes(utf8.encode(p.id));
  channel.mixBytes(statement.bytes ?? new Uint8Array(0));
  channel.mixU32s(statement.words ?? []);
}
