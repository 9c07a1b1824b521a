import { describe, expect, it } from "vitest";
import { bidRejectionCodes, type BidRejectionCode } from "../../schema/api/auctions";
import { incrementAt } from "../../schema/prices";
import {
  advanceLifecycle,
  awardBid,
  cancelAuction,
  extendForSoftClose,
  initialState,
  isBuyNowOpen,
  isReserveMet,
  leaderboard,
  maximumNextOffer,
  minimumNextBid,
  nextAlarmAt,
  placeBid,
  settleAuction,
} from "../../worker/auction/rules";
import type { AuctionState, AuctionTerms, BidAttempt } from "../../worker/auction/types";
import { HOUR, MINUTE, START, attempt, deepFreeze, details, forwardTerms, liveState, reverseTerms, rows, run } from "./auction-fixtures";

const DURING = START + 30 * MINUTE;

describe("increments", () => {
  const table = { kind: "table" as const, bands: [{ from: 0, increment: 50 }, { from: 10_000, increment: 250 }, { from: 100_000, increment: 1000 }] };

  it("uses the band that contains the price, its lower edge included", () => {
    expect(incrementAt(table, 0)).toBe(50);
    expect(incrementAt(table, 9_999)).toBe(50);
    expect(incrementAt(table, 10_000)).toBe(250);
    expect(incrementAt(table, 99_999)).toBe(250);
    expect(incrementAt(table, 100_000)).toBe(1000);
    expect(incrementAt(table, Number.MAX_SAFE_INTEGER)).toBe(1000);
    expect(incrementAt({ kind: "fixed", amount: 75 }, 123_456)).toBe(75);
  });

  it("refuses a table that does not start at 0 rather than guess an increment", () => {
    expect(() => incrementAt({ kind: "table", bands: [{ from: 100, increment: 5 }] }, 50)).toThrow(RangeError);
  });

  it("asks for the starting price first, then the price plus the increment of its band", () => {
    const terms = forwardTerms({ increment: table });
    expect(minimumNextBid(terms, liveState(terms))).toBe(1000);
    const { state } = run(terms, [attempt("a", 9_990)]);
    expect(state.currentPrice).toBe(1000);
    expect(minimumNextBid(terms, state)).toBe(1050);
    expect(minimumNextBid(terms, { ...state, currentPrice: 9_999 })).toBe(10_049);
    expect(minimumNextBid(terms, { ...state, currentPrice: 10_000 })).toBe(10_250);
  });

  it("never lets a new leader pay less than the minimum asked, even where a band's increment shrinks", () => {
    const shrinking = { kind: "table" as const, bands: [{ from: 0, increment: 500 }, { from: 1000, increment: 10 }] };
    const terms = forwardTerms({ startingPrice: 900, increment: shrinking });
    const { state, log } = run(terms, [attempt("a", 900, { maxAmount: 1000 }), attempt("b", 1400)]);
    // a's 1000 plus its increment is 1010, below the 1400 b was asked for.
    expect(rows(log)).toEqual([["a", 900, "bid"], ["a", 1000, "proxy"], ["b", 1400, "bid"]]);
    expect(state).toMatchObject({ leaderId: "b", currentPrice: 1400 });
  });
});

