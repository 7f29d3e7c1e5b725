/**
 * The progress line of long commands: a bar over the phases of a proof — or, for a run proven in shards,
 * over every shard's two phases (commit, then prove) — redrawn in place on stderr. Only
 * for a terminal: when stderr is a pipe or a file, nothing is drawn, so logs and scripts see no control
 * characters.
 * @module
 */
import { PROGRESS_PHASES } from '../sdk/prove.js';
import type { ProveProgress } from '../sdk/prove.js';
import type { ShardEvent } from '../machine/index.js';

const WIDTH = 24;

/** A progress display for `zkvm prove`; `update` and `done` do nothing when stderr is not a terminal. */
export class ProveProgressBar {
  readonly #enabled: boolean;
  readonly #t0 = performance.now();
  #drawn = false;

  constructor(enabled = process.stderr.isTTY === true) {
    this.#enabled = enabled;
    if (enabled) this.#draw(0, PROGRESS_PHASES.length, PROGRESS_PHASES[0]!);
  }

  /** Shows the phase that starts next and the bar of phases done. */
  update(p: ProveProgress): void {
    if (this.#enabled) this.#draw(p.done, p.total, p.next ?? 'done');
  }

  /** Shows a sharded proof's progress: the shard phases done of 2 × count, and the one that runs next. */
  shard(e: ShardEvent): void {
    if (!this.#enabled) return;
    const done = (e.phase === 'prove' ? e.count : 0) + e.index;
    const total = 2 * e.count;
    const next = done === total ? 'done' : done < e.count ? `commit shard ${e.index + 1}/${e.count}` : `prove shard ${done - e.count + 1}/${e.count}`;
    this.#draw(done, total, next);
  }

  /** Clears the line (before the summary or an error is printed). */
  done(): void {
    if (this.#enabled && this.#drawn) process.stderr.write('\r\x1b[2K');
    this.#drawn = false;
  }

  #draw(done: number, total: number, phase: string): void {
    const filled = Math.round((WIDTH * done) / total);
    const secs = ((performance.now() - this.#t0) / 1000).toFixed(1);
    process.stderr.write(`\r\x1b[2Kzkvm: proving [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total} ${phase}… ${secs} s`);
    this.#drawn = true;
  }
}
