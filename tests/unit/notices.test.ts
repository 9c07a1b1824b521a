import { describe, expect, it } from "vitest";
import {
  dueTimedNotices,
  nextTimedNoticeAt,
  NO_TIMED_NOTICES_SENT,
  NOTICE_LEAD_MS,
  noticesForBids,
  noticesForTransition,
} from "../../worker/auction/notices";
import { advanceLifecycle, awardBid, initialState } from "../../worker/auction/rules";
import type { AcceptedBid } from "../../worker/auction/types";
import { DEFAULT_READER } from "../../worker/lib/language";
import { notificationText } from "../../worker/notifications/content";
import { retryDelaySeconds } from "../../worker/notifications/consumer";
import { attempt, details, forwardTerms, HOUR, liveState, MINUTE, reverseTerms, run, START } from "./auction-fixtures";

describe("outbid notices", () => {
  it("tells the leader who lost the lead, keyed by the seq that took it", () => {
    const terms = forwardTerms();
    const first = run(terms, [attempt("alice", 1000)]);
    const second = run(terms, [attempt("bob", 1500)], first.state);
    const notices = noticesForBids(terms, first.state, second.state, second.log);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ event: "outbid", userIds: ["alice"], watchers: false, occurrence: String(second.state.seq) });
    expect(notices[0]!.facts.price).toBe(second.state.currentPrice);
  });

  it("says nothing for a first bid, a bid the leader's maximum defends, or the leader raising", () => {
    const terms = forwardTerms();
    const opening = run(terms, [attempt("alice", 1000, { maxAmount: 5000 })]);
    expect(noticesForBids(terms, liveState(terms), opening.state, opening.log)).toEqual([]);
    const defended = run(terms, [attempt("bob", 2000)], opening.state);
    expect(defended.state.leaderId).toBe("alice");
    expect(noticesForBids(terms, opening.state, defended.state, defended.log)).toEqual([]);
    const raised = run(terms, [attempt("alice", 6000)], defended.state);
    expect(noticesForBids(terms, defended.state, raised.state, raised.log)).toEqual([]);
  });

  it("tells a reverse-auction provider whose offer was undercut, and the requester of each new offer", () => {
    const terms = reverseTerms();
    const first = run(terms, [attempt("pat", 40_000, { details })]);
    expect(noticesForBids(terms, liveState(terms), first.state, first.log)).toMatchObject([
      { event: "new_offer", userIds: [terms.sellerId], occurrence: String(first.state.seq), facts: { price: 40_000 } },
    ]);
    const second = run(terms, [attempt("sam", 39_000, { details })], first.state);
    expect(noticesForBids(terms, first.state, second.state, second.log)).toMatchObject([
      { event: "new_offer", userIds: [terms.sellerId], occurrence: String(second.state.seq), facts: { price: 39_000 } },
      { event: "outbid", userIds: ["pat"] },
    ]);
  });

  it("tells the requester nothing of a sealed commitment (no amount to tell)", () => {
    const terms = reverseTerms();
    const sealedCommit = { ...liveState(terms), seq: 1 };
    const commit: AcceptedBid = { seq: 1, bidderId: "pat", alias: "Provider 1", amount: 0, kind: "commit", at: START, endsAt: terms.endsAt, details: null, seal: { commitment: "c".repeat(64), nonce: null } };
    expect(noticesForBids(terms, liveState(terms), sealedCommit, [commit])).toEqual([]);
  });
});