describe("proxy bidding (eBay semantics)", () => {
  // eBay's help example: start 10.00, increment 0.50, in cents.
  const terms = forwardTerms({ startingPrice: 1000, increment: { kind: "fixed", amount: 50 } });

  it("climbs the ladder: the leader pays one increment over the runner-up, ties go to the earlier maximum", () => {
    const { state, outcomes } = run(terms, [
      attempt("a", 1000, { maxAmount: 1500 }),
      attempt("b", 1200),
      attempt("b", 1300, { maxAmount: 1500 }),
      attempt("c", 1550, { maxAmount: 2000 }),
      attempt("a", 2050, { maxAmount: 2500 }),
      attempt("c", 2100),
    ]);
    expect(outcomes.map((outcome) => rows(outcome.accepted))).toEqual([
      [["a", 1000, "bid"]], // alone: the starting price
      [["b", 1200, "bid"], ["a", 1250, "proxy"]], // a's maximum answers one increment higher
      [["b", 1500, "bid"], ["a", 1500, "proxy"]], // equal maxima: a set it first
      [["c", 1550, "bid"]], // c beats a's 1500, already shown
      [["c", 2000, "proxy"], ["a", 2050, "bid"]], // c's beaten maximum is revealed, then a's bid
      [["c", 2100, "bid"], ["a", 2150, "proxy"]],
    ]);
    expect(outcomes.flatMap((outcome) => outcome.accepted.map((bid) => bid.seq))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(state).toMatchObject({ leaderId: "a", currentPrice: 2150, seq: 10, bidCount: 10 });
  });

  it("treats a plain bid as a maximum: the new leader pays only what beating the old one takes", () => {
    const { state, log } = run(terms, [attempt("a", 1000), attempt("b", 3000)]);
    expect(rows(log)).toEqual([["a", 1000, "bid"], ["b", 1050, "bid"]]);
    expect(state.standings["b"]?.limit).toBe(3000);
  });

  it("caps the price at the new leader's own maximum", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 1980 }), attempt("b", 1050, { maxAmount: 2000 })]);
    expect(state).toMatchObject({ leaderId: "b", currentPrice: 2000 });
  });

  it("lets the leader raise a hidden maximum without moving the price, even right after a tie", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 1500 }), attempt("b", 1500)]);
    expect(state).toMatchObject({ leaderId: "a", currentPrice: 1500 });
    const raised = placeBid(terms, state, attempt("a", 1550, { maxAmount: 9000 }), DURING);
    expect(raised.ok && rows(raised.accepted)).toEqual([["a", 1500, "raise"]]);
    expect(raised.ok && raised.state).toMatchObject({ leaderId: "a", currentPrice: 1500, standings: { a: { limit: 9000 } } });
  });

  it("refuses a leader's bid that does not raise the maximum, and a new maximum under the minimum", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 3000 })]);
    expect(placeBid(terms, state, attempt("a", 1050), DURING)).toMatchObject({ ok: false, code: "ALREADY_LEADING" });
    expect(placeBid(terms, state, attempt("a", 1050, { maxAmount: 3000 }), DURING)).toMatchObject({ ok: false, code: "ALREADY_LEADING" });
    const { state: plain } = run(terms, [attempt("a", 1000)]);
    expect(placeBid(terms, plain, attempt("a", 1020), DURING)).toMatchObject({ ok: false, code: "BID_TOO_LOW" });
  });
});

describe("reserve", () => {
  const terms = forwardTerms({ reservePrice: 5000 });

  it("is not met while every maximum is below it, and the auction then settles without a winner", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 4000 }), attempt("b", 2000)]);
    expect(state.currentPrice).toBe(2050);
    expect(isReserveMet(terms, state)).toBe(false);
    expect(settleAuction(terms, { ...state, status: "ended" })).toEqual({ winnerId: null, finalPrice: null, bidCount: 3, reserveMet: false });
  });

  it("lifts the price to the reserve as soon as a maximum reaches it", () => {
    const { state: first } = run(terms, [attempt("a", 1000, { maxAmount: 6000 })]);
    expect(first.currentPrice).toBe(5000);
    const { state, log } = run(terms, [attempt("a", 1000, { maxAmount: 4000 }), attempt("b", 1050, { maxAmount: 6000 })]);
    expect(rows(log)).toEqual([["a", 1000, "bid"], ["a", 4000, "proxy"], ["b", 5000, "bid"]]);
    expect(isReserveMet(terms, state)).toBe(true);
    expect(settleAuction(terms, { ...state, status: "ended" })).toEqual({ winnerId: "b", finalPrice: 5000, bidCount: 3, reserveMet: true });
  });

  it("lifts the price when the leader raises a maximum to the reserve, and only then", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 3000 })]);
    const below = placeBid(terms, state, attempt("a", 1000, { maxAmount: 4999 }), DURING);
    expect(below.ok && below.state.currentPrice).toBe(1000);
    const reached = placeBid(terms, state, attempt("a", 1000, { maxAmount: 8000 }), DURING);
    expect(reached.ok && rows(reached.accepted)).toEqual([["a", 5000, "raise"]]);
    expect(reached.ok && isReserveMet(terms, reached.state)).toBe(true);
  });

  it("counts as met without a reserve and in reverse auctions", () => {
    expect(isReserveMet(forwardTerms(), liveState(forwardTerms()))).toBe(true);
    expect(isReserveMet(reverseTerms({ reservePrice: 10 }), liveState(reverseTerms()))).toBe(true);
  });
});

