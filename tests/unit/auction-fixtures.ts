import { advanceLifecycle, initialState, placeBid, type BidOutcome } from "../../worker/auction/rules";
import type { AuctionState, AuctionTerms, BidAttempt } from "../../worker/auction/types";

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

/** Applies attempts in order at increasing times, failing the test on any rejection. */
export function run(terms: AuctionTerms, attempts: BidAttempt[], state = liveState(terms), at = terms.startsAt + MINUTE) {
  let current = state;
  const outcomes: BidOutcome[] = [];
  attempts.forEach((next, index) => {
    const outcome = placeBid(terms, current, next, at + index);
    if (!outcome.ok) throw new Error(`attempt ${index} rejected: ${outcome.code} ${outcome.message}`);
    outcomes.push(outcome);
    current = outcome.state;
  });
  return { state: current, outcomes };
}
