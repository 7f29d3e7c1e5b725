/**
 * Kernel threads: a pool of workers that run WebAssembly kernel calls on the same shared memory as the main
 * thread, so independent pieces of a prover step (the columns of a batch of FFTs, the row ranges of a
 * linear combination, the subtrees of a Merkle layer) use every core.
 *
 * The unit of work is a *call*: `[module, export, ...i32 args]` — kernels take (pointer, count) arguments,
 * so a batch of calls is plain data that any thread can replay. The main thread splits the batches between
 * itself and the workers, runs its share, then blocks (`Atomics.wait`) until the workers are done. Where
 * blocking is not allowed (a browser's main thread) or no pool is installed, everything runs inline.
 *
 * This module is platform-neutral: it never creates workers itself. The host installs a pool built from its
 * own worker API (Node: `src/sdk/threads.ts`; browsers: Web Workers running {@link serveKernels}).
 * @module
 */

/** One kernel invocation: module name, export name, i32 arguments. */
export type KernelCall = readonly [module: string, fn: string, ...args: number[]];

/** The two ends of a message channel, as both Node's `worker_threads` and Web Workers can provide them. */
export interface MessagePortLike {
  postMessage(message: unknown): void;
}

/** Messages from the pool to a worker. */
type ToWorker =
  | { readonly type: 'init'; readonly control: SharedArrayBuffer; readonly index: number }
  | { readonly type: 'module'; readonly name: string; readonly module: WebAssembly.Module; readonly memory: WebAssembly.Memory }
  | { readonly type: 'run'; readonly batches: readonly (readonly KernelCall[])[] };

// Control words: [0] batches finished by workers in the current run, [1] set when a worker failed,
// [READY + i] set once worker i serves calls. Work goes only to ready workers: a worker still starting
// might need the very event loop that the blocked caller is holding.
const DONE = 0;
const FAILED = 1;
const READY = 2;

/**
 * The worker side: serves kernel calls sent by a {@link KernelPool}. Call it from the worker's entry script
 * with a way to receive messages.
 */
export function serveKernels(onMessage: (handler: (message: ToWorker) => void) => void): void {
  let control: Int32Array | undefined;
  const instances = new Map<string, WebAssembly.Exports>();
  onMessage((msg) => {
    if (msg.type === 'init') {
      control = new Int32Array(msg.control);
      Atomics.store(control, READY + msg.index, 1);
    } else if (msg.type === 'module') {
      instances.set(msg.name, new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } }).exports);
    } else {
      try {
        runBatches(instances, msg.batches);
      } catch {
        Atomics.store(control!, FAILED, 1);
      }
      Atomics.add(control!, DONE, msg.batches.length);
      Atomics.notify(control!, DONE);
    }
  });
}

function runBatches(instances: Map<string, WebAssembly.Exports>, batches: readonly (readonly KernelCall[])[]): void {
  for (const batch of batches) {
    for (const [mod, fn, ...args] of batch) {
      const f = instances.get(mod)?.[fn];
      if (typeof f !== 'function') throw new Error(`kernel ${mod}.${fn} is not registered`);
      (f as (...a: number[]) => unknown)(...args);
    }
  }
}

/** A pool of kernel workers driven from one thread. */
export class KernelPool {
  private readonly control: Int32Array;
  private readonly local = new Map<string, WebAssembly.Exports>();
  private readonly registered = new Map<string, WebAssembly.Memory>();
  /** Batches handed to workers so far (a measure of how much work left the calling thread). */
  distributed = 0;

  /** @param workers ports of workers running {@link serveKernels} */
  constructor(private readonly workers: readonly MessagePortLike[]) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * (READY + workers.length)));
    workers.forEach((w, index) => w.postMessage({ type: 'init', control: this.control.buffer as SharedArrayBuffer, index } satisfies ToWorker));
  }

  /** Threads that run batches: the workers and the calling thread. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Workers that have started and take work (workers start asynchronously). */
  readyWorkers(): number {
    return this.workers.filter((_, i) => Atomics.load(this.control, READY + i) === 1).length;
  }

  /**
   * Makes module `name` (compiled `module` instantiated against shared `memory`) callable on every thread.
   * Registering the same name and memory again is a no-op.
   */
  register(name: string, module: WebAssembly.Module, memory: WebAssembly.Memory): void {
    if (this.registered.get(name) === memory) return;
    this.registered.set(name, memory);
    this.local.set(name, new WebAssembly.Instance(module, { env: { memory } }).exports);
    for (const w of this.workers) w.postMessage({ type: 'module', name, module, memory } satisfies ToWorker);
  }

  /**
   * Runs every batch (calls within a batch in order; batches independent of each other) and returns when
   * all are done. Batches are dealt out in contiguous groups, the calling thread taking the first.
   * @throws Error if any kernel call failed (the memory it wrote is then unspecified)
   */
  run(batches: readonly (readonly KernelCall[])[]): void {
    // A thread that may not block (a browser's main thread) runs everything itself.
    const ready = CAN_BLOCK ? this.workers.filter((_, i) => Atomics.load(this.control, READY + i) === 1) : [];
    const t = Math.min(ready.length + 1, batches.length);
    if (t <= 1) {
      runBatches(this.local, batches);
      return;
    }
    Atomics.store(this.control, DONE, 0);
    Atomics.store(this.control, FAILED, 0);
    const per = Math.ceil(batches.length / t);
    let posted = 0;
    for (let w = 1; w < t; w++) {
      const group = batches.slice(w * per, (w + 1) * per);
      if (group.length === 0) continue;
      ready[w - 1]!.postMessage({ type: 'run', batches: group } satisfies ToWorker);
      posted += group.length;
    }
    this.distributed += posted;
    let error: unknown;
    try {
      runBatches(this.local, batches.slice(0, per));
    } catch (e) {
      error = e;
    }
    for (let done = Atomics.load(this.control, DONE); done < posted; done = Atomics.load(this.control, DONE))
      Atomics.wait(this.control, DONE, done);
    if (error !== undefined) throw error;
    if (Atomics.load(this.control, FAILED) !== 0) throw new Error('a kernel call failed on a worker thread');
  }
}

/** Whether this thread may block in `Atomics.wait` (not on a browser's main thread). */
const CAN_BLOCK: boolean = (() => {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); // value differs: returns at once
    return true;
  } catch {
    return false;
  }
})();

let current: KernelPool | undefined;

/** Installs the pool that kernels use from now on (`undefined` to run everything on the calling thread). */
export function setKernelPool(pool: KernelPool | undefined): void {
  current = pool;
}

/** The installed pool, if any. */
export function getKernelPool(): KernelPool | undefined {
  return current;
}
