import { describe, expect, it } from "vitest";
import {
  advanceLifecycle,
  awardBid,
  cancelAuction,
  extendForSoftClose,
  incrementAt,
  initialState,
  leaderboard,
  minimumNextBid,
  nextAlarmAt,
  placeBid,
  settleAuction,
} from "../../worker/auction/rules";
import { HOUR, MINUTE, START, attempt, details, forwardTerms, liveState, reverseTerms, run } from "./auction-fixtures";

describe("increments", () => {
  const table = { kind: "table" as const, bands: [{ from: 0, increment: 50 }, { from: 10_000, increment: 250 }, { from: 100_000, increment: 1000 }] };

  it("uses the band that contains the current price, edges included", () => {
    expect(incrementAt(table, 0)).toBe(50);
    expect(incrementAt(table, 9_999)).toBe(50);
    expect(incrementAt(table, 10_000)).toBe(250);
    expect(incrementAt(table, 99_999)).toBe(250);
    expect(incrementAt(table, 100_000)).toBe(1000);
    expect(incrementAt({ kind: "fixed", amount: 75 }, 123_456)).toBe(75);
  });

  it("asks for the starting price first, then price + increment", () => {
    const terms = forwardTerms({ increment: table });
    const state = liveState(terms);
    expect(minimumNextBid(terms, state)).toBe(1000);
    const { state: after } = run(terms, [attempt("a", 9_990)]);
    expect(after.currentPrice).toBe(1000);
    expect(minimumNextBid(terms, after)).toBe(1050);
    expect(minimumNextBid(terms, { ...after, currentPrice: 10_000 })).toBe(10_250);
  });
});

describe("proxy bidding (eBay semantics)", () => {
  it("follows a ladder: the leader pays one increment over the runner-up, capped at their maximum", () => {
    const terms = forwardTerms({ startingPrice: 1000, increment: { kind: "fixed", amount: 50 } });
    const { state, outcomes } = run(terms, [
      attempt("a", 1000, { maxAmount: 1500 }), // a leads at the start price
      attempt("b", 1200), // b's max 1200 < a's 1500: a answers at 1250
      attempt("b", 1500), // equal maxima: a set it earlier, a leads at 1500
      attempt("c", 1550, { maxAmount: 2000 }), // c beats a: pays 1500 + 50
    ]);
    expect(outcomes.map((outcome) => outcome.ok && outcome.accepted.map((bid) => [bid.bidderId, bid.amount, bid.kind]))).toEqual([
      [["a", 1000, "bid"]],
      [["b", 1200, "bid"], ["a", 1250, "proxy"]],
      [["b", 1500, "bid"], ["a", 1500, "proxy"]],
      [["c", 1550, "bid"]],
    ]);
    expect(state.leaderId).toBe("c");
    expect(state.currentPrice).toBe(1550);
    expect(state.seq).toBe(6);
  });

  it("caps the price at the new leader's own maximum", () => {
    const terms = forwardTerms();
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 1980 }), attempt("b", 1050, { maxAmount: 2000 })]);
    expect(state.leaderId).toBe("b");
    expect(state.currentPrice).toBe(2000);
  });

  it("lets the leader raise a hidden maximum without raising the price", () => {
    const terms = forwardTerms();
    const { state, outcomes } = run(terms, [attempt("a", 1000), attempt("b", 1100), attempt("a", 1200, { maxAmount: 5000 })]);
    expect(state.leaderId).toBe("a");
    expect(outcomes[2]!.ok && outcomes[2]!.accepted.map((bid) => [bid.kind, bid.amount])).toEqual([["bid", 1150]]);
    const raised = placeBid(terms, state, attempt("a", 1300, { maxAmount: 9000 }), START + 2 * MINUTE);
    expect(raised.ok && raised.accepted.map((bid) => bid.kind)).toEqual(["raise"]);
    expect(raised.ok && raised.state.currentPrice).toBe(state.currentPrice);
  });

  it("refuses a leader who bids again without a higher maximum", () => {
    const terms = forwardTerms();
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 3000 })]);
    const outcome = placeBid(terms, state, attempt("a", 1050), START + 2 * MINUTE);
    expect(outcome).toMatchObject({ ok: false, code: "ALREADY_LEADING" });
  });

  it("jumps to the reserve when a maximum reaches it, and reports reserve met", () => {
    const terms = forwardTerms({ reservePrice: 5000 });
    const { state: below } = run(terms, [attempt("a", 1000, { maxAmount: 4000 })]);
    expect(below.currentPrice).toBe(1000);
    expect(settleAuction(terms, { ...below, status: "ended" })).toEqual({ winnerId: null, finalPrice: null, bidCount: 1, reserveMet: false });
    const { state: met } = run(terms, [attempt("a", 1000, { maxAmount: 6000 })]);
    expect(met.currentPrice).toBe(5000);
    expect(settleAuction(terms, { ...met, status: "ended" })).toEqual({ winnerId: "a", finalPrice: 5000, bidCount: 1, reserveMet: true });
  });
});

