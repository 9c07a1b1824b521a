import type { AuctionFormat, IncrementRule } from "./api/auctions";

/**
 * The price rules both the AuctionRoom and the site apply, kept once here so
 * the bid box never disagrees with the room about the next acceptable amount.
 */

/** What the price rules need to know about an auction. */
export interface PriceTerms {
  format: AuctionFormat;
  /** Forward: the opening minimum. Reverse: the requester's budget ceiling. */
  startingPrice: number;
  increment: IncrementRule;
}

/**
 * The increment that applies at `price`: the fixed amount, or the increment of
 * the band containing the price (a band runs from its `from`, inclusive, to the
 * next band's `from`, exclusive).
 */
export function incrementAt(rule: IncrementRule, price: number): number {
  if (rule.kind === "fixed") return rule.amount;
  const band = rule.bands.findLast((candidate) => candidate.from <= price);
  // The IncrementRule schema makes the first band start at 0, so only a row
  // written around the schema gets here; guessing an increment would let
  // bids through at the wrong minimum.
  if (band === undefined) throw new RangeError(`No increment band contains ${price}: the first band must start at 0`);
  return band.increment;
}

/** Forward: the least a new bid may be. */
export function minimumNextBid(terms: PriceTerms, currentPrice: number | null): number {
  return currentPrice === null ? terms.startingPrice : currentPrice + incrementAt(terms.increment, currentPrice);
}

/** Reverse: the most a new offer may be. */
export function maximumNextOffer(terms: PriceTerms, currentPrice: number | null): number {
  return currentPrice === null ? terms.startingPrice : currentPrice - incrementAt(terms.increment, currentPrice);
}

/** The limit the bid box shows: forward, the least the next bid may be; reverse, the most the next offer may be. */
export function nextBidLimit(terms: PriceTerms, currentPrice: number | null): number {
  return terms.format === "forward" ? minimumNextBid(terms, currentPrice) : maximumNextOffer(terms, currentPrice);
}