describe("buy it now", () => {
  const terms = forwardTerms({ buyNowPrice: 20_000 });

  it("ends the auction at exactly the buy-it-now price, whatever was bid above it", () => {
    const { state } = run(terms, [attempt("a", 1000)]);
    const at = START + 10 * MINUTE;
    const outcome = placeBid(terms, state, attempt("b", 25_000, { maxAmount: 30_000 }), at);
    expect(outcome.ok && outcome.accepted).toEqual([
      { seq: 2, bidderId: "b", alias: "alias-b", amount: 20_000, kind: "buy_now", at, endsAt: at, details: null },
    ]);
    expect(outcome.ok && outcome.state).toMatchObject({ status: "ended", endsAt: at, leaderId: "b", currentPrice: 20_000 });
    expect(outcome.ok && settleAuction(terms, outcome.state)).toEqual({ winnerId: "b", finalPrice: 20_000, bidCount: 2, reserveMet: true });
    expect(outcome.ok && placeBid(terms, outcome.state, attempt("c", 30_000), at)).toMatchObject({ code: "AUCTION_ENDED" });
  });

  it("is open to the leader as well", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 5000 })]);
    const outcome = placeBid(terms, state, attempt("a", 20_000), DURING);
    expect(outcome.ok && rows(outcome.accepted)).toEqual([["a", 20_000, "buy_now"]]);
  });

  it("is gone once any maximum, hidden ones included, reached its price", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 30_000 }), attempt("b", 19_000)]);
    expect(state.currentPrice).toBe(19_050);
    expect(isBuyNowOpen(terms, state)).toBe(false);
    const outcome = placeBid(terms, state, attempt("b", 20_000), DURING);
    expect(outcome.ok && rows(outcome.accepted)).toEqual([["b", 20_000, "bid"], ["a", 20_050, "proxy"]]);
    expect(outcome.ok && outcome.state.status).toBe("live");
  });

  it("stays open below its price and closes with the auction", () => {
    const { state } = run(terms, [attempt("a", 19_999)]);
    expect(isBuyNowOpen(terms, state)).toBe(true);
    expect(isBuyNowOpen(terms, { ...state, status: "ended" })).toBe(false);
    expect(isBuyNowOpen(forwardTerms(), state)).toBe(false);
  });
});

describe("soft close", () => {
  const terms = forwardTerms({ softCloseMs: 2 * MINUTE, hardCloseAt: START + HOUR + 3 * MINUTE });
  const end = terms.endsAt;

  it("extends the end to now + window for a bid inside the window, never past the hard close nor earlier", () => {
    expect(extendForSoftClose(terms, end, end - 2 * MINUTE - 1)).toBe(end);
    expect(extendForSoftClose(terms, end, end - 2 * MINUTE)).toBe(end);
    expect(extendForSoftClose(terms, end, end - MINUTE)).toBe(end + MINUTE);
    expect(extendForSoftClose(terms, end + 2 * MINUTE, end + 2 * MINUTE - 1)).toBe(end + 3 * MINUTE);
    expect(extendForSoftClose(forwardTerms({ hardCloseAt: end }), end, end - 1)).toBe(end);
    expect(extendForSoftClose(forwardTerms({ softCloseMs: 0 }), end, end - 1)).toBe(end);
  });

  it("moves endsAt with the accepted bid, and stamps the new end on every entry", () => {
    const outcome = placeBid(terms, liveState(terms), attempt("a", 1000), end - 30_000);
    expect(outcome.ok && outcome.state.endsAt).toBe(end + 90_000);
    expect(outcome.ok && nextAlarmAt(terms, outcome.state)).toBe(end + 90_000);
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 3000 })]);
    const late = placeBid(terms, state, attempt("b", 1500), end - 1000);
    expect(late.ok && late.accepted.map((bid) => bid.endsAt)).toEqual([end + 2 * MINUTE - 1000, end + 2 * MINUTE - 1000]);
  });

  it("keeps extending until the hard close, and then the hard close ends it", () => {
    let state = liveState(terms);
    const times = [end - 1, end + MINUTE, end + 2 * MINUTE + 30_000];
    times.forEach((at, index) => {
      const outcome = placeBid(terms, state, attempt(index % 2 ? "b" : "a", minimumNextBid(terms, state)), at);
      if (!outcome.ok) throw new Error(outcome.code);
      state = outcome.state;
    });
    expect(state.endsAt).toBe(terms.hardCloseAt);
    expect(placeBid(terms, state, attempt("b", 5000), terms.hardCloseAt!)).toMatchObject({ code: "AUCTION_ENDED" });
  });
});