describe("bid rules", () => {
  const terms = forwardTerms({ bidCapPerBidder: 2 });
  const live = liveState(terms);
  const during = START + MINUTE;

  it.each([
    ["BID_TOO_LOW", attempt("a", 999)],
    ["SELF_BIDDING", attempt("seller", 5000)],
    ["INVALID_AMOUNT", attempt("a", 0)],
    ["INVALID_AMOUNT", attempt("a", -5)],
    ["INVALID_AMOUNT", attempt("a", 10.5)],
    ["INVALID_AMOUNT", attempt("a", Number.NaN)],
    ["INVALID_AMOUNT", attempt("a", 1e308)],
    ["INVALID_AMOUNT", attempt("a", 2000, { maxAmount: 1500 })],
  ] as const)("refuses with %s", (code, bid) => {
    expect(placeBid(terms, live, bid, during)).toMatchObject({ ok: false, code });
  });

  it("refuses bids before the start and after the end, deciding at the millisecond", () => {
    const scheduled = initialState(terms);
    expect(placeBid(terms, scheduled, attempt("a", 1000), START - 1)).toMatchObject({ code: "AUCTION_NOT_STARTED" });
    expect(placeBid(terms, live, attempt("a", 1000), terms.endsAt - 1).ok).toBe(true);
    expect(placeBid(terms, live, attempt("a", 1000), terms.endsAt)).toMatchObject({ code: "AUCTION_ENDED" });
    expect(placeBid(terms, { ...live, status: "cancelled" }, attempt("a", 1000), during)).toMatchObject({ code: "AUCTION_CANCELLED" });
  });

  it("enforces the per-bidder cap", () => {
    const { state } = run(terms, [attempt("a", 1000), attempt("b", 1050), attempt("a", 1100)]);
    expect(placeBid(terms, { ...state, leaderId: "b" }, attempt("a", 5000), during)).toMatchObject({ code: "BID_CAP_REACHED" });
  });

  it("never mutates the state it is given", () => {
    const frozen = structuredClone(live);
    placeBid(terms, live, attempt("a", 1000, { maxAmount: 2000 }), during);
    expect(live).toEqual(frozen);
  });
});

describe("buy it now", () => {
  const terms = forwardTerms({ buyNowPrice: 20_000 });

  it("ends the auction at the buy-it-now price while no bid has reached it", () => {
    const { state } = run(terms, [attempt("a", 1000)]);
    const outcome = placeBid(terms, state, attempt("b", 25_000), START + 2 * MINUTE);
    expect(outcome.ok && outcome.accepted).toEqual([expect.objectContaining({ bidderId: "b", amount: 20_000, kind: "buy_now" })]);
    expect(outcome.ok && outcome.state).toMatchObject({ status: "ended", leaderId: "b", currentPrice: 20_000 });
  });

  it("is gone once any bid, hidden maximum included, reached its price", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 30_000 }), attempt("b", 19_000)]);
    expect(state.currentPrice).toBe(19_050);
    const outcome = placeBid(terms, state, attempt("b", 20_000), START + 2 * MINUTE);
    expect(outcome.ok && outcome.accepted.map((bid) => [bid.kind, bid.amount])).toEqual([["bid", 20_000], ["proxy", 20_050]]);
    expect(outcome.ok && outcome.state.status).toBe("live");
  });
});

describe("soft close", () => {
  it("extends the end to now + window for a late bid, never past the hard close", () => {
    const terms = forwardTerms({ softCloseMs: 2 * MINUTE, hardCloseAt: START + HOUR + 3 * MINUTE });
    const end = terms.endsAt;
    expect(extendForSoftClose(terms, end, end - 3 * MINUTE)).toBe(end);
    expect(extendForSoftClose(terms, end, end - MINUTE)).toBe(end + MINUTE);
    expect(extendForSoftClose(terms, end + 2 * MINUTE, end + 2 * MINUTE - 1)).toBe(end + 3 * MINUTE);
    expect(extendForSoftClose(forwardTerms({ softCloseMs: 0 }), end, end - 1)).toBe(end);
  });

  it("moves endsAt on the accepted bid and on what the bidders see", () => {
    const terms = forwardTerms();
    const outcome = placeBid(terms, liveState(terms), attempt("a", 1000), terms.endsAt - 30_000);
    expect(outcome.ok && outcome.state.endsAt).toBe(terms.endsAt + 90_000);
    expect(outcome.ok && outcome.accepted[0]!.endsAt).toBe(terms.endsAt + 90_000);
  });
});

