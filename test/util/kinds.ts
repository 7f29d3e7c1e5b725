/**
 * Narrowing of the two kinds of proofs (single and sharded) that decoders, `prove` and `verify` return,
 * for tests that expect one kind: the assertion fails the test when the kind is the other.
 * @module
 */
import assert from 'node:assert/strict';

/** `x` as its single-proof kind; fails unless `x.kind` is `'single'`. */
export function single<T extends { readonly kind: string }>(x: T): Extract<T, { readonly kind: 'single' }> {
  assert.equal(x.kind, 'single', 'expected a single proof');
  return x as Extract<T, { readonly kind: 'single' }>;
}

/** `x` as its sharded kind; fails unless `x.kind` is `'sharded'`. */
export function sharded<T extends { readonly kind: string }>(x: T): Extract<T, { readonly kind: 'sharded' }> {
  assert.equal(x.kind, 'sharded', 'expected a sharded proof');
  return x as Extract<T, { readonly kind: 'sharded' }>;
}
