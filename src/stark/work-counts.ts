/**
 * Counters of the steps a proof or a verification should do once and that callers could repeat by not
 * passing results down: validating a configuration, committing the preprocessed tree, hashing a program
 * into its id. Each step counts itself here; `test/sdk/work-once.test.ts` reads the counters around
 * one `prove` and one `verify` to show each runs once. Costs one map update per step.
 * @module
 */

/** The counted steps. */
export type WorkKind = 'config validation' | 'preprocessed commitment' | 'program id';

const counts = new Map<WorkKind, number>();

/** Records that one `kind` step ran. */
export function countWork(kind: WorkKind): void {
  counts.set(kind, (counts.get(kind) ?? 0) + 1);
}

/** How many times each step ran since the last {@link resetWorkCounts} (or since loading). */
export function workCounts(): Readonly<Record<WorkKind, number>> {
  return Object.freeze({
    'config validation': counts.get('config validation') ?? 0,
    'preprocessed commitment': counts.get('preprocessed commitment') ?? 0,
    'program id': counts.get('program id') ?? 0,
  });
}

/** Sets every counter to zero. */
export function resetWorkCounts(): void {
  counts.clear();
}
