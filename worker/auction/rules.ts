/**
 * The auction rules as pure functions: no I/O and no clock (time is passed
 * in), and inputs are never mutated, so the AuctionRoom can compute a new
 * state, persist it, and only then replace what it holds in memory.
 *
 * Forward auctions follow eBay's proxy semantics: every bid is a maximum
 * (a plain bid of X is a maximum of X; `amount` only has to reach the
 * minimum), the leader holds the highest maximum (the earlier one on a tie)
 * and pays one increment above the runner-up's maximum, capped at their own.
 * Decisions where that description is silent:
 * - A new leader never pays less than the minimum they were asked for. With
 *   an increment table whose increments shrink at a band edge, the old
 *   leader's maximum plus its increment can be below that minimum.
 * - When a challenger beats a leader whose hidden maximum is above the price,
 *   the log first records the leader's automatic bid at that maximum (as
 *   eBay's history does), then the challenger's: the log explains the new
 *   price, its amounts only rise, and the attempt's own entry comes last.
 * - The leader may raise their maximum ("raise" entry). The price stays,
 *   unless the new maximum reaches a reserve not yet met: then it rises to
 *   the reserve. A new maximum must reach the minimum next bid.
 * - Buy-it-now is open until any maximum reaches its price, hidden ones
 *   included: someone who has already offered more must not lose the item to
 *   a buy-now at less. A buy-now ends the auction at `now`.
 * - `bidCount` counts log entries, proxies included; the bid cap counts a
 *   bidder's own accepted attempts.
 *
 * Reverse auctions go downwards: the first offer may be at most the budget
 * (`startingPrice`), each later one must undercut the lowest by an increment
 * (so offers never tie), carries the work's details and has no maximum.
 */
import type { AuctionStatus, BidRejectionCode } from "../../schema/api/auctions";
import { incrementAt, maximumNextOffer as maximumOfferAt, minimumNextBid as minimumBidAt } from "../../schema/prices";
import { MAX_AMOUNT_MINOR } from "../../schema/money";
import type { AcceptedBid, AuctionState, AuctionTerms, BidAttempt, BidderStanding } from "./types";

export interface BidRejection {
  ok: false;
  code: BidRejectionCode;
  message: string;
}

export interface BidAcceptance {
  ok: true;
  state: AuctionState;
  accepted: AcceptedBid[];
}

export type BidOutcome = BidRejection | BidAcceptance;

function reject(code: BidRejectionCode, message: string): BidRejection {
  return { ok: false, code, message };
}

export function initialState(terms: AuctionTerms): AuctionState {
  return {
    status: "scheduled",
    endsAt: terms.endsAt,
    seq: 0,
    currentPrice: null,
    leaderId: null,
    bidCount: 0,
    standings: {},
    awardedSeq: null,
  };
}

/** Forward: the least a new bid may be. */
export function minimumNextBid(terms: AuctionTerms, state: AuctionState): number {
  return minimumBidAt(terms, state.currentPrice);
}

/** Reverse: the most a new offer may be. */
export function maximumNextOffer(terms: AuctionTerms, state: AuctionState): number {
  return maximumOfferAt(terms, state.currentPrice);
}

export function isReserveMet(terms: AuctionTerms, state: AuctionState): boolean {
  if (terms.format === "reverse" || terms.reservePrice === null) return true;
  return state.currentPrice !== null && state.currentPrice >= terms.reservePrice;
}

/** A bid inside the last `softCloseMs` moves the end to now + softCloseMs, never past the hard close nor earlier. */
export function extendForSoftClose(terms: AuctionTerms, endsAt: number, now: number): number {
  if (terms.softCloseMs <= 0 || endsAt - now > terms.softCloseMs) return endsAt;
  const extended = now + terms.softCloseMs;
  const capped = terms.hardCloseAt === null ? extended : Math.min(extended, terms.hardCloseAt);
  return Math.max(endsAt, capped);
}

/**
 * Moves the auction to the status due at `now`. Idempotent and safe to call
 * late or twice (an alarm that fires again changes nothing); returns the same
 * object when nothing is due, so the caller can skip persisting.
 */
export function advanceLifecycle(terms: AuctionTerms, state: AuctionState, now: number): AuctionState {
  let status: AuctionStatus = state.status;
  if (status === "scheduled" && now >= terms.startsAt) status = "live";
  if (status === "live" && now >= state.endsAt) status = "ended";
  return status === state.status ? state : { ...state, status };
}

/** When the room must next wake up on its own, or null when nothing more is scheduled. */
export function nextAlarmAt(terms: AuctionTerms, state: AuctionState): number | null {
  if (state.status === "scheduled") return terms.startsAt;
  if (state.status === "live") return state.endsAt;
  return null;
}

