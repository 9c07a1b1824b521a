/** Reconnect delays: exponential from 500 ms, capped at 30 s, with ±50 % jitter so a crowd doesn't reconnect in step. */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = 500, capMs = 30_000): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exponential * (0.5 + random()));
}
