/**
 * A token bucket: up to `burst` actions at once, refilled at `perSecond`.
 * Pure (the caller keeps the bucket and passes the clock), so a room can keep
 * one per socket and tests can move time.
 */
export interface BucketRule {
  burst: number;
  perSecond: number;
}

export interface TokenBucket {
  tokens: number;
  at: number;
}

export function fullBucket(rule: BucketRule, now: number): TokenBucket {
  return { tokens: rule.burst, at: now };
}

/** Takes one token if there is one; returns whether the action may go ahead and the bucket after it. */
export function takeToken(bucket: TokenBucket, rule: BucketRule, now: number): { allowed: boolean; bucket: TokenBucket } {
  const refilled = Math.min(rule.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rule.perSecond);
  if (refilled < 1) return { allowed: false, bucket: { tokens: refilled, at: now } };
  return { allowed: true, bucket: { tokens: refilled - 1, at: now } };
}
