/**
 * The tenant-wide token bucket that Auth0 applies to the Management API: `burst` requests at once,
 * refilled at `perSecond`. Every answer reports the bucket in x-ratelimit-* headers, where reset is
 * the Unix time in seconds at which the bucket is full again (not a countdown).
 */
export interface RateLimitSettings {
  burst: number;
  perSecond: number;
}

export interface RateLimitState {
  allowed: boolean;
  headers: Record<string, string>;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt = Date.now();

  constructor(private settings: RateLimitSettings) {
    this.tokens = settings.burst;
  }

  /** A new bucket, full: what a test sets up starts from a known level. */
  configure(settings: RateLimitSettings): void {
    this.settings = settings;
    this.tokens = settings.burst;
    this.updatedAt = Date.now();
  }

  /** `clockOffsetMs`: how far the tenant's clock, which stamps the reset, is ahead of the real one. */
  take(now = Date.now(), clockOffsetMs = 0): RateLimitState {
    const { burst, perSecond } = this.settings;
    this.tokens = Math.min(burst, this.tokens + ((now - this.updatedAt) / 1000) * perSecond);
    this.updatedAt = now;
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    const secondsToFull = (burst - this.tokens) / perSecond;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(burst),
        'x-ratelimit-remaining': String(Math.floor(this.tokens)),
        'x-ratelimit-reset': String(Math.ceil((now + clockOffsetMs) / 1000 + secondsToFull)),
      },
    };
  }
}
