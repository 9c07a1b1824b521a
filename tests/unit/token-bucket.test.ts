import { describe, expect, it } from "vitest";
import { fullBucket, takeToken, type TokenBucket } from "../../worker/realtime/token-bucket";

describe("token bucket", () => {
  it("allows a burst, then refills at its rate and never above the burst", () => {
    const rule = { burst: 3, perSecond: 2 };
    let bucket: TokenBucket = fullBucket(rule, 0);
    const take = (now: number) => {
      const result = takeToken(bucket, rule, now);
      bucket = result.bucket;
      return result.allowed;
    };
    expect([take(0), take(0), take(0), take(0)]).toEqual([true, true, true, false]);
    expect(take(400)).toBe(false);
    expect(take(500)).toBe(true);
    expect([take(60_000), take(60_000), take(60_000), take(60_000)]).toEqual([true, true, true, false]);
  });
});
