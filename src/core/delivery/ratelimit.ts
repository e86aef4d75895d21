// Token buckets for the platforms' published limits: global, and per channel.

export interface Limit {
  /** Requests allowed per window. */
  count: number;
  windowMs: number;
}

export interface PlatformLimits {
  global: Limit;
  perChannel: Limit;
}

/** Published limits: Discord ~50 requests/s globally and 5 per 5 s per channel; Slack ~1 message/s per channel. */
export const DEFAULT_LIMITS: Record<string, PlatformLimits> = {
  discord: { global: { count: 50, windowMs: 1000 }, perChannel: { count: 5, windowMs: 5000 } },
  slack: { global: { count: 20, windowMs: 1000 }, perChannel: { count: 1, windowMs: 1000 } },
  console: { global: { count: 1000, windowMs: 1000 }, perChannel: { count: 1000, windowMs: 1000 } },
};

/** The published limits, with each platform's global budget as configured. */
export function limitsFor(budget: { discordRequestsPerSecond: number; slackRequestsPerSecond: number }): Record<string, PlatformLimits> {
  return {
    ...DEFAULT_LIMITS,
    discord: { ...DEFAULT_LIMITS.discord!, global: { count: budget.discordRequestsPerSecond, windowMs: 1000 } },
    slack: { ...DEFAULT_LIMITS.slack!, global: { count: budget.slackRequestsPerSecond, windowMs: 1000 } },
  };
}

/**
 * A token bucket sized so that no window of `windowMs` ever holds more than `count` requests, as the platforms
 * count them: a small burst, refilled at the rest of the budget (a full-size burst plus a full refill would
 * let twice the limit through in the first window).
 */
class Bucket {
  private readonly capacity: number;
  private readonly perMs: number;
  private tokens: number;
  private updatedAt: number;

  constructor(limit: Limit, now: number) {
    // 5% under the limit: requests reach the platform with some jitter, and each refusal costs a global pause.
    const budget = limit.count * 0.95;
    this.capacity = Math.max(1, Math.floor(limit.count / 50));
    this.perMs = (budget > this.capacity ? budget - this.capacity : limit.count) / limit.windowMs;
    this.tokens = this.capacity;
    this.updatedAt = now;
  }

  /** Milliseconds until a token is free (0: take it now). */
  wait(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.perMs);
    this.updatedAt = now;
  }
}

export class RateLimiter {
  private readonly globals = new Map<string, Bucket>();
  private readonly channels = new Map<string, Bucket>();

  constructor(private readonly limits: Record<string, PlatformLimits> = DEFAULT_LIMITS, private readonly clock: () => number = () => performance.now()) {}

  /** Resolves when both the platform's and the channel's buckets allow one more request, and takes it. */
  async acquire(platform: string, channelRef: string): Promise<void> {
    const limits = this.limits[platform] ?? DEFAULT_LIMITS.console!;
    const global = this.bucket(this.globals, platform, limits.global);
    const channel = this.bucket(this.channels, channelRef, limits.perChannel);
    for (;;) {
      const now = this.clock();
      const wait = Math.max(global.wait(now), channel.wait(now));
      if (wait === 0) {
        global.take(now);
        channel.take(now);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private bucket(map: Map<string, Bucket>, key: string, limit: Limit): Bucket {
    let bucket = map.get(key);
    if (!bucket) {
      bucket = new Bucket(limit, this.clock());
      map.set(key, bucket);
    }
    return bucket;
  }
}
