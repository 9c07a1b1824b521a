import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sealedRejectionCodes } from "../../schema/api/auctions";
import type { Opening } from "../../schema/api/sealed";
import { GENESIS_HASH, chainHash, verifyChain, type ChainedBid } from "../../worker/auction/bid-log";
import { dueTimedNotices, nextTimedNoticeAt, noticesForTransition, NO_TIMED_NOTICES_SENT, REVEAL_REMINDER_LEAD_MS } from "../../worker/auction/notices";
import {
  advanceRoom,
  awardSealed,
  commitmentOf,
  commitOffer,
  nextRoomAlarmAt,
  openingMatches,
  placeOpenBid,
  publicLeaderboard,
  rankReveals,
  revealEndsAt,
  revealOffer,
  sealedViewOf,
  verifyOpenings,
} from "../../worker/auction/sealed";
import { historyEntryFor, publicEventOf, snapshotOf } from "../../worker/auction/snapshot";
import { DEFAULT_READER } from "../../worker/lib/language";
import { notificationText } from "../../worker/notifications/content";
import type { AcceptedBid, AuctionState, AuctionTerms } from "../../worker/auction/types";
import { HOUR, MINUTE, START, attempt, deepFreeze, details, liveState, reverseTerms } from "./auction-fixtures";

const END = START + HOUR;
const REVEAL_WINDOW = 24 * HOUR;
const terms = deepFreeze(reverseTerms({ softCloseMs: 0, sealed: { revealWindowMs: REVEAL_WINDOW } }));
const nonce = (digit: string) => digit.repeat(64);

const openingArb: fc.Arbitrary<Opening> = fc.record({
  amount: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  details: fc.record(
    {
      description: fc.string({ minLength: 1, maxLength: 40 }),
      estimatedDuration: fc.string({ minLength: 1, maxLength: 20 }),
      notes: fc.string({ maxLength: 20 }),
    },
    { requiredKeys: ["description", "estimatedDuration"] },
  ),
  nonce: fc.stringMatching(/^[0-9a-f]{64}$/),
});

/** Applies an outcome that must be accepted, returning the log entries with their chain hashes. */
function accepted(outcome: ReturnType<typeof commitOffer>): { state: AuctionState; entry: AcceptedBid } {
  if (!outcome.ok) throw new Error(`refused: ${outcome.code} ${outcome.message}`);
  return { state: outcome.state, entry: outcome.accepted[0]! };
}

interface Provider {
  id: string;
  opening: Opening;
}

/** Every provider commits before the deadline, then reveals in the given order after it. */
function sealedRound(providers: Provider[], revealOrder: number[]) {
  let state = liveState(terms);
  const log: AcceptedBid[] = [];
  providers.forEach((provider, index) => {
    const step = accepted(commitOffer(terms, deepFreeze(state), attempt(provider.id, 0), commitmentOf(terms.id, provider.id, provider.opening), START + MINUTE + index));
    state = step.state;
    log.push(step.entry);
  });
  state = advanceRoom(terms, state, END);
  for (const [index, which] of revealOrder.entries()) {
    const provider = providers[which]!;
    const step = accepted(revealOffer(terms, deepFreeze(state), { bidderId: provider.id }, provider.opening, END + MINUTE + index));
    state = step.state;
    log.push(step.entry);
  }
  return { state, log };
}

function chained(log: AcceptedBid[]): ChainedBid[] {
  let previous = GENESIS_HASH;
  return log.map((bid) => {
    previous = chainHash(previous, bid);
    return { ...bid, hash: previous };
  });
}

