/**
 * One concurrency cap for every upstream call of the process (UPSTREAM_CONCURRENCY), shared fairly
 * between the requests that wait for it. A caller that cannot get a slot before its deadline gives
 * up instead of queueing forever, so a slow upstream turns into a clear error rather than an
 * ever-growing queue.
 *
 * Fairness: each request (its `owner`) has a queue of its own, and a freed slot goes to the next
 * request in turn, not to the oldest call. A request fanning out to a hundred users uses every
 * slot nobody else wants, but a single-user read arriving meanwhile waits for one call to end, not
 * for the whole fan-out; and since one request never holds more than `perOwner` slots (all but
 * one), a fan-out stuck on a hanging upstream still leaves a slot for everyone else.
 */
export class LimiterTimeoutError extends Error {
  constructor() {
    super('Timed out waiting for an upstream slot');
  }
}

interface Waiter {
  grant: () => void;
}

/** The owner of calls made outside any request. */
const NO_REQUEST = {};

export class ConcurrencyLimiter {
  private active = 0;
  private waiting = 0;
  private readonly activeByOwner = new Map<object, number>();
  /** Owners with waiting calls, in the order they are served (Map keeps insertion order). */
  private readonly queues = new Map<object, Waiter[]>();

  /**
   * @param maxQueue calls allowed to wait at once; past it a call is refused at once, so an
   *   overload costs memory in proportion to the limit, not to the traffic.
   * @param perOwner most calls of one owner in flight at once.
   */
  constructor(
    readonly capacity: number,
    private readonly maxQueue = capacity * 128,
    private readonly perOwner = Math.max(1, capacity - 1),
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting;
  }

  async run<T>(task: () => Promise<T>, deadline = Number.POSITIVE_INFINITY, owner: object = NO_REQUEST): Promise<T> {
    await this.acquire(owner, deadline);
    try {
      return await task();
    } finally {
      this.release(owner);
    }
  }

  private acquire(owner: object, deadline: number): Promise<void> {
    if (this.active < this.capacity && !this.queues.has(owner) && this.activeOf(owner) < this.perOwner) {
      this.take(owner);
      return Promise.resolve();
    }
    if (this.waiting >= this.maxQueue) return Promise.reject(new LimiterTimeoutError());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          this.take(owner);
          resolve();
        },
      };
      const wait = deadline - Date.now();
      const timer = Number.isFinite(wait)
        ? setTimeout(
            () => {
              this.remove(owner, waiter);
              reject(new LimiterTimeoutError());
            },
            Math.max(0, wait),
          )
        : undefined;
      const queue = this.queues.get(owner);
      if (queue) queue.push(waiter);
      else this.queues.set(owner, [waiter]);
      this.waiting += 1;
    });
  }

  private activeOf(owner: object): number {
    return this.activeByOwner.get(owner) ?? 0;
  }

  private take(owner: object): void {
    this.active += 1;
    this.activeByOwner.set(owner, this.activeOf(owner) + 1);
  }

  private release(owner: object): void {
    this.active -= 1;
    const left = this.activeOf(owner) - 1;
    if (left > 0) this.activeByOwner.set(owner, left);
    else this.activeByOwner.delete(owner);
    this.dispatch();
  }

  /** Gives free slots to waiting owners in turn, skipping those at their own cap. */
  private dispatch(): void {
    while (this.active < this.capacity) {
      let served = false;
      for (const [owner, queue] of this.queues) {
        if (this.activeOf(owner) >= this.perOwner) continue;
        const waiter = queue.shift()!;
        this.waiting -= 1;
        // To the back of the line: the next slot goes to the next owner.
        this.queues.delete(owner);
        if (queue.length > 0) this.queues.set(owner, queue);
        waiter.grant();
        served = true;
        break;
      }
      if (!served) return;
    }
  }

  private remove(owner: object, waiter: Waiter): void {
    const queue = this.queues.get(owner);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index < 0) return;
    queue.splice(index, 1);
    this.waiting -= 1;
    if (queue.length === 0) this.queues.delete(owner);
  }
}
