/**
 * The tenant's clock as seen from this process. `x-ratelimit-reset` is a Unix time stamped by the
 * tenant's clock, so a gateway whose clock runs behind the tenant's would wait too long for every
 * reset, and one whose clock runs ahead would see every reset as already past. The answers' `Date`
 * header (whole seconds, stamped when the answer was made) tells how far apart the clocks are.
 *
 * One sample is only good to about a second (the header's resolution plus the network's delay), so
 * the samples are smoothed, and the correction is applied only once the clocks are clearly more
 * than a second apart: below that, the rate gate treats a reset at or before now as "soon" anyway,
 * and a half-second of noise would make its refill-rate estimates too high.
 */
const SKEW_THRESHOLD_MS = 1_000;
const SMOOTHING = 0.2;

export class TenantClock {
  private skewMs = 0;
  private sampled = false;
  private reported = false;

  constructor(
    private readonly now: () => number,
    /** Called once, the first time the clocks are found more than a second apart. */
    private readonly onSkew: (skewMs: number) => void = () => {},
  ) {}

  observe(dateHeader: string | null): void {
    if (!dateHeader) return;
    const stamped = Date.parse(dateHeader);
    if (Number.isNaN(stamped)) return;
    // The tenant's time was somewhere in [stamped, stamped + 1 s): take the middle.
    const sample = stamped + 500 - this.now();
    this.skewMs = this.sampled ? this.skewMs + SMOOTHING * (sample - this.skewMs) : sample;
    this.sampled = true;
    if (!this.reported && Math.abs(this.skewMs) > SKEW_THRESHOLD_MS) {
      this.reported = true;
      this.onSkew(Math.round(this.skewMs));
    }
  }

  /** How far the tenant's clock is ahead of ours (negative: behind), as applied. */
  get offsetMs(): number {
    return Math.abs(this.skewMs) > SKEW_THRESHOLD_MS ? this.skewMs : 0;
  }

  /** A time read off the tenant's clock, on ours. */
  toLocal(tenantMs: number): number {
    return tenantMs - this.offsetMs;
  }
}
