import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IncrementRule } from "../../schema/api/auctions";
import { incrementAt } from "../../schema/prices";
import {
  advanceLifecycle,
  extendForSoftClose,
  initialState,
  isReserveMet,
  leaderboard,
  maximumNextOffer,
  minimumNextBid,
  nextAlarmAt,
  placeBid,
} from "../../worker/auction/rules";
import type { AcceptedBid, AuctionState, AuctionTerms, BidAttempt } from "../../worker/auction/types";
import { HOUR, MINUTE, START, deepFreeze, details, forwardTerms, liveState, reverseTerms } from "./auction-fixtures";

const END = START + HOUR;
const bidders = ["seller", "a", "b", "c", "d"];

/** Fixed amounts and tables, including tables whose increments shrink at a band edge. */
const incrementRule: fc.Arbitrary<IncrementRule> = fc.oneof(
  fc.record({ kind: fc.constant("fixed" as const), amount: fc.integer({ min: 1, max: 500 }) }),
  fc.uniqueArray(fc.integer({ min: 1, max: 50_000 }), { maxLength: 4 }).chain((edges) =>
    fc.array(fc.integer({ min: 1, max: 500 }), { minLength: edges.length + 1, maxLength: edges.length + 1 }).map((increments) => ({
      kind: "table" as const,
      bands: [0, ...edges.sort((x, y) => x - y)].map((from, index) => ({ from, increment: increments[index] ?? 1 })),
    })),
  ),
);

/** Terms the CreateAuctionRequest schema accepts: reserve >= start, buy-it-now above both, hard close not before the end. */
const forwardTermsArb = fc
  .record({
    startingPrice: fc.integer({ min: 1, max: 5000 }),
    increment: incrementRule,
    reserveAbove: fc.option(fc.integer({ min: 0, max: 15_000 }), { nil: null }),
    buyNowAbove: fc.option(fc.integer({ min: 1, max: 25_000 }), { nil: null }),
    bidCapPerBidder: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
    softCloseMs: fc.constantFrom(0, MINUTE, 2 * MINUTE),
    hardCloseAt: fc.option(fc.integer({ min: END, max: END + 10 * MINUTE }), { nil: null }),
  })
  .map(({ reserveAbove, buyNowAbove, ...rest }) => {
    const reservePrice = reserveAbove === null ? null : rest.startingPrice + reserveAbove;
    const buyNowPrice = buyNowAbove === null ? null : Math.max(rest.startingPrice, reservePrice ?? 0) + buyNowAbove;
    return forwardTerms({ ...rest, reservePrice, buyNowPrice });
  });

/**
 * Bid amounts are mostly relative to the minimum at the time of the bid (so
 * most attempts are plausible and the ladder climbs), sometimes absolute, and
 * sometimes a maximum equal to the leader's, to exercise ties. Times cluster
 * inside the auction and around its end.
 */
const stepArb = fc.record({
  bidderId: fc.constantFrom(...bidders),
  amount: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -100, max: 2_000 }).map((delta) => ({ delta })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 40_000 }).map((absolute) => ({ absolute })) },
    { weight: 1, arbitrary: fc.constant({ matchLeader: true }) },
  ),
  extra: fc.option(fc.integer({ min: 0, max: 8_000 }), { nil: undefined }),
  at: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: START, max: END - 3 * MINUTE }) },
    { weight: 2, arbitrary: fc.integer({ min: END - 3 * MINUTE, max: END + 3 * MINUTE }) },
    { weight: 1, arbitrary: fc.integer({ min: START - MINUTE, max: END + 15 * MINUTE }) },
  ),
});
type StepValue = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function toAttempt(terms: AuctionTerms, state: AuctionState, step: StepValue): BidAttempt {
  const base = terms.format === "forward" ? minimumNextBid(terms, state) : maximumNextOffer(terms, state);
  const who = { bidderId: step.bidderId, alias: step.bidderId };
  if (terms.format === "reverse") {
    const amount = "absolute" in step.amount ? step.amount.absolute : "delta" in step.amount ? base - step.amount.delta : base;
    return { ...who, amount, details };
  }
  if ("matchLeader" in step.amount) {
    const leaderLimit = state.leaderId === null ? base : (state.standings[state.leaderId]?.limit ?? base);
    return { ...who, amount: base, maxAmount: Math.max(base, leaderLimit) };
  }
  const amount = "absolute" in step.amount ? step.amount.absolute : base + step.amount.delta;
  return { ...who, amount, ...(step.extra === undefined ? {} : { maxAmount: amount + step.extra }) };
}

interface Transition {
  before: AuctionState;
  after: AuctionState;
  accepted: AcceptedBid[];
  at: number;
  log: AcceptedBid[];
}

/**
 * Replays the steps in time order on deep-frozen inputs (so any mutation
 * throws), checks what holds for every outcome, and hands each accepted
 * transition to `check`.
 */