describe("bid admission", () => {
  const terms = forwardTerms({ bidCapPerBidder: 2 });
  const live = liveState(terms);
  const leaderState = run(terms, [attempt("a", 1000)]).state;
  const reverse = reverseTerms();

  const cases: Array<[BidRejectionCode, string, AuctionTerms, AuctionState, BidAttempt, number]> = [
    ["INVALID_AMOUNT", "zero", terms, live, attempt("a", 0), DURING],
    ["INVALID_AMOUNT", "negative", terms, live, attempt("a", -5), DURING],
    ["INVALID_AMOUNT", "fractional", terms, live, attempt("a", 1000.5), DURING],
    ["INVALID_AMOUNT", "NaN", terms, live, attempt("a", Number.NaN), DURING],
    ["INVALID_AMOUNT", "1e308", terms, live, attempt("a", 1e308), DURING],
    ["INVALID_AMOUNT", "Infinity", terms, live, attempt("a", Number.POSITIVE_INFINITY), DURING],
    ["INVALID_AMOUNT", "maximum below the amount", terms, live, attempt("a", 2000, { maxAmount: 1500 }), DURING],
    ["INVALID_AMOUNT", "fractional maximum", terms, live, attempt("a", 1000, { maxAmount: 2000.5 }), DURING],
    ["INVALID_AMOUNT", "maximum in a reverse auction", reverse, liveState(reverse), attempt("p", 40_000, { details, maxAmount: 45_000 }), DURING],
    ["AUCTION_NOT_STARTED", "scheduled", terms, initialState(terms), attempt("a", 1000), START - 1],
    ["AUCTION_NOT_STARTED", "draft", terms, { ...live, status: "draft" }, attempt("a", 1000), DURING],
    ["AUCTION_NOT_STARTED", "live before startsAt", terms, live, attempt("a", 1000), START - 1],
    ["AUCTION_ENDED", "at endsAt", terms, live, attempt("a", 1000), terms.endsAt],
    ["AUCTION_ENDED", "ended", terms, { ...live, status: "ended" }, attempt("a", 1000), DURING],
    ["AUCTION_ENDED", "awarded", reverse, { ...liveState(reverse), status: "awarded" }, attempt("p", 40_000, { details }), DURING],
    ["AUCTION_CANCELLED", "cancelled", terms, { ...live, status: "cancelled" }, attempt("a", 1000), DURING],
    ["SELF_BIDDING", "forward", terms, live, attempt("seller", 5000), DURING],
    ["SELF_BIDDING", "reverse", reverse, liveState(reverse), attempt("seller", 40_000, { details }), DURING],
    ["BID_CAP_REACHED", "third bid", terms, run(terms, [attempt("a", 1000), attempt("b", 1050), attempt("a", 1100), attempt("b", 1150)]).state, attempt("a", 5000), DURING],
    ["BID_TOO_LOW", "under the starting price", terms, live, attempt("a", 999), DURING],
    ["BID_TOO_LOW", "under price + increment", terms, leaderState, attempt("b", 1049), DURING],
    ["ALREADY_LEADING", "leader without a higher maximum", terms, leaderState, attempt("a", 1000), DURING],
    ["DETAILS_REQUIRED", "offer without details", reverse, liveState(reverse), attempt("p", 40_000), DURING],
    ["BID_TOO_HIGH", "offer over the budget", reverse, liveState(reverse), attempt("p", 50_001, { details }), DURING],
  ];

  it.each(cases)("refuses with %s (%s) and changes nothing", (code, _label, caseTerms, state, bid, now) => {
    const frozen = deepFreeze(structuredClone(state));
    expect(placeBid(deepFreeze(caseTerms), frozen, deepFreeze(bid), now)).toEqual({ ok: false, code, message: expect.any(String) });
  });

  it("covers every rejection code the schema declares", () => {
    expect([...new Set(cases.map(([code]) => code))].sort()).toEqual([...bidRejectionCodes].sort());
  });

  it("decides at the millisecond: endsAt - 1 is in time, endsAt is late", () => {
    expect(placeBid(terms, live, attempt("a", 1000), terms.endsAt - 1).ok).toBe(true);
    expect(placeBid(terms, live, attempt("a", 1000), terms.endsAt)).toMatchObject({ code: "AUCTION_ENDED" });
    expect(placeBid(terms, live, attempt("a", 1000), START).ok).toBe(true);
  });

  it("counts a bidder's own attempts against the cap, not the proxy bids made for them", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 5000 }), attempt("b", 1100), attempt("b", 1300)]);
    expect(state.standings["a"]?.bidCount).toBe(1);
    expect(placeBid(terms, state, attempt("b", 2000), DURING)).toMatchObject({ code: "BID_CAP_REACHED" });
    expect(placeBid(terms, state, attempt("a", 1400, { maxAmount: 6000 }), DURING).ok).toBe(true);
  });
});

