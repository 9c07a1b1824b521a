import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IncrementRule, Money, PlaceBidRequest } from "../../schema/api/auctions";
import { maximumNextOffer, minimumNextBid, placeBid } from "../../worker/auction/rules";
import type { AuctionState, AuctionTerms } from "../../worker/auction/types";
import { details, forwardTerms, liveState, MINUTE, reverseTerms } from "./auction-fixtures";

/** Every amount the shared schema accepts, from 1 to its upper bound. */
const MAX_ACCEPTED = Money.maxValue ?? Number.POSITIVE_INFINITY;
const anyAmount = fc.oneof(
  fc.integer({ min: 1, max: Math.min(MAX_ACCEPTED, Number.MAX_SAFE_INTEGER) }),
  fc.integer({ min: Math.max(1, Math.min(MAX_ACCEPTED, Number.MAX_SAFE_INTEGER) - 1000), max: Math.min(MAX_ACCEPTED, Number.MAX_SAFE_INTEGER) }),
);

const incrementRule: fc.Arbitrary<IncrementRule> = fc.oneof(
  fc.record({ kind: fc.constant("fixed" as const), amount: anyAmount }),
  fc.tuple(anyAmount, anyAmount, anyAmount).map(([edge, low, high]) => ({ kind: "table" as const, bands: [{ from: 0, increment: low }, { from: edge, increment: high }] })),
);

function expectSafe(terms: AuctionTerms, state: AuctionState): void {
  const numbers = [state.currentPrice ?? 0, minimumNextBid(terms, state), maximumNextOffer(terms, state), ...Object.values(state.standings).map((standing) => standing.limit)];
  for (const value of numbers) expect(Number.isSafeInteger(value), `${value} is not a safe integer`).toBe(true);
}

describe("amount bounds", () => {
  it("caps amounts and maxima at 10^12 minor units in the shared schema", () => {
    expect(Money.parse(1_000_000_000_000)).toBe(1_000_000_000_000);
    expect(Money.safeParse(1_000_000_000_001).success).toBe(false);
    expect(PlaceBidRequest.safeParse({ amount: 1000, maxAmount: Number.MAX_SAFE_INTEGER }).success).toBe(false);
    expect(IncrementRule.safeParse({ kind: "table", bands: [{ from: 0, increment: 1 }, { from: Number.MAX_SAFE_INTEGER, increment: 1 }] }).success).toBe(false);
  });

  it("keeps every price, minimum and maximum a safe integer over the whole accepted range", () => {
    fc.assert(
      fc.property(
        anyAmount,
        incrementRule,
        fc.array(fc.record({ bidder: fc.constantFrom("a", "b", "c"), amount: anyAmount, max: fc.option(anyAmount, { nil: undefined }) }), { maxLength: 8 }),
        (startingPrice, increment, bids) => {
          const terms = forwardTerms({ startingPrice, increment });
          let state = liveState(terms);
          bids.forEach((bid, index) => {
            const maxAmount = bid.max === undefined ? undefined : Math.max(bid.amount, bid.max);
            const outcome = placeBid(terms, state, { bidderId: bid.bidder, alias: bid.bidder, amount: bid.amount, maxAmount }, terms.startsAt + index * MINUTE);
            if (outcome.ok) {
              for (const accepted of outcome.accepted) expect(Number.isSafeInteger(accepted.amount)).toBe(true);
              state = outcome.state;
            }
            expectSafe(terms, state);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("keeps reverse offers safe integers over the whole accepted range", () => {
    fc.assert(
      fc.property(anyAmount, incrementRule, fc.array(fc.tuple(fc.constantFrom("a", "b"), anyAmount), { maxLength: 8 }), (budget, increment, offers) => {
        const terms = reverseTerms({ startingPrice: budget, increment });
        let state = liveState(terms);
        offers.forEach(([bidder, amount], index) => {
          const outcome = placeBid(terms, state, { bidderId: bidder, alias: bidder, amount, details }, terms.startsAt + index * MINUTE);
          if (outcome.ok) state = outcome.state;
          expectSafe(terms, state);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("refuses an amount or maximum above the bound even if it reaches the rules around the schema", () => {
    const terms = forwardTerms();
    const state = liveState(terms);
    const over = (Money.maxValue ?? 0) + 1;
    expect(placeBid(terms, state, { bidderId: "a", alias: "a", amount: over }, terms.startsAt + MINUTE)).toMatchObject({ ok: false, code: "INVALID_AMOUNT" });
    expect(placeBid(terms, state, { bidderId: "a", alias: "a", amount: 1000, maxAmount: over }, terms.startsAt + MINUTE)).toMatchObject({ ok: false, code: "INVALID_AMOUNT" });
  });
});