function replay(terms: AuctionTerms, steps: StepValue[], check: (transition: Transition) => void): void {
  let state = deepFreeze(liveState(terms));
  const log: AcceptedBid[] = [];
  deepFreeze(terms);
  for (const step of [...steps].sort((x, y) => x.at - y.at)) {
    const attempt = deepFreeze(toAttempt(terms, state, step));
    const outcome = placeBid(terms, state, attempt, step.at);
    expect(placeBid(terms, state, attempt, step.at)).toEqual(outcome);
    if (!outcome.ok) continue;
    expect(outcome.accepted.map((bid) => bid.seq)).toEqual(outcome.accepted.map((_, index) => state.seq + 1 + index));
    expect(outcome.state.seq).toBe(state.seq + outcome.accepted.length);
    expect(outcome.state.bidCount).toBe(outcome.state.seq);
    expect(outcome.accepted.every((bid) => bid.at === step.at && bid.endsAt === outcome.state.endsAt)).toBe(true);
    log.push(...outcome.accepted);
    check({ before: state, after: outcome.state, accepted: outcome.accepted, at: step.at, log });
    state = deepFreeze(outcome.state);
  }
}

function checkSoftClose(terms: AuctionTerms, { before, after, at }: Transition): void {
  expect(at).toBeLessThan(before.endsAt);
  if (after.status !== "live") return;
  expect(after.endsAt).toBeGreaterThanOrEqual(before.endsAt);
  expect(after.endsAt).toBeLessThanOrEqual(Math.max(terms.endsAt, terms.hardCloseAt ?? Number.POSITIVE_INFINITY));
  if (terms.softCloseMs > 0 && before.endsAt - at <= terms.softCloseMs) {
    expect(after.endsAt).toBe(Math.max(before.endsAt, Math.min(at + terms.softCloseMs, terms.hardCloseAt ?? Number.POSITIVE_INFINITY)));
  } else {
    expect(after.endsAt).toBe(before.endsAt);
  }
}

function checkLeaderboard(terms: AuctionTerms, state: AuctionState, log: AcceptedBid[]): void {
  const board = leaderboard(terms, state, bidders.length);
  const amounts = board.map((row) => row.amount);
  const sorted = [...amounts].sort((x, y) => (terms.format === "forward" ? y - x : x - y));
  expect(amounts).toEqual(sorted);
  expect(board[0]?.leading).toBe(true);
  for (const row of board) {
    // Only amounts the log has shown for that bidder, so never a hidden maximum.
    const shown = log.filter((bid) => bid.alias === row.alias).map((bid) => bid.amount);
    expect(row.amount).toBe(terms.format === "forward" ? Math.max(...shown) : Math.min(...shown));
  }
}

describe("forward auction invariants", () => {
  it("hold for any sequence of attempts by any bidders, the seller included", () => {
    fc.assert(
      fc.property(forwardTermsArb, fc.array(stepArb, { maxLength: 40 }), (terms, steps) => {
        replay(terms, steps, (transition) => {
          const { before, after, accepted, log } = transition;
          expect(after.currentPrice).not.toBeNull();
          const price = after.currentPrice ?? 0;
          expect(price).toBeGreaterThanOrEqual(before.currentPrice ?? 0);
          expect(accepted.map((bid) => bid.amount)).toEqual(accepted.map((bid) => bid.amount).sort((x, y) => x - y));
          expect(after.leaderId).not.toBe(terms.sellerId);
          // The last entry always shows the outcome: who leads, at what price.
          expect(accepted.at(-1)).toMatchObject({ bidderId: after.leaderId, amount: price });

          const buyNow = accepted.some((bid) => bid.kind === "buy_now");
          expect(after.status).toBe(buyNow ? "ended" : "live");
          if (buyNow) {
            expect(price).toBe(terms.buyNowPrice);
            expect(after.endsAt).toBe(transition.at);
          }
          checkSoftClose(terms, transition);
          if (!buyNow && accepted.at(-1)?.kind !== "raise") expect(price).toBeGreaterThanOrEqual(minimumNextBid(terms, before));

          const standings = Object.values(after.standings);
          const leader = after.leaderId === null ? undefined : after.standings[after.leaderId];
          if (leader === undefined) throw new Error("an accepted bid leaves a leader");
          expect(price).toBeLessThanOrEqual(leader.limit);
          for (const other of standings.filter((standing) => standing !== leader)) {
            expect(leader.limit).toBeGreaterThanOrEqual(other.limit);
            if (other.limit === leader.limit) expect(leader.setAtSeq).toBeLessThan(other.setAtSeq);
          }
          if (terms.bidCapPerBidder !== null) {
            for (const standing of standings) expect(standing.bidCount).toBeLessThanOrEqual(terms.bidCapPerBidder);
          }
          if (!buyNow) {
            expect(isReserveMet(terms, after)).toBe(terms.reservePrice === null || leader.limit >= terms.reservePrice);
            // eBay: at least the runner-up's maximum, and at most one increment above it, unless the
            // starting price, the minimum the last bidder was asked for, or the reserve demand more.
            const runnerUp = standings.filter((standing) => standing !== leader).sort((x, y) => y.limit - x.limit)[0];
            const reserve = terms.reservePrice !== null && leader.limit >= terms.reservePrice ? terms.reservePrice : 0;
            const oneAbove = runnerUp === undefined ? terms.startingPrice : runnerUp.limit + incrementAt(terms.increment, runnerUp.limit);
            expect(price).toBeGreaterThanOrEqual(runnerUp?.limit ?? terms.startingPrice);
            expect(price).toBeLessThanOrEqual(Math.max(oneAbove, minimumNextBid(terms, before), reserve));
          }
          checkLeaderboard(terms, after, log);
        });
      }),
      { numRuns: 250 },
    );
  });
});