/** The schema bounds amounts; the rules hold the same line for anything that reaches them around it. */
function isAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && value <= MAX_AMOUNT_MINOR;
}

function checkBidAllowed(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, now: number): BidRejection | null {
  if (state.status === "cancelled") return reject("AUCTION_CANCELLED", "This auction was cancelled");
  if (state.status === "ended" || state.status === "awarded" || now >= state.endsAt) {
    return reject("AUCTION_ENDED", "This auction has ended");
  }
  if (state.status !== "live" || now < terms.startsAt) return reject("AUCTION_NOT_STARTED", "This auction has not started yet");
  if (attempt.bidderId === terms.sellerId) return reject("SELF_BIDDING", "You cannot bid on your own auction");
  if (!isAmount(attempt.amount)) {
    return reject("INVALID_AMOUNT", `Bid a positive whole number of minor units (cents), at most ${MAX_AMOUNT_MINOR}`);
  }
  if (attempt.maxAmount !== undefined) {
    if (terms.format === "reverse") return reject("INVALID_AMOUNT", "Reverse auctions take no maximum");
    if (!isAmount(attempt.maxAmount) || attempt.maxAmount < attempt.amount) {
      return reject("INVALID_AMOUNT", `The maximum must be a whole number at least as large as the bid, at most ${MAX_AMOUNT_MINOR}`);
    }
  }
  const placed = state.standings[attempt.bidderId]?.bidCount ?? 0;
  if (terms.bidCapPerBidder !== null && placed >= terms.bidCapPerBidder) {
    return reject("BID_CAP_REACHED", `Each bidder may bid at most ${terms.bidCapPerBidder} times in this auction`);
  }
  return null;
}

/** The attempting bidder's standing with the attempt counted, before anything else changes. */
function standingFor(state: AuctionState, attempt: BidAttempt): BidderStanding {
  const previous = state.standings[attempt.bidderId];
  return {
    bidderId: attempt.bidderId,
    alias: attempt.alias,
    limit: previous?.limit ?? 0,
    bestShown: previous?.bestShown ?? 0,
    setAtSeq: previous?.setAtSeq ?? 0,
    bidCount: (previous?.bidCount ?? 0) + 1,
  };
}

/** A log entry to append, with the standing of the bidder it is for (already updated by the attempt). */
interface Entry {
  who: BidderStanding;
  amount: number;
  kind: AcceptedBid["kind"];
  details: AcceptedBid["details"];
}

/**
 * Appends entries to the log: consecutive seqs, each bidder's best shown
 * amount updated, every entry stamped with the (possibly extended) end. One
 * attempt never logs two entries for the same bidder.
 */
function accept(
  terms: AuctionTerms,
  state: AuctionState,
  changes: Pick<AuctionState, "currentPrice" | "leaderId" | "endsAt" | "status">,
  entries: Entry[],
  now: number,
): BidAcceptance {
  const standings = { ...state.standings };
  for (const { who, amount } of entries) {
    const better = who.bestShown === 0 || (terms.format === "forward" ? amount > who.bestShown : amount < who.bestShown);
    standings[who.bidderId] = better ? { ...who, bestShown: amount } : who;
  }
  const next: AuctionState = {
    ...state,
    ...changes,
    standings,
    seq: state.seq + entries.length,
    bidCount: state.bidCount + entries.length,
  };
  const accepted = entries.map(
    ({ who, amount, kind, details }, index): AcceptedBid => ({
      seq: state.seq + 1 + index,
      bidderId: who.bidderId,
      alias: who.alias,
      amount,
      kind,
      at: now,
      endsAt: next.endsAt,
      details,
    }),
  );
  return { ok: true, state: next, accepted };
}

/** A maximum that reaches the hidden reserve lifts the price to the reserve at once, so "reserve met" is public as soon as it is true. */
function liftToReserve(terms: AuctionTerms, price: number, leaderLimit: number): number {
  return terms.reservePrice !== null && leaderLimit >= terms.reservePrice ? Math.max(price, terms.reservePrice) : price;
}

/**
 * Buy-it-now stays open while no maximum has reached its price, hidden ones
 * included, and only until the auction is over.
 */
export function isBuyNowOpen(terms: AuctionTerms, state: AuctionState): boolean {
  if (terms.format !== "forward" || terms.buyNowPrice === null) return false;
  if (state.status !== "scheduled" && state.status !== "live") return false;
  const price = terms.buyNowPrice;
  return Object.values(state.standings).every((standing) => standing.limit < price);
}