describe("reverse auctions", () => {
  const terms = reverseTerms({ startingPrice: 50_000, increment: { kind: "fixed", amount: 100 } });

  it("takes offers at or under the budget, each undercutting the lowest by an increment", () => {
    const { state, log } = run(terms, [attempt("p1", 50_000, { details }), attempt("p2", 45_000, { details }), attempt("p1", 44_900, { details })]);
    expect(rows(log)).toEqual([["p1", 50_000, "bid"], ["p2", 45_000, "bid"], ["p1", 44_900, "bid"]]);
    expect(log.every((bid) => bid.details === details)).toBe(true);
    expect(state).toMatchObject({ leaderId: "p1", currentPrice: 44_900, bidCount: 3 });
    expect(maximumNextOffer(terms, state)).toBe(44_800);
    expect(placeBid(terms, state, attempt("p2", 44_850, { details }), DURING)).toMatchObject({ code: "BID_TOO_HIGH" });
    expect(placeBid(terms, state, attempt("p1", 44_800, { details }), DURING).ok).toBe(true);
  });

  it("follows the increment table band of the current lowest offer", () => {
    const banded = reverseTerms({ increment: { kind: "table", bands: [{ from: 0, increment: 10 }, { from: 10_000, increment: 500 }] } });
    const { state } = run(banded, [attempt("p1", 10_000, { details })]);
    expect(maximumNextOffer(banded, state)).toBe(9_500);
    expect(maximumNextOffer(banded, { ...state, currentPrice: 9_999 })).toBe(9_989);
  });

  it("ranks the lowest offer first", () => {
    const { state } = run(terms, [attempt("p1", 48_000, { details }), attempt("p2", 40_000, { details }), attempt("p3", 30_000, { details })]);
    expect(leaderboard(terms, state, 2)).toEqual([
      { alias: "alias-p3", amount: 30_000, leading: true },
      { alias: "alias-p2", amount: 40_000, leading: false },
    ]);
  });

  it("is awarded to any offer before or after the deadline, once, and never when cancelled", () => {
    const { state, log } = run(terms, [attempt("p1", 48_000, { details }), attempt("p2", 40_000, { details })]);
    const first = log[0];
    const award = awardBid(terms, deepFreeze(state), first);
    expect(award).toMatchObject({ ok: true, state: { status: "awarded", awardedSeq: 1 } });
    expect(award.ok && settleAuction(terms, award.state, award.bid)).toEqual({ winnerId: "p1", finalPrice: 48_000, bidCount: 2, reserveMet: true });
    expect(award.ok && nextAlarmAt(terms, award.state)).toBeNull();
    expect(award.ok && awardBid(terms, award.state, first).ok).toBe(false);
    expect(awardBid(terms, { ...state, status: "ended" }, first).ok).toBe(true);
    expect(awardBid(terms, { ...state, status: "cancelled" }, first).ok).toBe(false);
    expect(awardBid(terms, initialState(terms), first).ok).toBe(false);
    expect(awardBid(terms, state, undefined).ok).toBe(false);
    expect(awardBid(forwardTerms(), state, first).ok).toBe(false);
  });

  it("settles without a winner until awarded", () => {
    const { state } = run(terms, [attempt("p1", 48_000, { details })]);
    expect(settleAuction(terms, { ...state, status: "ended" })).toEqual({ winnerId: null, finalPrice: null, bidCount: 1, reserveMet: true });
  });
});

