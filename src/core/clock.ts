// Time, as one type. Everything in the core that reads the time or waits takes a Clock, with the real one as the
// default: the provider client (inactivity timeout, total deadline, wait budget, backoff), the cache (expiry and the
// flush delay), the inline engine's debounce and the dashboard's repaint debounce. Tests and the typing-replay bench
// pass a VirtualClock, whose time moves only when told to, so a 60 s timeout is checked in microseconds and to the
// millisecond.

export interface Clock {
  /** epoch ms (or virtual ms) */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** waits `ms` on this clock's timers; rejects (SleepAborted) as soon as `signal` aborts */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  sleep: (ms, signal) => sleepOn(systemClock, ms, signal),
};

/** Keeps a real timer from holding the process open (a no-op for virtual timers). */
export function unrefTimer(handle: unknown): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}

export class SleepAborted extends Error {
  constructor() {
    super('sleep aborted');
    this.name = 'AbortError';
  }
}

/** Waits `ms` on `clock`'s timers; rejects (SleepAborted) as soon as `signal` aborts. */
export function sleepOn(
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SleepAborted());
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(new SleepAborted());
    };
    const timer = clock.setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface VirtualTimer {
  id: number;
  at: number;
  fn: () => void;
}

/** Lets promise continuations (microtasks) triggered by a timer run before the next timer fires. */
async function drainMicrotasks(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * A clock that only moves when told to. Timers fire in time order (ties in creation order) and the promise chains
 * they start are drained before the next one fires, so async code behaves as it would in real time.
 */
export class VirtualClock implements Clock {
  private t: number;
  private nextId = 1;
  private timers: VirtualTimer[] = [];

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.t + Math.max(0, Number.isFinite(ms) ? ms : 0), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    const i = this.timers.findIndex((x) => x.id === handle);
    if (i >= 0) this.timers.splice(i, 1);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Number of timers still armed. */
  pending(): number {
    return this.timers.length;
  }

  /** Time of the next armed timer, if any. */
  nextAt(): number | undefined {
    let best: number | undefined;
    for (const x of this.timers) if (best === undefined || x.at < best) best = x.at;
    return best;
  }

  /** Moves the clock to `time`, firing every timer due on the way. */
  async advanceTo(time: number): Promise<void> {
    await drainMicrotasks();
    for (;;) {
      let next: VirtualTimer | undefined;
      for (const x of this.timers)
        if (x.at <= time && (!next || x.at < next.at || (x.at === next.at && x.id < next.id))) next = x;
      if (!next) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.t = Math.max(this.t, next.at);
      next.fn();
      await drainMicrotasks();
    }
    this.t = Math.max(this.t, time);
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.t + ms);
  }

  /** Fires everything that is armed, however far ahead (bounded, against timers that re-arm forever). */
  async runAll(limit = 10_000): Promise<void> {
    for (let i = 0; i < limit; i++) {
      const at = this.nextAt();
      if (at === undefined) return;
      await this.advanceTo(at);
    }
  }
}