function buyItNow(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, price: number, now: number): BidAcceptance {
  const buyer = { ...standingFor(state, attempt), limit: price, setAtSeq: state.seq + 1 };
  return accept(
    terms,
    state,
    { status: "ended", endsAt: now, currentPrice: price, leaderId: buyer.bidderId },
    [{ who: buyer, amount: price, kind: "buy_now", details: null }],
    now,
  );
}

function raiseMaximum(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, leader: BidderStanding, price: number, now: number): BidOutcome {
  const limit = attempt.maxAmount ?? attempt.amount;
  if (limit <= leader.limit) {
    return reject("ALREADY_LEADING", "You are already the highest bidder; raise your maximum to bid again");
  }
  const minimum = minimumNextBid(terms, state);
  if (limit < minimum) return reject("BID_TOO_LOW", `A new maximum must be at least ${minimum}`);
  const raised = { ...standingFor(state, attempt), limit, setAtSeq: state.seq + 1 };
  const newPrice = liftToReserve(terms, price, limit);
  return accept(
    terms,
    state,
    { status: state.status, endsAt: extendForSoftClose(terms, state.endsAt, now), currentPrice: newPrice, leaderId: raised.bidderId },
    [{ who: raised, amount: newPrice, kind: "raise", details: null }],
    now,
  );
}

function challenge(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, leader: BidderStanding | undefined, now: number): BidOutcome {
  const minimum = minimumNextBid(terms, state);
  if (attempt.amount < minimum) return reject("BID_TOO_LOW", `Bid at least ${minimum}`);
  const limit = attempt.maxAmount ?? attempt.amount;
  const challenger = { ...standingFor(state, attempt), limit, setAtSeq: state.seq + 1 };
  const endsAt = extendForSoftClose(terms, state.endsAt, now);

  // A tie goes to the leader: their maximum was set earlier.
  if (leader !== undefined && limit <= leader.limit) {
    const price = Math.min(leader.limit, limit + incrementAt(terms.increment, limit));
    return accept(
      terms,
      state,
      { status: state.status, endsAt, currentPrice: price, leaderId: leader.bidderId },
      [
        { who: challenger, amount: limit, kind: "bid", details: null },
        { who: leader, amount: price, kind: "proxy", details: null },
      ],
      now,
    );
  }

  const outbid = leader === undefined ? terms.startingPrice : Math.min(limit, leader.limit + incrementAt(terms.increment, leader.limit));
  const price = liftToReserve(terms, Math.max(outbid, minimum), limit);
  const entries: Entry[] = [{ who: challenger, amount: price, kind: "bid", details: null }];
  if (leader !== undefined && state.currentPrice !== null && leader.limit > state.currentPrice) {
    entries.unshift({ who: leader, amount: leader.limit, kind: "proxy", details: null });
  }
  return accept(terms, state, { status: state.status, endsAt, currentPrice: price, leaderId: challenger.bidderId }, entries, now);
}

function placeForwardBid(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, now: number): BidOutcome {
  if (terms.buyNowPrice !== null && attempt.amount >= terms.buyNowPrice && isBuyNowOpen(terms, state)) {
    return buyItNow(terms, state, attempt, terms.buyNowPrice, now);
  }
  const leader = state.leaderId === null ? undefined : state.standings[state.leaderId];
  if (leader !== undefined && leader.bidderId === attempt.bidderId && state.currentPrice !== null) {
    return raiseMaximum(terms, state, attempt, leader, state.currentPrice, now);
  }
  return challenge(terms, state, attempt, leader, now);
}

function placeReverseBid(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, now: number): BidOutcome {
  if (!attempt.details) return reject("DETAILS_REQUIRED", "Describe the work and how long it will take");
  const maximum = maximumNextOffer(terms, state);
  if (attempt.amount > maximum) {
    return reject("BID_TOO_HIGH", maximum > 0 ? `Offer at most ${maximum}` : "No lower offer is possible");
  }
  const provider = { ...standingFor(state, attempt), limit: attempt.amount, setAtSeq: state.seq + 1 };
  return accept(
    terms,
    state,
    { status: state.status, endsAt: extendForSoftClose(terms, state.endsAt, now), currentPrice: attempt.amount, leaderId: provider.bidderId },
    [{ who: provider, amount: attempt.amount, kind: "bid", details: attempt.details }],
    now,
  );
}

/** Decides one bid attempt at the room's clock `now`. */
export function placeBid(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, now: number): BidOutcome {
  const refused = checkBidAllowed(terms, state, attempt, now);
  if (refused) return refused;
  return terms.format === "forward" ? placeForwardBid(terms, state, attempt, now) : placeReverseBid(terms, state, attempt, now);
}

export interface LeaderboardEntry {
  alias: string;
  amount: number;
  leading: boolean;
}