describe("reverse auction invariants", () => {
  it("the price only goes down, by at least an increment, and the lowest offer leads", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 50_000 }), incrementRule, fc.array(stepArb, { maxLength: 40 }), (budget, increment, steps) => {
        const terms = reverseTerms({ startingPrice: budget, increment });
        replay(terms, steps, (transition) => {
          const { before, after, accepted, log } = transition;
          expect(accepted).toHaveLength(1);
          expect(accepted[0]?.details).toEqual(details);
          const price = after.currentPrice ?? 0;
          expect(price).toBeLessThanOrEqual(maximumNextOffer(terms, before));
          expect(price).toBe(Math.min(...log.map((bid) => bid.amount)));
          expect(after.leaderId).toBe(accepted[0]?.bidderId);
          expect(after.leaderId).not.toBe(terms.sellerId);
          expect(after.status).toBe("live");
          checkSoftClose(terms, transition);
          checkLeaderboard(terms, after, log);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe("rejected attempts", () => {
  it("never accept a malformed amount or maximum", () => {
    const malformed = fc.oneof(
      fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e308, Number.MAX_SAFE_INTEGER + 1),
      fc.double({ min: -1e6, max: 1e6, noInteger: true }),
    );
    fc.assert(
      fc.property(forwardTermsArb, malformed, fc.boolean(), (terms, bad, asMaximum) => {
        const attempt = asMaximum ? { bidderId: "a", alias: "a", amount: terms.startingPrice, maxAmount: bad } : { bidderId: "a", alias: "a", amount: bad };
        expect(placeBid(terms, deepFreeze(liveState(terms)), deepFreeze(attempt), START + MINUTE)).toMatchObject({ ok: false, code: "INVALID_AMOUNT" });
      }),
    );
  });
});

describe("increments", () => {
  it("apply the band containing the price, from its lower edge to the next band's", () => {
    fc.assert(
      fc.property(incrementRule, fc.nat({ max: 100_000 }), (rule, price) => {
        const increment = incrementAt(rule, price);
        expect(increment).toBeGreaterThan(0);
        const bands = rule.kind === "fixed" ? [{ from: 0, increment: rule.amount }] : rule.bands;
        const containing = bands.filter((band, i) => band.from <= price && price < (bands[i + 1]?.from ?? Number.POSITIVE_INFINITY));
        expect(containing.map((band) => band.increment)).toEqual([increment]);
      }),
    );
  });
});

describe("soft close", () => {
  it("never shortens an auction, never passes the hard close, and otherwise gives the full window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * MINUTE }),
        fc.option(fc.integer({ min: 0, max: 20 * MINUTE }), { nil: null }),
        fc.integer({ min: 1, max: 20 * MINUTE }),
        (softCloseMs, hardOffset, remaining) => {
          const terms = forwardTerms({ softCloseMs, hardCloseAt: hardOffset === null ? null : END + hardOffset });
          const now = END - remaining;
          const extended = extendForSoftClose(terms, END, now);
          expect(extended).toBeGreaterThanOrEqual(END);
          if (terms.hardCloseAt !== null) expect(extended).toBeLessThanOrEqual(terms.hardCloseAt);
          if (softCloseMs === 0 || remaining > softCloseMs) expect(extended).toBe(END);
          else if (terms.hardCloseAt === null) expect(extended).toBe(now + softCloseMs);
        },
      ),
    );
  });
});

describe("lifecycle", () => {
  it("is idempotent, and catching up late lands where on-time alarms would have", () => {
    const times = fc.integer({ min: START - HOUR, max: END + HOUR });
    fc.assert(
      fc.property(fc.array(times, { minLength: 1, maxLength: 5 }), (raw) => {
        const terms = deepFreeze(forwardTerms());
        const ticks = [...raw].sort((x, y) => x - y);
        const last = ticks.at(-1) ?? START;
        const stepwise = ticks.reduce((state, now) => deepFreeze(advanceLifecycle(terms, state, now)), deepFreeze(initialState(terms)));
        const late = advanceLifecycle(terms, initialState(terms), last);
        expect(stepwise).toEqual(late);
        expect(advanceLifecycle(terms, stepwise, last)).toBe(stepwise);
        const wake = nextAlarmAt(terms, stepwise);
        if (wake !== null) expect(wake).toBeGreaterThan(last);
        expect(stepwise.status).toBe(last < START ? "scheduled" : last < END ? "live" : "ended");
      }),
    );
  });
});