describe("lifecycle", () => {
  const terms = forwardTerms();

  it("goes scheduled → live → ended at the exact times, idempotently and when late", () => {
    const scheduled = initialState(terms);
    expect(advanceLifecycle(terms, scheduled, START - 1)).toBe(scheduled);
    const live = advanceLifecycle(terms, scheduled, START);
    expect(live.status).toBe("live");
    expect(advanceLifecycle(terms, live, START)).toBe(live);
    expect(advanceLifecycle(terms, scheduled, terms.endsAt + HOUR).status).toBe("ended");
    const ended = advanceLifecycle(terms, live, terms.endsAt);
    expect(advanceLifecycle(terms, ended, terms.endsAt + 5)).toBe(ended);
  });

  it("schedules the next alarm for the next transition only", () => {
    const scheduled = initialState(terms);
    expect(nextAlarmAt(terms, scheduled)).toBe(START);
    expect(nextAlarmAt(terms, liveState(terms))).toBe(terms.endsAt);
    expect(nextAlarmAt(terms, { ...scheduled, status: "ended" })).toBeNull();
  });

  it("lets sellers cancel only before the first bid, admins any time before the end", () => {
    const { state } = run(terms, [attempt("a", 1000)]);
    expect(cancelAuction(liveState(terms), false)).toMatchObject({ ok: true, state: { status: "cancelled" } });
    expect(cancelAuction(state, false).ok).toBe(false);
    expect(cancelAuction(state, true).ok).toBe(true);
    expect(cancelAuction({ ...state, status: "ended" }, true).ok).toBe(false);
  });
});

describe("reverse auctions", () => {
  const terms = reverseTerms({ startingPrice: 50_000, increment: { kind: "fixed", amount: 100 } });

  it("takes offers at or under the budget, each undercutting the lowest by an increment", () => {
    const { state } = run(terms, [
      attempt("p1", 50_000, { details }),
      attempt("p2", 45_000, { details }),
      attempt("p1", 44_900, { details }),
    ]);
    expect(state).toMatchObject({ leaderId: "p1", currentPrice: 44_900, bidCount: 3 });
    expect(placeBid(terms, state, attempt("p2", 44_850, { details }), START + 2 * MINUTE)).toMatchObject({ code: "BID_TOO_HIGH" });
    expect(placeBid(terms, liveState(terms), attempt("p2", 50_001, { details }), START + MINUTE)).toMatchObject({ code: "BID_TOO_HIGH" });
  });

  it("needs the work described and takes no maximum", () => {
    const live = liveState(terms);
    expect(placeBid(terms, live, attempt("p1", 40_000), START + MINUTE)).toMatchObject({ code: "DETAILS_REQUIRED" });
    expect(placeBid(terms, live, attempt("p1", 40_000, { details, maxAmount: 45_000 }), START + MINUTE)).toMatchObject({ code: "INVALID_AMOUNT" });
    expect(placeBid(terms, live, attempt("seller", 40_000, { details }), START + MINUTE)).toMatchObject({ code: "SELF_BIDDING" });
  });

  it("ranks the lowest offer first and is awarded to any offer, before or after the deadline", () => {
    const { state, outcomes } = run(terms, [attempt("p1", 48_000, { details }), attempt("p2", 40_000, { details })]);
    expect(leaderboard(terms, state).map((row) => [row.alias, row.amount, row.leading])).toEqual([
      ["alias-p2", 40_000, true],
      ["alias-p1", 48_000, false],
    ]);
    const first = outcomes[0]!.ok ? outcomes[0]!.accepted[0] : undefined;
    const award = awardBid(terms, state, first);
    expect(award).toMatchObject({ ok: true, state: { status: "awarded", awardedSeq: 1 } });
    expect(award.ok && settleAuction(terms, award.state, award.bid)).toEqual({ winnerId: "p1", finalPrice: 48_000, bidCount: 2, reserveMet: true });
    const afterDeadline = awardBid(terms, { ...state, status: "ended" }, first);
    expect(afterDeadline.ok).toBe(true);
    expect(awardBid(terms, { ...state, status: "cancelled" }, first).ok).toBe(false);
    expect(awardBid(terms, state, undefined).ok).toBe(false);
    expect(awardBid(forwardTerms(), state, first).ok).toBe(false);
  });
});

describe("leaderboard", () => {
  it("shows each bidder's best visible amount, never a hidden maximum", () => {
    const terms = forwardTerms();
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 9000 }), attempt("b", 1500)]);
    const rows = leaderboard(terms, state);
    expect(rows).toEqual([
      { alias: "alias-a", amount: 1550, leading: true },
      { alias: "alias-b", amount: 1500, leading: false },
    ]);
    expect(JSON.stringify(rows)).not.toContain("9000");
  });
});