/**
 * Top bidders by the best amount they have shown (never a hidden maximum):
 * highest first (forward) or lowest first (reverse). The only tie possible
 * is a runner-up who matched the leader's maximum; the leader ranks first.
 */
export function leaderboard(terms: AuctionTerms, state: AuctionState, limit = 10): LeaderboardEntry[] {
  const direction = terms.format === "forward" ? -1 : 1;
  const leading = (standing: BidderStanding) => (standing.bidderId === state.leaderId ? 0 : 1);
  return Object.values(state.standings)
    .sort((a, b) => direction * (a.bestShown - b.bestShown) || leading(a) - leading(b) || a.setAtSeq - b.setAtSeq)
    .slice(0, limit)
    .map((standing) => ({ alias: standing.alias, amount: standing.bestShown, leading: standing.bidderId === state.leaderId }));
}

export interface AuctionResult {
  winnerId: string | null;
  finalPrice: number | null;
  bidCount: number;
  reserveMet: boolean;
}

/** The result recorded once the auction is over: forward at its end, reverse when awarded. */
export function settleAuction(terms: AuctionTerms, state: AuctionState, awarded?: AcceptedBid): AuctionResult {
  if (terms.format === "reverse") {
    return { winnerId: awarded?.bidderId ?? null, finalPrice: awarded?.amount ?? null, bidCount: state.bidCount, reserveMet: true };
  }
  const reserveMet = isReserveMet(terms, state);
  return {
    winnerId: reserveMet ? state.leaderId : null,
    finalPrice: reserveMet ? state.currentPrice : null,
    bidCount: state.bidCount,
    reserveMet,
  };
}

/** Whether a result is due: true exactly when the auction has reached its final state. */
export function isSettled(terms: AuctionTerms, state: AuctionState): boolean {
  if (state.status === "cancelled") return true;
  return terms.format === "forward" ? state.status === "ended" : state.status === "awarded";
}

export type CancelOutcome = { ok: true; state: AuctionState } | { ok: false; message: string };

/** Sellers may cancel before the first bid; admins at any time before the end. */
export function cancelAuction(state: AuctionState, byAdmin: boolean): CancelOutcome {
  if (state.status === "ended" || state.status === "awarded" || state.status === "cancelled") {
    return { ok: false, message: `The auction is already ${state.status}` };
  }
  if (!byAdmin && state.bidCount > 0) return { ok: false, message: "Auctions with bids can only be cancelled by an admin" };
  return { ok: true, state: { ...state, status: "cancelled" } };
}

export type ReviseOutcome = { ok: true; state: AuctionState } | { ok: false; code: "LISTING_LOCKED" | "RULE_VIOLATION"; message: string };

/**
 * A listing's terms may change until the first bid; the room starts over
 * from the new terms (there is nothing to carry over without bids).
 */
export function reviseTerms(state: AuctionState, revised: AuctionTerms): ReviseOutcome {
  if (state.bidCount > 0) return { ok: false, code: "LISTING_LOCKED", message: "After the first bid only description additions and images can change" };
  if (state.status !== "scheduled" && state.status !== "live") return { ok: false, code: "RULE_VIOLATION", message: `The auction is already ${state.status}` };
  return { ok: true, state: initialState(revised) };
}

export type AwardOutcome = { ok: true; state: AuctionState; bid: AcceptedBid } | { ok: false; message: string };

/**
 * The requester awards a reverse auction to any offer, before or after the
 * deadline. Who may award is the room's check (it answers 403, not 422).
 */
export function awardBid(terms: AuctionTerms, state: AuctionState, bid: AcceptedBid | undefined): AwardOutcome {
  if (terms.format !== "reverse") return { ok: false, message: "Only reverse auctions are awarded" };
  if (state.status === "cancelled" || state.status === "awarded") return { ok: false, message: `The request is already ${state.status}` };
  if (state.status === "scheduled" || state.status === "draft") return { ok: false, message: "The request has no offers yet" };
  if (!bid || bid.kind !== "bid") return { ok: false, message: "No offer has this sequence number" };
  return { ok: true, state: { ...state, status: "awarded", awardedSeq: bid.seq }, bid };
}

/**
 * Whose standing a change moved: the old and the new leader, and anyone whose
 * maximum, best amount or bid count changed. These viewers get a `you` frame.
 */
export function standingsChanged(before: AuctionState, after: AuctionState): Set<string> {
  const changed = new Set<string>();
  if (before.leaderId !== after.leaderId) {
    if (before.leaderId !== null) changed.add(before.leaderId);
    if (after.leaderId !== null) changed.add(after.leaderId);
  }
  for (const [bidderId, standing] of Object.entries(after.standings)) {
    if (standing !== before.standings[bidderId]) changed.add(bidderId);
  }
  return changed;
}
