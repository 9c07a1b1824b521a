import { advanceLifecycle, initialState, placeBid, type BidAcceptance } from "../../worker/auction/rules";
import type { AcceptedBid, AuctionState, AuctionTerms, BidAttempt } from "../../worker/auction/types";

export const START = Date.UTC(2026, 0, 1, 12, 0, 0);
export const HOUR = 60 * 60 * 1000;
export const MINUTE = 60 * 1000;

export function forwardTerms(overrides: Partial<AuctionTerms> = {}): AuctionTerms {
  return {
    id: "auction-1",
    format: "forward",
    currency: "EUR",
    sellerId: "seller",
    startingPrice: 1000,
    increment: { kind: "fixed", amount: 50 },
    reservePrice: null,
    buyNowPrice: null,
    bidCapPerBidder: null,
    softCloseMs: 2 * MINUTE,
    hardCloseAt: null,
    startsAt: START,
    endsAt: START + HOUR,
    ...overrides,
  };
}

export function reverseTerms(overrides: Partial<AuctionTerms> = {}): AuctionTerms {
  return forwardTerms({ format: "reverse", startingPrice: 50_000, increment: { kind: "fixed", amount: 100 }, ...overrides });
}

export function liveState(terms: AuctionTerms): AuctionState {
  return advanceLifecycle(terms, initialState(terms), terms.startsAt);
}

export const details = { description: "Replace the kitchen tap", estimatedDuration: "2 hours" };

export function attempt(bidderId: string, amount: number, extra: Partial<BidAttempt> = {}): BidAttempt {
  return { bidderId, alias: `alias-${bidderId}`, amount, ...extra };
}

/** Freezes a value all the way down, so any mutation by the code under test throws (modules are strict). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}

/** Log entries as compact [bidder, amount, kind] rows, for ladder assertions. */
export function rows(accepted: AcceptedBid[]): Array<[string, number, AcceptedBid["kind"]]> {
  return accepted.map((bid) => [bid.bidderId, bid.amount, bid.kind]);
}

/**
 * Applies attempts in order, one millisecond apart, on frozen inputs; fails
 * the test on any rejection.
 */
export function run(terms: AuctionTerms, attempts: BidAttempt[], state = liveState(terms), at = terms.startsAt + MINUTE) {
  let current = state;
  const outcomes: BidAcceptance[] = [];
  attempts.forEach((next, index) => {
    const outcome = placeBid(deepFreeze(terms), deepFreeze(current), deepFreeze(next), at + index);
    if (!outcome.ok) throw new Error(`attempt ${index} rejected: ${outcome.code} ${outcome.message}`);
    outcomes.push(outcome);
    current = outcome.state;
  });
  return { state: current, outcomes, log: outcomes.flatMap((outcome) => outcome.accepted) };
}
