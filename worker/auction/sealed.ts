/**
 * Sealed service requests (commit–reveal) as pure functions beside the rules:
 * no I/O, no clock, inputs never mutated. While a sealed request is open the
 * room holds only commitments; in the reveal window it checks each opening
 * against its commitment; once every commitment is revealed or the window has
 * closed the offers are "opened": ranked, shown, and the requester may award.
 * Until then no amount leaves the room except to the provider who sent it
 * (publicEventOf, publicLeaderboard, sealedViewOf). See docs/protocol.md.
 */
import { createHash } from "node:crypto";
import type { LeaderboardRow } from "../../schema/api/live";
import { commitmentPreimage, type Opening, type SealedPhase, type SealedView } from "../../schema/api/sealed";
import type { ChainCheck, ChainedBid } from "./bid-log";
import {
  advanceLifecycle,
  leaderboard,
  nextAlarmAt,
  placeBid,
  type AwardOutcome,
  type BidAcceptance,
  type BidOutcome,
  type BidRejection,
} from "./rules";
import type { AcceptedBid, AuctionState, AuctionTerms, BidAttempt, BidderStanding, SealedState } from "./types";

const NO_COMMITMENTS: SealedState = { commitments: {}, opened: false };

/** SHA-256 of the canonical preimage; synchronous because the bid path must not await. */
export function commitmentOf(auctionId: string, providerId: string, opening: Opening): string {
  return createHash("sha256").update(commitmentPreimage(auctionId, providerId, opening)).digest("hex");
}

export function openingMatches(auctionId: string, providerId: string, opening: Opening, commitment: string): boolean {
  return commitmentOf(auctionId, providerId, opening) === commitment;
}

export function isSealed(terms: AuctionTerms): boolean {
  return terms.format === "reverse" && !!terms.sealed;
}

/** Sealed requests never extend, so the deadline is the terms' end. */
export function revealEndsAt(terms: AuctionTerms): number {
  return terms.endsAt + (terms.sealed?.revealWindowMs ?? 0);
}

function sealedOf(state: AuctionState): SealedState {
  return state.sealed ?? NO_COMMITMENTS;
}

export function sealedPhase(terms: AuctionTerms, state: AuctionState, now: number): SealedPhase {
  if (sealedOf(state).opened) return "opened";
  return now < terms.endsAt && state.status !== "ended" ? "commit" : "reveal";
}

/** Whether amounts must stay hidden from everyone but their provider. */
export function hidesAmounts(terms: AuctionTerms, state: AuctionState): boolean {
  return isSealed(terms) && !sealedOf(state).opened;
}

export interface RankedOffer {
  bidderId: string;
  amount: number;
  /** The commitment's seq: of two equal amounts the earlier commitment ranks first. */
  commitSeq: number;
}

/** Lowest first; ties by commitment order. The order reveals arrived in plays no part. */
export function rankReveals(offers: readonly RankedOffer[]): RankedOffer[] {
  return offers.toSorted((a, b) => a.amount - b.amount || a.commitSeq - b.commitSeq);
}

/** Valid reveals, ranked: their amount is the provider's standing limit, set when the opening checked out. */
export function rankedOffers(state: AuctionState): RankedOffer[] {
  const offers = Object.entries(sealedOf(state).commitments)
    .filter(([, entry]) => entry.revealedSeq !== null)
    .map(([bidderId, entry]) => ({ bidderId, amount: state.standings[bidderId]?.limit ?? 0, commitSeq: entry.seq }));
  return rankReveals(offers);
}

/** Opens the offers: the lowest valid reveal leads and sets the price. */
function openOffers(state: AuctionState): AuctionState {
  const [best] = rankedOffers(state);
  return { ...state, sealed: { ...sealedOf(state), opened: true }, currentPrice: best?.amount ?? null, leaderId: best?.bidderId ?? null };
}

/** The rules' lifecycle, then the reveal window: offers open once it has closed. Same object when nothing is due. */
export function advanceRoom(terms: AuctionTerms, state: AuctionState, now: number): AuctionState {
  const next = advanceLifecycle(terms, state, now);
  if (!isSealed(terms) || next.status !== "ended" || sealedOf(next).opened || now < revealEndsAt(terms)) return next;
  return openOffers(next);
}

export function nextRoomAlarmAt(terms: AuctionTerms, state: AuctionState): number | null {
  if (isSealed(terms) && state.status === "ended" && !sealedOf(state).opened) return revealEndsAt(terms);
  return nextAlarmAt(terms, state);
}

/** Whether watchers must hear of the change: a new status, or a sealed request's offers being opened (the status stays "ended"). */
export function phaseChanged(before: AuctionState, after: AuctionState): boolean {
  return before.status !== after.status || !!before.sealed?.opened !== !!after.sealed?.opened;
}