describe("commitment and opening", () => {
  it("an opening matches its own commitment, and a changed amount, detail or nonce does not", () => {
    fc.assert(
      fc.property(openingArb, openingArb, (opening, other) => {
        const commitment = commitmentOf("auction-1", "provider", opening);
        expect(openingMatches("auction-1", "provider", opening, commitment)).toBe(true);
        const changed: Opening[] = [
          { ...opening, amount: other.amount },
          { ...opening, details: { ...opening.details, description: other.details.description } },
          { ...opening, details: { ...opening.details, estimatedDuration: other.details.estimatedDuration } },
          { ...opening, nonce: other.nonce },
        ];
        for (const variant of changed) {
          const differs = JSON.stringify(variant) !== JSON.stringify(opening);
          expect(openingMatches("auction-1", "provider", variant, commitment)).toBe(!differs);
        }
      }),
    );
  });

  it("binds the auction and the provider: the same opening does not verify for another account or request", () => {
    fc.assert(
      fc.property(openingArb, (opening) => {
        const commitment = commitmentOf("auction-1", "provider", opening);
        expect(openingMatches("auction-1", "someone-else", opening, commitment)).toBe(false);
        expect(openingMatches("auction-2", "provider", opening, commitment)).toBe(false);
      }),
    );
  });

  it("tells absent notes from a field that ends in the separator text (no two openings share a preimage)", () => {
    const base = { amount: 100, details: { description: 'a","b', estimatedDuration: "c" }, nonce: nonce("1") };
    const shifted = { amount: 100, details: { description: "a", estimatedDuration: 'b","c' }, nonce: nonce("1") };
    expect(commitmentOf("x", "p", base)).not.toBe(commitmentOf("x", "p", shifted));
  });
});

describe("ranking", () => {
  const providersArb = fc
    .uniqueArray(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 6 })
    .chain((amounts) =>
      fc.tuple(
        fc.constant(amounts.map((amount, index) => ({ id: `p${index}`, opening: { amount, details, nonce: nonce(String(index)) } }))),
        fc.shuffledSubarray(amounts.map((_, index) => index), { minLength: amounts.length, maxLength: amounts.length }),
      ),
    );

  it("the order in which reveals arrive never changes the ranking or the winner", () => {
    fc.assert(
      fc.property(providersArb, ([providers, order]) => {
        const inOrder = sealedRound(providers, providers.map((_, index) => index));
        const shuffled = sealedRound(providers, order);
        expect(publicLeaderboard(terms, shuffled.state)).toEqual(publicLeaderboard(terms, inOrder.state));
        expect(shuffled.state.currentPrice).toBe(Math.min(...providers.map((provider) => provider.opening.amount)));
        expect(shuffled.state.leaderId).toBe(inOrder.state.leaderId);
      }),
    );
  });

  it("ranks lowest first, and equal amounts by who committed first", () => {
    const ranked = rankReveals([
      { bidderId: "late", amount: 500, commitSeq: 3 },
      { bidderId: "cheap", amount: 400, commitSeq: 2 },
      { bidderId: "early", amount: 500, commitSeq: 1 },
    ]);
    expect(ranked.map((offer) => offer.bidderId)).toEqual(["cheap", "early", "late"]);
  });

  it("every sealed round's log verifies, and any altered, dropped or added entry fails", () => {
    fc.assert(
      fc.property(providersArb, ([providers, order]) => {
        const { log } = sealedRound(providers, order);
        const chain = chained(log);
        expect(verifyChain(chain)).toMatchObject({ valid: true, length: log.length });
        expect(verifyOpenings(terms, chain)).toBeNull();
        const reveal = log.findIndex((bid) => bid.kind === "reveal");
        const altered = log.map((bid, index) => (index === reveal ? { ...bid, amount: bid.amount + 1 } : bid));
        expect(verifyOpenings(terms, chained(altered))).toMatchObject({ valid: false, reason: "opening does not match its commitment" });
        expect(verifyChain(chain.filter((_, index) => index !== 0))).toMatchObject({ valid: false });
        const late = { ...log[0]!, seq: log.length + 1, bidderId: "latecomer", at: END };
        expect(verifyOpenings(terms, chained([...log, late]))).toMatchObject({ valid: false, reason: "commitment out of place" });
      }),
    );
  });
});

