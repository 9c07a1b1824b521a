import type { AuctionFormat, IncrementRule } from "$schema";

/** The increment at `price`, as the room applies it (fixed, or the band the price falls in). */
export function incrementAt(rule: IncrementRule, price: number): number {
  if (rule.kind === "fixed") return rule.amount;
  return rule.bands.findLast((band) => band.from <= price)?.increment ?? rule.bands[0]?.increment ?? 1;
}

/**
 * The room's `nextBidLimit` recomputed after a bid frame (which doesn't carry
 * it): forward, the least the next bid may be; reverse, the most the next
 * offer may be. A refreshed snapshot, when one comes, is the authority.
 */
export function nextBidLimitAfter(format: AuctionFormat, rule: IncrementRule, startingPrice: number, currentPrice: number | null): number {
  if (currentPrice === null) return startingPrice;
  const step = incrementAt(rule, currentPrice);
  return format === "forward" ? currentPrice + step : Math.max(1, currentPrice - step);
}