function reject(code: BidRejection["code"], message: string): BidRejection {
  return { ok: false, code, message };
}

/** Plain bids go to the rules, except on a sealed request: there an offer is a commitment. */
export function placeOpenBid(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, now: number): BidOutcome {
  if (isSealed(terms)) return reject("SEALED_OFFERS_ONLY", "This request takes sealed offers: send a commitment, then reveal it after the deadline");
  return placeBid(terms, state, attempt, now);
}

function entryFor(state: AuctionState, who: BidderStanding, fields: Pick<AcceptedBid, "amount" | "kind" | "details" | "seal">, now: number): AcceptedBid {
  return { seq: state.seq + 1, bidderId: who.bidderId, alias: who.alias, at: now, endsAt: state.endsAt, ...fields };
}

/** Before the deadline: one commitment per provider. Nothing about the offer reaches the room but its hash. */
export function commitOffer(terms: AuctionTerms, state: AuctionState, who: Pick<BidAttempt, "bidderId" | "alias">, commitment: string, now: number): BidOutcome {
  if (!isSealed(terms)) return reject("NOT_SEALED", "This request takes open offers");
  if (state.status === "cancelled") return reject("AUCTION_CANCELLED", "This request was cancelled");
  if (state.status !== "live" || now < terms.startsAt) {
    return state.status === "scheduled" ? reject("AUCTION_NOT_STARTED", "This request has not opened yet") : reject("AUCTION_ENDED", "Offers closed at the deadline");
  }
  if (now >= state.endsAt) return reject("AUCTION_ENDED", "Offers closed at the deadline");
  if (who.bidderId === terms.sellerId) return reject("SELF_BIDDING", "You cannot make an offer on your own request");
  const sealed = sealedOf(state);
  if (sealed.commitments[who.bidderId]) return reject("ALREADY_COMMITTED", "You have already sent a sealed offer for this request");
  const seq = state.seq + 1;
  const standing: BidderStanding = { bidderId: who.bidderId, alias: who.alias, limit: 0, bestShown: 0, setAtSeq: seq, bidCount: 1 };
  const entry = entryFor(state, standing, { amount: 0, kind: "commit", details: null, seal: { commitment, nonce: null } }, now);
  const next: AuctionState = {
    ...state,
    seq,
    // The number of offers, which is all anyone may know while the request is open.
    bidCount: Object.keys(sealed.commitments).length + 1,
    standings: { ...state.standings, [who.bidderId]: standing },
    sealed: { ...sealed, commitments: { ...sealed.commitments, [who.bidderId]: { seq, commitment, revealedSeq: null } } },
  };
  return { ok: true, state: next, accepted: [entry] };
}

/**
 * In the reveal window: the caller's own commitment is opened. A mismatch is
 * refused and leaves the commitment open for a correct opening until the
 * window closes. The last reveal opens the offers at once.
 */
export function revealOffer(terms: AuctionTerms, state: AuctionState, who: Pick<BidAttempt, "bidderId">, opening: Opening, now: number): BidOutcome {
  if (!isSealed(terms)) return reject("NOT_SEALED", "This request takes open offers");
  if (state.status === "cancelled") return reject("AUCTION_CANCELLED", "This request was cancelled");
  if (state.status === "awarded") return reject("REVEAL_CLOSED", "This request has been awarded");
  if (now < terms.endsAt) return reject("REVEAL_NOT_OPEN", "Offers are revealed after the deadline");
  if (now >= revealEndsAt(terms) || sealedOf(state).opened) return reject("REVEAL_CLOSED", "The reveal window has closed");
  const sealed = sealedOf(state);
  const mine = sealed.commitments[who.bidderId];
  if (!mine) return reject("NO_COMMITMENT", "You sent no sealed offer for this request");
  if (mine.revealedSeq !== null) return reject("ALREADY_REVEALED", "Your offer is already revealed");
  if (!openingMatches(terms.id, who.bidderId, opening, mine.commitment)) {
    return reject("OPENING_MISMATCH", "This amount, description and nonce do not match your commitment");
  }
  if (opening.amount > terms.startingPrice) return reject("BID_TOO_HIGH", "The offer is above the request's budget");
  const seq = state.seq + 1;
  const previous = state.standings[who.bidderId]!;
  const standing: BidderStanding = { ...previous, limit: opening.amount, bestShown: opening.amount };
  const entry = entryFor(
    state,
    standing,
    { amount: opening.amount, kind: "reveal", details: opening.details, seal: { commitment: mine.commitment, nonce: opening.nonce } },
    now,
  );
  const commitments = { ...sealed.commitments, [who.bidderId]: { ...mine, revealedSeq: seq } };
  const next: AuctionState = { ...state, seq, standings: { ...state.standings, [who.bidderId]: standing }, sealed: { ...sealed, commitments } };
  const everyoneRevealed = Object.values(commitments).every((entry) => entry.revealedSeq !== null);
  const acceptance: BidAcceptance = { ok: true, state: everyoneRevealed ? openOffers(next) : next, accepted: [entry] };
  return acceptance;
}

