import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extendForSoftClose, incrementAt, placeBid } from "../../worker/auction/rules";
import type { AuctionState, AuctionTerms, BidAttempt } from "../../worker/auction/types";
import { HOUR, MINUTE, START, details, forwardTerms, liveState, reverseTerms } from "./auction-fixtures";

const bidders = ["seller", "a", "b", "c", "d"];

const incrementRule = fc.oneof(
  fc.record({ kind: fc.constant("fixed" as const), amount: fc.integer({ min: 1, max: 500 }) }),
  fc
    .uniqueArray(fc.integer({ min: 1, max: 50_000 }), { maxLength: 4 })
    .chain((edges) =>
      fc.array(fc.integer({ min: 1, max: 500 }), { minLength: edges.length + 1, maxLength: edges.length + 1 }).map((increments) => ({
        kind: "table" as const,
        bands: [0, ...edges.sort((x, y) => x - y)].map((from, index) => ({ from, increment: increments[index]! })),
      })),
    ),
);

const forwardTermsArb = fc
  .record({
    startingPrice: fc.integer({ min: 1, max: 5000 }),
    increment: incrementRule,
    reservePrice: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: null }),
    buyNowPrice: fc.option(fc.integer({ min: 1, max: 40_000 }), { nil: null }),
    bidCapPerBidder: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    softCloseMs: fc.constantFrom(0, MINUTE, 2 * MINUTE),
    hardCloseAt: fc.option(fc.integer({ min: START + HOUR, max: START + HOUR + 10 * MINUTE }), { nil: null }),
  })
  .map((overrides) => forwardTerms(overrides));

const attemptArb = fc.record({
  bidderId: fc.constantFrom(...bidders),
  amount: fc.integer({ min: 1, max: 30_000 }),
  extra: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
  at: fc.integer({ min: START, max: START + HOUR + 15 * MINUTE }),
});

type Step = { attempt: BidAttempt; at: number };

function toSteps(raw: Array<{ bidderId: string; amount: number; extra: number | undefined; at: number }>, reverse = false): Step[] {
  return raw
    .sort((x, y) => x.at - y.at)
    .map(({ bidderId, amount, extra, at }) => ({
      at,
      attempt: {
        bidderId,
        alias: bidderId,
        amount,
        ...(reverse ? { details } : extra === undefined ? {} : { maxAmount: amount + extra }),
      },
    }));
}

/** Runs every step, asserting the invariants after each one. */
function replay(terms: AuctionTerms, steps: Step[], check: (before: AuctionState, after: AuctionState, accepted: number) => void) {
  let state = liveState(terms);
  let expectedSeq = 0;
  for (const { attempt, at } of steps) {
    const snapshot = structuredClone(state);
    const outcome = placeBid(terms, state, attempt, at);
    expect(state).toEqual(snapshot);
    if (!outcome.ok) continue;
    for (const bid of outcome.accepted) expect(bid.seq).toBe(++expectedSeq);
    check(state, outcome.state, outcome.accepted.length);
    state = outcome.state;
  }
  return state;
}

describe("forward auction invariants", () => {
  it("hold for any sequence of bids", () => {
    fc.assert(
      fc.property(forwardTermsArb, fc.array(attemptArb, { maxLength: 40 }), (terms, raw) => {
        replay(terms, toSteps(raw), (before, after) => {
          expect(after.seq).toBeGreaterThan(before.seq);
          expect(after.currentPrice!).toBeGreaterThanOrEqual(before.currentPrice ?? 0);
          // Only buy-it-now ends an auction early, at the moment of purchase.
          if (after.status === "live") expect(after.endsAt).toBeGreaterThanOrEqual(before.endsAt);
          if (terms.hardCloseAt !== null && after.status === "live") {
            expect(after.endsAt).toBeLessThanOrEqual(Math.max(terms.endsAt, terms.hardCloseAt));
          }
          expect(after.leaderId).not.toBe(terms.sellerId);
          const standings = Object.values(after.standings);
          const leader = after.standings[after.leaderId!]!;
          for (const other of standings) expect(leader.limit).toBeGreaterThanOrEqual(other.limit);
          expect(after.currentPrice!).toBeLessThanOrEqual(leader.limit);
          const runnerUp = standings.filter((standing) => standing.bidderId !== leader.bidderId).sort((x, y) => y.limit - x.limit)[0];
          if (runnerUp && after.status === "live") {
            expect(after.currentPrice!).toBeGreaterThanOrEqual(runnerUp.limit);
            expect(after.currentPrice!).toBeLessThanOrEqual(runnerUp.limit + incrementAt(terms.increment, runnerUp.limit) + (terms.reservePrice ?? 0));
          }
          if (terms.bidCapPerBidder !== null) {
            for (const standing of standings) expect(standing.bidCount).toBeLessThanOrEqual(terms.bidCapPerBidder);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("reverse auction invariants", () => {
  it("the price only goes down and the lowest offer leads", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 50_000 }), incrementRule, fc.array(attemptArb, { maxLength: 40 }), (budget, increment, raw) => {
        const terms = reverseTerms({ startingPrice: budget, increment });
        replay(terms, toSteps(raw, true), (before, after, accepted) => {
          expect(accepted).toBe(1);
          expect(after.currentPrice!).toBeLessThanOrEqual(before.currentPrice ?? budget);
          const lowest = Math.min(...Object.values(after.standings).map((standing) => standing.limit));
          expect(after.currentPrice).toBe(lowest);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("soft close", () => {
  it("never shortens an auction and never passes the hard close", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * MINUTE }),
        fc.option(fc.integer({ min: 0, max: 20 * MINUTE }), { nil: null }),
        fc.integer({ min: 0, max: 20 * MINUTE }),
        (softCloseMs, hardOffset, remaining) => {
          const endsAt = START + HOUR;
          const terms = forwardTerms({ softCloseMs, hardCloseAt: hardOffset === null ? null : endsAt + hardOffset });
          const now = endsAt - remaining;
          const extended = extendForSoftClose(terms, endsAt, now);
          expect(extended).toBeGreaterThanOrEqual(endsAt);
          if (terms.hardCloseAt !== null) expect(extended).toBeLessThanOrEqual(Math.max(endsAt, terms.hardCloseAt));
          if (softCloseMs > 0 && remaining <= softCloseMs && terms.hardCloseAt === null) expect(extended).toBe(now + softCloseMs);
        },
      ),
    );
  });
});