describe("status notices", () => {
  it("announces the start to watchers, never to the seller", () => {
    const terms = forwardTerms();
    const scheduled = initialState(terms);
    const live = advanceLifecycle(terms, scheduled, START);
    expect(noticesForTransition(terms, scheduled, live)).toMatchObject([{ event: "started", watchers: true, excludeIds: ["seller"] }]);
  });

  it("tells the winner they won, every other bidder they lost, the seller the result and the other watchers it ended", () => {
    const terms = forwardTerms();
    const { state } = run(terms, [attempt("alice", 1000), attempt("bob", 1500), attempt("carol", 1200)]);
    const ended = advanceLifecycle(terms, state, terms.endsAt);
    const notices = noticesForTransition(terms, state, ended);
    expect(notices.map((notice) => [notice.event, notice.userIds, notice.watchers])).toEqual([
      ["won", ["bob"], false],
      ["ended", ["seller"], false],
      ["lost", ["alice", "carol"], false],
      ["watched_ended", [], true],
    ]);
    expect(notices[3]!.excludeIds.toSorted()).toEqual(["alice", "bob", "carol", "seller"]);
    for (const notice of notices) expect(notice.facts).toMatchObject({ winnerId: "bob", price: ended.currentPrice, reserveMet: true });
  });

  it("has no winner when the reserve was not met: every bidder lost", () => {
    const terms = forwardTerms({ reservePrice: 10_000 });
    const { state } = run(terms, [attempt("alice", 2000)]);
    const notices = noticesForTransition(terms, state, advanceLifecycle(terms, state, terms.endsAt));
    expect(notices.map((notice) => [notice.event, notice.userIds])).toEqual([
      ["ended", ["seller"]],
      ["lost", ["alice"]],
      ["watched_ended", []],
    ]);
    expect(notices[0]!.facts).toMatchObject({ winnerId: null, reserveMet: false });
  });

  it("tells the chosen provider of an award with their offer's amount, and the other providers they lost", () => {
    const terms = reverseTerms();
    const { state, log } = run(terms, [attempt("pat", 40_000, { details }), attempt("sam", 39_000, { details })]);
    const award = awardBid(terms, state, log[0]);
    if (!award.ok) throw new Error(award.message);
    expect(noticesForTransition(terms, state, award.state, { awarded: award.bid })).toMatchObject([
      { event: "awarded", userIds: ["pat"], facts: { price: 40_000, winnerId: "pat" } },
      { event: "lost", userIds: ["sam"], facts: { price: 40_000, winnerId: "pat" } },
      { event: "watched_ended", watchers: true },
    ]);
  });

  it("tells bidders and watchers of a cancellation, never the seller, with the admin's reason when there is one", () => {
    const terms = forwardTerms();
    const { state } = run(terms, [attempt("alice", 1000)]);
    const [bySeller] = noticesForTransition(terms, state, { ...state, status: "cancelled" });
    expect(bySeller).toMatchObject({ event: "cancelled", userIds: ["alice"], watchers: true, excludeIds: ["seller"] });
    expect(bySeller!.facts).not.toHaveProperty("cancelReason");
    const [byAdmin] = noticesForTransition(terms, state, { ...state, status: "cancelled" }, { cancelReason: "Counterfeit" });
    expect(byAdmin).toMatchObject({ event: "cancelled", userIds: ["alice"], facts: { cancelReason: "Counterfeit" } });
  });

  it("sends nothing when nothing changed", () => {
    const live = liveState(forwardTerms());
    expect(noticesForTransition(forwardTerms(), live, live)).toEqual([]);
  });
});

describe("timed notices (fixed clock)", () => {
  const terms = forwardTerms({ startsAt: START + HOUR, endsAt: START + 3 * HOUR });
  const scheduled = initialState(terms);

  it("sends 'starting soon' to watchers from 15 minutes before the start, once", () => {
    expect(nextTimedNoticeAt(terms, scheduled, NO_TIMED_NOTICES_SENT)).toBe(terms.startsAt - NOTICE_LEAD_MS);
    expect(dueTimedNotices(terms, scheduled, NO_TIMED_NOTICES_SENT, terms.startsAt - NOTICE_LEAD_MS - 1).notices).toEqual([]);
    const due = dueTimedNotices(terms, scheduled, NO_TIMED_NOTICES_SENT, terms.startsAt - NOTICE_LEAD_MS);
    expect(due.notices).toMatchObject([{ event: "starting_soon", watchers: true, excludeIds: ["seller"] }]);
    expect(due.sent).toEqual({ startingSoon: true, endingSoon: false });
    expect(dueTimedNotices(terms, scheduled, due.sent, terms.startsAt - 1).notices).toEqual([]);
    expect(nextTimedNoticeAt(terms, scheduled, due.sent)).toBeNull();
  });

  it("sends 'ending soon' to watchers and bidders 15 minutes before the end, once, even if bids extend it", () => {
    const live = advanceLifecycle(terms, scheduled, terms.startsAt);
    const { state } = run(terms, [attempt("alice", 1000), attempt("bob", 1500)], live, terms.startsAt + MINUTE);
    const sent = { startingSoon: true, endingSoon: false };
    expect(nextTimedNoticeAt(terms, state, sent)).toBe(state.endsAt - NOTICE_LEAD_MS);
    expect(dueTimedNotices(terms, state, sent, state.endsAt - NOTICE_LEAD_MS - 1).notices).toEqual([]);
    const due = dueTimedNotices(terms, state, sent, state.endsAt - NOTICE_LEAD_MS);
    expect(due.notices).toMatchObject([{ event: "ending_soon", watchers: true, userIds: ["alice", "bob"] }]);
    const extended = { ...state, endsAt: state.endsAt + 2 * MINUTE };
    expect(dueTimedNotices(terms, extended, due.sent, extended.endsAt - MINUTE).notices).toEqual([]);
  });

  it("never sends either for an auction already past that stage", () => {
    const ended = advanceLifecycle(terms, scheduled, terms.endsAt);
    expect(dueTimedNotices(terms, ended, NO_TIMED_NOTICES_SENT, terms.endsAt).notices).toEqual([]);
    expect(nextTimedNoticeAt(terms, ended, NO_TIMED_NOTICES_SENT)).toBeNull();
  });
});