describe("windows", () => {
  const alice = { id: "alice", opening: { amount: 30_000, details, nonce: nonce("a") } };
  const bob = { id: "bob", opening: { amount: 20_000, details, nonce: nonce("b") } };
  const committed = () => {
    let state = liveState(terms);
    for (const provider of [alice, bob]) state = accepted(commitOffer(terms, state, attempt(provider.id, 0), commitmentOf(terms.id, provider.id, provider.opening), START + MINUTE)).state;
    return state;
  };

  it("takes commitments only while open, one per provider, never from the requester, and no plain offers", () => {
    const state = committed();
    const commitment = commitmentOf(terms.id, "carol", alice.opening);
    expect(commitOffer(terms, state, attempt("alice", 0), commitment, START + 2 * MINUTE)).toMatchObject({ ok: false, code: "ALREADY_COMMITTED" });
    expect(commitOffer(terms, state, attempt("seller", 0), commitment, START + 2 * MINUTE)).toMatchObject({ ok: false, code: "SELF_BIDDING" });
    expect(commitOffer(terms, state, attempt("carol", 0), commitment, END)).toMatchObject({ ok: false, code: "AUCTION_ENDED" });
    expect(placeOpenBid(terms, state, attempt("carol", 10_000, { details }), START + 2 * MINUTE)).toMatchObject({ ok: false, code: "SEALED_OFFERS_ONLY" });
    const open = reverseTerms();
    expect(commitOffer(open, liveState(open), attempt("carol", 0), commitment, START + MINUTE)).toMatchObject({ ok: false, code: "NOT_SEALED" });
  });

  it("takes reveals only in the window, once, for the caller's own commitment", () => {
    const state = committed();
    expect(revealOffer(terms, state, { bidderId: "alice" }, alice.opening, END - 1)).toMatchObject({ ok: false, code: "REVEAL_NOT_OPEN" });
    const ended = advanceRoom(terms, state, END);
    expect(revealOffer(terms, ended, { bidderId: "alice" }, alice.opening, revealEndsAt(terms))).toMatchObject({ ok: false, code: "REVEAL_CLOSED" });
    expect(revealOffer(terms, ended, { bidderId: "bob" }, alice.opening, END)).toMatchObject({ ok: false, code: "OPENING_MISMATCH" });
    expect(revealOffer(terms, ended, { bidderId: "carol" }, alice.opening, END)).toMatchObject({ ok: false, code: "NO_COMMITMENT" });
    const revealed = accepted(revealOffer(terms, ended, { bidderId: "alice" }, alice.opening, END)).state;
    expect(revealOffer(terms, revealed, { bidderId: "alice" }, alice.opening, END + 1)).toMatchObject({ ok: false, code: "ALREADY_REVEALED" });
    const overBudget = { ...alice.opening, amount: terms.startingPrice + 1 };
    const sneaky = accepted(commitOffer(terms, liveState(terms), attempt("dan", 0), commitmentOf(terms.id, "dan", overBudget), START + MINUTE)).state;
    expect(revealOffer(terms, advanceRoom(terms, sneaky, END), { bidderId: "dan" }, overBudget, END)).toMatchObject({ ok: false, code: "BID_TOO_HIGH" });
  });

  it("reaches every sealed refusal code the schema declares", () => {
    const state = committed();
    const ended = advanceRoom(terms, state, END);
    const revealed = accepted(revealOffer(terms, ended, { bidderId: "alice" }, alice.opening, END)).state;
    const open = reverseTerms();
    const outcomes = [
      placeOpenBid(terms, state, attempt("carol", 10_000, { details }), START + MINUTE),
      commitOffer(open, liveState(open), attempt("carol", 0), "c".repeat(64), START + MINUTE),
      commitOffer(terms, state, attempt("alice", 0), "c".repeat(64), START + MINUTE),
      revealOffer(terms, state, { bidderId: "alice" }, alice.opening, END - 1),
      revealOffer(terms, ended, { bidderId: "alice" }, alice.opening, revealEndsAt(terms)),
      revealOffer(terms, revealed, { bidderId: "alice" }, alice.opening, END + 1),
      revealOffer(terms, ended, { bidderId: "carol" }, alice.opening, END),
      revealOffer(terms, ended, { bidderId: "bob" }, alice.opening, END),
    ];
    expect(outcomes.map((outcome) => (outcome.ok ? "accepted" : outcome.code)).sort()).toEqual([...sealedRejectionCodes].sort());
  });

  it("keeps every amount hidden until all reveal, then opens and allows the award of the lowest", () => {
    const ended = advanceRoom(terms, committed(), END);
    const first = accepted(revealOffer(terms, ended, { bidderId: "alice" }, alice.opening, END + 1));
    expect(publicLeaderboard(terms, first.state)).toEqual([]);
    expect(publicEventOf(terms, first.state, first.entry).amount).toBe(0);
    expect(snapshotOf(terms, first.state, "seller", END + 1)).toMatchObject({ currentPrice: null, leaderboard: [], sealed: { phase: "reveal", commitments: 2, revealed: 1 } });
    expect(historyEntryFor(terms, first.state, { ...first.entry, displayName: "Alice" }, "seller")).toMatchObject({ amount: 0 });
    expect(historyEntryFor(terms, first.state, { ...first.entry, displayName: "Alice" }, "seller")).not.toHaveProperty("details");
    expect(historyEntryFor(terms, first.state, { ...first.entry, displayName: "Alice" }, "alice")).toMatchObject({ amount: 30_000 });
    expect(awardSealed(first.state, first.entry)).toMatchObject({ ok: false });

    const second = accepted(revealOffer(terms, first.state, { bidderId: "bob" }, bob.opening, END + 2));
    expect(sealedViewOf(terms, second.state, null, END + 2)).toMatchObject({ phase: "opened", revealed: 2, unrevealed: [] });
    expect(publicLeaderboard(terms, second.state).map((row) => row.amount)).toEqual([20_000, 30_000]);
    expect(awardSealed(second.state, second.entry)).toMatchObject({ ok: true, state: { status: "awarded", awardedSeq: second.entry.seq } });
  });

  it("opens at the end of the window without the unrevealed, who are listed against their alias", () => {
    const ended = advanceRoom(terms, committed(), END);
    const revealed = accepted(revealOffer(terms, ended, { bidderId: "alice" }, alice.opening, END + 1)).state;
    expect(nextRoomAlarmAt(terms, revealed)).toBe(revealEndsAt(terms));
    expect(advanceRoom(terms, revealed, revealEndsAt(terms) - 1)).toBe(revealed);
    const opened = advanceRoom(terms, revealed, revealEndsAt(terms));
    expect(opened).toMatchObject({ currentPrice: 30_000, leaderId: "alice" });
    expect(sealedViewOf(terms, opened, null, revealEndsAt(terms))).toMatchObject({ phase: "opened", unrevealed: ["alias-bob"] });
    expect(nextRoomAlarmAt(terms, opened)).toBeNull();
  });

  it("reminds providers when the window opens and the unrevealed an hour before it closes", () => {
    const state = committed();
    const ended = advanceRoom(terms, state, END);
    const opening = noticesForTransition(terms, state, ended).find((notice) => notice.event === "reveal_open");
    expect(opening).toMatchObject({ userIds: ["alice", "bob"], facts: { endsAt: revealEndsAt(terms) } });
    const revealed = accepted(revealOffer(terms, ended, { bidderId: "alice" }, alice.opening, END + 1)).state;
    const remindAt = revealEndsAt(terms) - REVEAL_REMINDER_LEAD_MS;
    expect(nextTimedNoticeAt(terms, revealed, NO_TIMED_NOTICES_SENT)).toBe(remindAt);
    expect(dueTimedNotices(terms, revealed, NO_TIMED_NOTICES_SENT, remindAt - 1).notices).toEqual([]);
    const due = dueTimedNotices(terms, revealed, NO_TIMED_NOTICES_SENT, remindAt);
    expect(due.notices).toEqual([expect.objectContaining({ event: "reveal_closing", userIds: ["bob"] })]);
    expect(dueTimedNotices(terms, revealed, due.sent, remindAt + 1).notices).toEqual([]);
  });

  it("words the reminders and the requester's close for a sealed request, never with an amount", () => {
    const subject = { title: "Fix the tap", currency: "EUR", format: "reverse" as const, revealWindowMs: REVEAL_WINDOW };
    const facts = { price: null, bidCount: 2, winnerId: null, reserveMet: true, startsAt: START, endsAt: END + REVEAL_WINDOW };
    expect(notificationText("reveal_open", subject, facts, { now: END, winnerName: null }, DEFAULT_READER).body).toContain("within 24 hours");
    expect(notificationText("reveal_closing", subject, facts, { now: END + REVEAL_WINDOW - HOUR, winnerName: null }, DEFAULT_READER).body).toContain("closes in 60 minutes");
    const closed = notificationText("ended", subject, { ...facts, endsAt: END }, { now: END, winnerName: null }, DEFAULT_READER);
    expect(closed.body).toContain("2 sealed offers");
    expect(closed.body).toContain("award once every offer is revealed");
  });
});
