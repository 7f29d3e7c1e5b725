/**
 * Time and memory of one call, for the tests that bound them: CPU time (user + system, robust on a shared
 * machine where wall time is not), wall time, and the growth of RSS and of the heap plus array buffers
 * across the call, after a full garbage collection on both sides when one can be forced.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (() => void) | undefined;

/** What {@link measure} reports. */
export interface Measured<T> {
  readonly result: T | undefined;
  readonly error: unknown;
  readonly cpuMs: number;
  readonly wallMs: number;
  /** RSS growth in bytes (what the call left resident, its result included). */
  readonly rss: number;
  /** Heap and array-buffer growth in bytes (the objects the call left alive). */
  readonly objects: number;
}

/**
 * Runs `f` once (catching what it throws) and measures it. With `collect` (the default) a full garbage
 * collection runs before and after, so that the memory figures mean something; it costs tens of
 * milliseconds, so calls that only bound time pass `false`.
 */
export function measure<T>(f: () => T, collect = true): Measured<T> {
  if (collect) gc?.();
  const m0 = process.memoryUsage();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let result: T | undefined;
  let error: unknown;
  try {
    result = f();
  } catch (e) {
    error = e;
  }
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const rss = process.memoryUsage().rss - m0.rss;
  if (collect) gc?.();
  const m1 = process.memoryUsage();
  return { result, error, cpuMs: (c.user + c.system) / 1000, wallMs, rss, objects: m1.heapUsed + m1.arrayBuffers - m0.heapUsed - m0.arrayBuffers };
}
