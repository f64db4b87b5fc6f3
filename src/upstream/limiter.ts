/**
 * One concurrency cap for every upstream call of the process (UPSTREAM_CONCURRENCY). A caller that
 * cannot get a slot before its deadline gives up instead of queueing forever, so a slow upstream
 * turns into a clear error rather than an ever-growing queue.
 */
export class LimiterTimeoutError extends Error {
  constructor() {
    super('Timed out waiting for an upstream slot');
  }
}

export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<{ grant: () => void }> = [];

  /**
   * @param maxQueue callers allowed to wait at once; past it a caller is refused at once, so an
   *   overload costs memory in proportion to the limit, not to the traffic.
   */
  constructor(
    readonly capacity: number,
    private readonly maxQueue = capacity * 128,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>, deadline = Number.POSITIVE_INFINITY): Promise<T> {
    await this.acquire(deadline);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(deadline: number): Promise<void> {
    if (this.active < this.capacity) {
      this.take();
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueue) return Promise.reject(new LimiterTimeoutError());
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(timer);
          this.take();
          resolve();
        },
      };
      const wait = deadline - Date.now();
      const timer = Number.isFinite(wait)
        ? setTimeout(() => {
            const index = this.waiting.indexOf(entry);
            if (index >= 0) this.waiting.splice(index, 1);
            reject(new LimiterTimeoutError());
          }, Math.max(0, wait))
        : undefined;
      this.waiting.push(entry);
    });
  }

  private take(): void {
    this.active += 1;
  }

  private release(): void {
    this.active -= 1;
    this.waiting.shift()?.grant();
  }
}