/** The requester awards a sealed request to a valid reveal, once the offers are opened. */
export function awardSealed(state: AuctionState, bid: AcceptedBid | undefined): AwardOutcome {
  if (state.status === "cancelled" || state.status === "awarded") return { ok: false, message: `The request is already ${state.status}` };
  if (!sealedOf(state).opened) return { ok: false, message: "Offers can be awarded once they are opened: every offer revealed, or the reveal window closed" };
  if (!bid || bid.kind !== "reveal") return { ok: false, message: "No revealed offer has this sequence number" };
  return { ok: true, state: { ...state, status: "awarded", awardedSeq: bid.seq }, bid };
}

/** Sealed: nothing until opened, then only valid reveals (a commitment never revealed ranks nowhere). */
export function publicLeaderboard(terms: AuctionTerms, state: AuctionState): LeaderboardRow[] {
  if (!isSealed(terms)) return leaderboard(terms, state);
  if (!sealedOf(state).opened) return [];
  return rankedOffers(state)
    .slice(0, 10)
    .map((offer) => ({ alias: state.standings[offer.bidderId]?.alias ?? "", amount: offer.amount, leading: offer.bidderId === state.leaderId }));
}

export function sealedViewOf(terms: AuctionTerms, state: AuctionState, viewerId: string | null, now: number): SealedView | null {
  if (!isSealed(terms)) return null;
  const sealed = sealedOf(state);
  const entries = Object.entries(sealed.commitments);
  const mine = viewerId === null ? undefined : sealed.commitments[viewerId];
  return {
    phase: sealedPhase(terms, state, now),
    revealEndsAt: revealEndsAt(terms),
    revealWindowHours: Math.round((terms.sealed?.revealWindowMs ?? 0) / 3_600_000),
    commitments: entries.length,
    revealed: entries.filter(([, entry]) => entry.revealedSeq !== null).length,
    unrevealed: sealed.opened ? entries.filter(([, entry]) => entry.revealedSeq === null).map(([bidderId]) => state.standings[bidderId]?.alias ?? "") : [],
    yours: mine ? { seq: mine.seq, commitment: mine.commitment, revealed: mine.revealedSeq !== null } : null,
  };
}

/** Providers who committed, and those of them who have not revealed yet: who the reveal reminders go to. */
export function committedProviders(state: AuctionState): { all: string[]; unrevealed: string[] } {
  const entries = Object.entries(sealedOf(state).commitments);
  return { all: entries.map(([id]) => id), unrevealed: entries.filter(([, entry]) => entry.revealedSeq === null).map(([id]) => id) };
}

/**
 * What the hash chain alone cannot say: every reveal opens the commitment its
 * provider logged before the deadline, after the deadline, once; every
 * commitment was logged before the deadline, one per provider.
 */
export function verifyOpenings(terms: AuctionTerms, bids: readonly ChainedBid[]): ChainCheck | null {
  const committed = new Map<string, { commitment: string; revealed: boolean }>();
  for (const bid of bids) {
    if (bid.kind === "commit") {
      if (!bid.seal || bid.at >= terms.endsAt || committed.has(bid.bidderId)) return { valid: false, brokenAtSeq: bid.seq, reason: "commitment out of place" };
      committed.set(bid.bidderId, { commitment: bid.seal.commitment, revealed: false });
    } else if (bid.kind === "reveal") {
      const mine = committed.get(bid.bidderId);
      const opening = { amount: bid.amount, details: bid.details!, nonce: bid.seal?.nonce ?? "" };
      if (!mine || mine.revealed || !bid.seal || bid.seal.commitment !== mine.commitment || bid.at < terms.endsAt || bid.details === null) {
        return { valid: false, brokenAtSeq: bid.seq, reason: "reveal without its commitment" };
      }
      if (!openingMatches(terms.id, bid.bidderId, opening, mine.commitment)) return { valid: false, brokenAtSeq: bid.seq, reason: "opening does not match its commitment" };
      mine.revealed = true;
    } else {
      return { valid: false, brokenAtSeq: bid.seq, reason: "open offer in a sealed log" };
    }
  }
  return null;
}
