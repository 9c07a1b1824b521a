import { ApiError } from "../lib/errors";

/** The binding's window (wrangler.toml `simple.period`); it reports no reset time of its own. */
const WINDOW_SECONDS = 60;

export interface RateLimitKey {
  limiter: RateLimit;
  key: string;
}

/** Counts the attempt against every key, then refuses if any key is over its limit. */
export async function enforceRateLimit(keys: RateLimitKey[]): Promise<void> {
  const outcomes = await Promise.all(keys.map(({ limiter, key }) => limiter.limit({ key })));
  if (outcomes.some((outcome) => !outcome.success)) {
    throw new ApiError(
      429,
      "RATE_LIMITED",
      "Too many attempts; wait a minute and try again",
      { retryAfterSeconds: WINDOW_SECONDS },
      { "Retry-After": String(WINDOW_SECONDS) },
    );
  }
}