describe("lifecycle", () => {
  const terms = forwardTerms();

  it("goes scheduled → live → ended at the exact times, idempotently and when late", () => {
    const scheduled = deepFreeze(initialState(terms));
    expect(advanceLifecycle(terms, scheduled, START - 1)).toBe(scheduled);
    const live = advanceLifecycle(terms, scheduled, START);
    expect(live.status).toBe("live");
    expect(advanceLifecycle(terms, live, START)).toBe(live);
    expect(advanceLifecycle(terms, live, terms.endsAt - 1)).toBe(live);
    const ended = advanceLifecycle(terms, live, terms.endsAt);
    expect(ended.status).toBe("ended");
    expect(advanceLifecycle(terms, ended, terms.endsAt)).toBe(ended);
    expect(advanceLifecycle(terms, ended, terms.endsAt + HOUR)).toBe(ended);
    expect(advanceLifecycle(terms, scheduled, terms.endsAt + HOUR)).toEqual(ended);
  });

  it("ends at the extended end, not the original one", () => {
    const outcome = placeBid(terms, liveState(terms), attempt("a", 1000), terms.endsAt - 1000);
    if (!outcome.ok) throw new Error(outcome.code);
    expect(advanceLifecycle(terms, outcome.state, terms.endsAt).status).toBe("live");
    expect(advanceLifecycle(terms, outcome.state, outcome.state.endsAt).status).toBe("ended");
  });

  it("leaves drafts, cancelled and finished auctions alone", () => {
    for (const status of ["draft", "cancelled", "awarded"] as const) {
      const state = { ...initialState(terms), status };
      expect(advanceLifecycle(terms, state, terms.endsAt + HOUR)).toBe(state);
      expect(nextAlarmAt(terms, state)).toBeNull();
    }
  });

  it("schedules the next alarm for the next transition only", () => {
    expect(nextAlarmAt(terms, initialState(terms))).toBe(START);
    expect(nextAlarmAt(terms, liveState(terms))).toBe(terms.endsAt);
    expect(nextAlarmAt(terms, { ...initialState(terms), status: "ended" })).toBeNull();
  });

  it("lets sellers cancel only before the first bid, admins any time before the end", () => {
    const { state } = run(terms, [attempt("a", 1000)]);
    expect(cancelAuction(deepFreeze(liveState(terms)), false)).toMatchObject({ ok: true, state: { status: "cancelled" } });
    expect(cancelAuction(initialState(terms), false).ok).toBe(true);
    expect(cancelAuction(state, false).ok).toBe(false);
    expect(cancelAuction(state, true).ok).toBe(true);
    for (const status of ["ended", "awarded", "cancelled"] as const) expect(cancelAuction({ ...state, status }, true).ok).toBe(false);
  });

  it("settles an auction without bids with no winner", () => {
    const ended = { ...liveState(terms), status: "ended" as const };
    expect(settleAuction(terms, ended)).toEqual({ winnerId: null, finalPrice: null, bidCount: 0, reserveMet: true });
    expect(settleAuction(forwardTerms({ reservePrice: 5000 }), ended)).toEqual({ winnerId: null, finalPrice: null, bidCount: 0, reserveMet: false });
  });
});

describe("leaderboard", () => {
  const terms = forwardTerms();

  it("shows each bidder's best amount in the log, never a hidden maximum", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 9000 }), attempt("b", 1500)]);
    const board = leaderboard(terms, state);
    expect(board).toEqual([
      { alias: "alias-a", amount: 1550, leading: true },
      { alias: "alias-b", amount: 1500, leading: false },
    ]);
    expect(JSON.stringify(board)).not.toContain("9000");
  });

  it("ranks the leader first when a runner-up matched their maximum, even after the leader raised it", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 1500 }), attempt("b", 1500), attempt("a", 1600, { maxAmount: 3000 })]);
    expect(leaderboard(terms, state)).toEqual([
      { alias: "alias-a", amount: 1500, leading: true },
      { alias: "alias-b", amount: 1500, leading: false },
    ]);
  });

  it("shows a beaten maximum once the log revealed it, and honours the limit", () => {
    const { state } = run(terms, [attempt("a", 1000, { maxAmount: 2000 }), attempt("b", 2050, { maxAmount: 4000 }), attempt("c", 2500)]);
    expect(leaderboard(terms, state).map((row) => [row.alias, row.amount])).toEqual([["alias-b", 2550], ["alias-c", 2500], ["alias-a", 2000]]);
    expect(leaderboard(terms, state, 1)).toHaveLength(1);
    expect(leaderboard(terms, liveState(terms))).toEqual([]);
  });
});