describe("notification text", () => {
  const forward = { title: "Omega Speedmaster", currency: "EUR", format: "forward" as const };
  const facts = { price: 125_050, bidCount: 7, winnerId: "bob", reserveMet: true, startsAt: START, endsAt: START + HOUR };

  it("names the auction and the price in its currency", () => {
    expect(notificationText("outbid", forward, facts, { now: START, winnerName: null }, DEFAULT_READER)).toEqual({
      title: "You were outbid: Omega Speedmaster",
      body: "The price of “Omega Speedmaster” is now €1,250.50, and you are no longer the highest bidder.",
    });
    expect(notificationText("ended", forward, facts, { now: START, winnerName: "Bob" }, DEFAULT_READER).body).toBe("“Omega Speedmaster” sold to Bob for €1,250.50.");
    expect(notificationText("ending_soon", forward, facts, { now: START + HOUR - 15 * MINUTE, winnerName: null }, DEFAULT_READER).body).toContain("closes in 15 minutes");
  });

  it("explains an end without a sale", () => {
    expect(notificationText("ended", forward, { ...facts, winnerId: null, reserveMet: false }, { now: START, winnerName: null }, DEFAULT_READER).title).toBe(
      "Ended without a sale: Omega Speedmaster",
    );
    expect(notificationText("ended", forward, { ...facts, price: null, bidCount: 0, winnerId: null }, { now: START, winnerName: null }, DEFAULT_READER).body).toBe(
      "“Omega Speedmaster” ended without bids.",
    );
  });

  it("tells a losing bidder the final price, and whether anyone won", () => {
    expect(notificationText("lost", forward, facts, { now: START, winnerName: null }, DEFAULT_READER)).toEqual({
      title: "You did not win: Omega Speedmaster",
      body: "“Omega Speedmaster” sold to another bidder for €1,250.50.",
    });
    expect(notificationText("lost", forward, { ...facts, winnerId: null, reserveMet: false }, { now: START, winnerName: null }, DEFAULT_READER).body).toContain("below the seller's reserve");
    expect(notificationText("watched_ended", forward, facts, { now: START, winnerName: null }, DEFAULT_READER).body).toBe("“Omega Speedmaster” sold for €1,250.50.");
    expect(notificationText("cancelled", forward, facts, { now: START, winnerName: null }, DEFAULT_READER)).toEqual({
      title: "Cancelled: Omega Speedmaster",
      body: "“Omega Speedmaster” was cancelled; no one won it and no payment is due.",
    });
    expect(notificationText("cancelled", forward, { ...facts, cancelReason: "Counterfeit" }, { now: START, winnerName: null }, DEFAULT_READER).body).toBe(
      "“Omega Speedmaster” was cancelled; no one won it and no payment is due. Reason: Counterfeit",
    );
  });
});

describe("queue retries", () => {
  it("back off exponentially and are capped", () => {
    expect([1, 2, 3, 4, 5, 20].map(retryDelaySeconds)).toEqual([10, 20, 40, 80, 160, 600]);
  });
});
