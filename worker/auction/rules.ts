/**
 * The auction rules as pure functions: no I/O and no clock (time is passed
 * in), and inputs are never mutated, so the AuctionRoom can compute a new
 * state, persist it, and only then replace what it holds in memory.
 *
 * Forward auctions follow eBay's proxy semantics: every bid is a maximum
 * (a plain bid of X is a maximum of X); the leader holds the highest maximum
 * (the earlier one on a tie) and pays one increment above the runner-up's
 * maximum, capped at their own. Reverse auctions go downwards: the lowest
 * offer leads, and each new offer must undercut it by one increment.
 */
import type { AuctionStatus, BidRejectionCode, IncrementRule } from "../../schema/api/auctions";
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

/** The increment that applies at `price`: the band containing the price, or the fixed amount. */
export function incrementAt(rule: IncrementRule, price: number): number {
  if (rule.kind === "fixed") return rule.amount;
  let increment = rule.bands[0]!.increment;
  for (const band of rule.bands) {
    if (price >= band.from) increment = band.increment;
    else break;
  }
  return increment;
}

/** Forward: the least a new bid may be. */
export function minimumNextBid(terms: AuctionTerms, state: AuctionState): number {
  return state.currentPrice === null ? terms.startingPrice : state.currentPrice + incrementAt(terms.increment, state.currentPrice);
}

/** Reverse: the most a new offer may be. */
export function maximumNextOffer(terms: AuctionTerms, state: AuctionState): number {
  return state.currentPrice === null ? terms.startingPrice : state.currentPrice - incrementAt(terms.increment, state.currentPrice);
}

export function isReserveMet(terms: AuctionTerms, state: AuctionState): boolean {
  if (terms.format === "reverse" || terms.reservePrice === null) return true;
  return state.currentPrice !== null && state.currentPrice >= terms.reservePrice;
}

/** A bid inside the last `softCloseMs` moves the end to now + softCloseMs, never past the hard close. */
export function extendForSoftClose(terms: AuctionTerms, endsAt: number, now: number): number {
  if (terms.softCloseMs <= 0 || endsAt - now > terms.softCloseMs) return endsAt;
  const extended = now + terms.softCloseMs;
  const capped = terms.hardCloseAt === null ? extended : Math.min(extended, terms.hardCloseAt);
  return Math.max(endsAt, capped);
}

/**
 * Moves the auction to the status due at `now`; idempotent, and safe to call
 * late or twice (an alarm that fires again changes nothing).
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

function checkBidAllowed(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, now: number): BidRejection | null {
  if (state.status === "cancelled") return reject("AUCTION_CANCELLED", "This auction was cancelled");
  if (state.status === "ended" || state.status === "awarded" || now >= state.endsAt) {
    return reject("AUCTION_ENDED", "This auction has ended");
  }
  if (state.status !== "live" || now < terms.startsAt) return reject("AUCTION_NOT_STARTED", "This auction has not started yet");
  if (attempt.bidderId === terms.sellerId) return reject("SELF_BIDDING", "You cannot bid on your own auction");
  if (!Number.isSafeInteger(attempt.amount) || attempt.amount <= 0) {
    return reject("INVALID_AMOUNT", "Bid a positive whole number of minor units (cents)");
  }
  if (attempt.maxAmount !== undefined) {
    if (terms.format === "reverse") return reject("INVALID_AMOUNT", "Reverse auctions take no maximum");
    if (!Number.isSafeInteger(attempt.maxAmount) || attempt.maxAmount < attempt.amount) {
      return reject("INVALID_AMOUNT", "The maximum must be a whole number at least as large as the bid");
    }
  }
  const placed = state.standings[attempt.bidderId]?.bidCount ?? 0;
  if (terms.bidCapPerBidder !== null && placed >= terms.bidCapPerBidder) {
    return reject("BID_CAP_REACHED", `Each bidder may bid at most ${terms.bidCapPerBidder} times in this auction`);
  }
  return null;
}

function entry(state: AuctionState, bid: Omit<AcceptedBid, "seq" | "endsAt">, seq: number): AcceptedBid {
  return { ...bid, seq, endsAt: state.endsAt };
}

/** Orders forward standings: higher maximum first, the earlier maximum on a tie. */
function byForwardLimit(a: BidderStanding, b: BidderStanding): number {
  return b.limit - a.limit || a.setAtSeq - b.setAtSeq;
}

/**
 * The visible price for a leader against the runner-up: one increment above
 * the runner-up's maximum, capped at the leader's, lifted to the reserve when
 * the leader's maximum reaches it.
 */
function forwardPrice(terms: AuctionTerms, leader: BidderStanding, runnerUp: BidderStanding | undefined): number {
  let price = runnerUp
    ? Math.min(leader.limit, runnerUp.limit + incrementAt(terms.increment, runnerUp.limit))
    : terms.startingPrice;
  if (terms.reservePrice !== null && leader.limit >= terms.reservePrice) price = Math.max(price, terms.reservePrice);
  return Math.min(price, leader.limit);
}

function withStanding(
  standings: Record<string, BidderStanding>,
  attempt: BidAttempt,
  changes: Partial<BidderStanding>,
): Record<string, BidderStanding> {
  const previous = standings[attempt.bidderId];
  const base: BidderStanding = previous ?? {
    bidderId: attempt.bidderId,
    alias: attempt.alias,
    limit: 0,
    bestShown: 0,
    setAtSeq: 0,
    bidCount: 0,
  };
  return { ...standings, [attempt.bidderId]: { ...base, alias: attempt.alias, ...changes } };
}

function showAmount(standings: Record<string, BidderStanding>, bidderId: string, amount: number, format: AuctionTerms["format"]) {
  const standing = standings[bidderId]!;
  const better = format === "forward" ? amount > standing.bestShown : standing.bestShown === 0 || amount < standing.bestShown;
  return better ? { ...standings, [bidderId]: { ...standing, bestShown: amount } } : standings;
}

function placeBuyNow(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, now: number): BidAcceptance {
  const price = terms.buyNowPrice!;
  const seq = state.seq + 1;
  let standings = withStanding(state.standings, attempt, {
    limit: price,
    setAtSeq: seq,
    bidCount: (state.standings[attempt.bidderId]?.bidCount ?? 0) + 1,
  });
  standings = showAmount(standings, attempt.bidderId, price, "forward");
  const next: AuctionState = {
    ...state,
    status: "ended",
    endsAt: now,
    seq,
    currentPrice: price,
    leaderId: attempt.bidderId,
    bidCount: state.bidCount + 1,
    standings,
  };
  const bid = entry(next, { bidderId: attempt.bidderId, alias: attempt.alias, amount: price, kind: "buy_now", at: now, details: null }, seq);
  return { ok: true, state: next, accepted: [bid] };
}

/**
 * Buy-it-now stays open while no bid has reached its price, hidden maxima
 * included: someone willing to pay more must not lose to a buy-now.
 */
export function isBuyNowOpen(terms: AuctionTerms, state: AuctionState): boolean {
  if (terms.format !== "forward" || terms.buyNowPrice === null) return false;
  const price = terms.buyNowPrice;
  return Object.values(state.standings).every((standing) => standing.limit < price);
}

function placeForwardBid(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, now: number): BidOutcome {
  if (isBuyNowOpen(terms, state) && attempt.amount >= terms.buyNowPrice!) return placeBuyNow(terms, state, attempt, now);

  const limit = attempt.maxAmount ?? attempt.amount;
  const previous = state.standings[attempt.bidderId];
  const endsAt = extendForSoftClose(terms, state.endsAt, now);
  const firstSeq = state.seq + 1;

  if (state.leaderId === attempt.bidderId) {
    if (previous === undefined || limit <= previous.limit) {
      return reject("ALREADY_LEADING", "You are already the highest bidder; raise your maximum to bid again");
    }
    const standings = withStanding(state.standings, attempt, { limit, bidCount: previous.bidCount + 1 });
    const ranked = Object.values(standings).sort(byForwardLimit);
    const price = Math.max(state.currentPrice ?? 0, forwardPrice(terms, ranked[0]!, ranked[1]));
    const next: AuctionState = {
      ...state,
      endsAt,
      seq: firstSeq,
      currentPrice: price,
      bidCount: state.bidCount + 1,
      standings: showAmount(standings, attempt.bidderId, price, "forward"),
    };
    const raise = entry(next, { bidderId: attempt.bidderId, alias: attempt.alias, amount: price, kind: "raise", at: now, details: null }, firstSeq);
    return { ok: true, state: next, accepted: [raise] };
  }

  const minimum = minimumNextBid(terms, state);
  if (attempt.amount < minimum) return reject("BID_TOO_LOW", `Bid at least ${minimum}`);

  let standings = withStanding(state.standings, attempt, {
    limit,
    setAtSeq: firstSeq,
    bidCount: (previous?.bidCount ?? 0) + 1,
  });
  const ranked = Object.values(standings).sort(byForwardLimit);
  const leader = ranked[0]!;
  const price = Math.max(state.currentPrice ?? 0, forwardPrice(terms, leader, ranked[1]));
  const challengerLeads = leader.bidderId === attempt.bidderId;

  const accepted: Omit<AcceptedBid, "seq" | "endsAt">[] = challengerLeads
    ? [{ bidderId: attempt.bidderId, alias: attempt.alias, amount: price, kind: "bid", at: now, details: null }]
    : [
        { bidderId: attempt.bidderId, alias: attempt.alias, amount: limit, kind: "bid", at: now, details: null },
        { bidderId: leader.bidderId, alias: leader.alias, amount: price, kind: "proxy", at: now, details: null },
      ];
  for (const bid of accepted) standings = showAmount(standings, bid.bidderId, bid.amount, "forward");

  const next: AuctionState = {
    ...state,
    endsAt,
    seq: state.seq + accepted.length,
    currentPrice: price,
    leaderId: leader.bidderId,
    bidCount: state.bidCount + accepted.length,
    standings,
  };
  return { ok: true, state: next, accepted: accepted.map((bid, index) => entry(next, bid, firstSeq + index)) };
}

function placeReverseBid(terms: AuctionTerms, state: AuctionState, attempt: BidAttempt, now: number): BidOutcome {
  if (!attempt.details) return reject("DETAILS_REQUIRED", "Describe the work and how long it will take");
  const maximum = maximumNextOffer(terms, state);
  if (attempt.amount > maximum) {
    return reject("BID_TOO_HIGH", maximum > 0 ? `Offer at most ${maximum}` : "No lower offer is possible");
  }
  const seq = state.seq + 1;
  const previous = state.standings[attempt.bidderId];
  let standings = withStanding(state.standings, attempt, {
    limit: previous ? Math.min(previous.limit, attempt.amount) : attempt.amount,
    setAtSeq: seq,
    bidCount: (previous?.bidCount ?? 0) + 1,
  });
  standings = showAmount(standings, attempt.bidderId, attempt.amount, "reverse");
  const next: AuctionState = {
    ...state,
    endsAt: extendForSoftClose(terms, state.endsAt, now),
    seq,
    currentPrice: attempt.amount,
    leaderId: attempt.bidderId,
    bidCount: state.bidCount + 1,
    standings,
  };
  const bid = entry(next, { bidderId: attempt.bidderId, alias: attempt.alias, amount: attempt.amount, kind: "bid", at: now, details: attempt.details }, seq);
  return { ok: true, state: next, accepted: [bid] };
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

/** Top bidders by the best amount they have shown (never their hidden maximum). */
export function leaderboard(terms: AuctionTerms, state: AuctionState, limit = 10): LeaderboardEntry[] {
  const direction = terms.format === "forward" ? -1 : 1;
  return Object.values(state.standings)
    .filter((standing) => standing.bestShown > 0)
    .sort((a, b) => direction * (a.bestShown - b.bestShown) || a.setAtSeq - b.setAtSeq)
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

export type AwardOutcome = { ok: true; state: AuctionState; bid: AcceptedBid } | { ok: false; message: string };

/** The requester awards a reverse auction to any offer, before or after the deadline. */
export function awardBid(terms: AuctionTerms, state: AuctionState, bid: AcceptedBid | undefined): AwardOutcome {
  if (terms.format !== "reverse") return { ok: false, message: "Only reverse auctions are awarded" };
  if (state.status === "cancelled" || state.status === "awarded") return { ok: false, message: `The request is already ${state.status}` };
  if (state.status === "scheduled" || state.status === "draft") return { ok: false, message: "The request has no offers yet" };
  if (!bid || bid.kind !== "bid") return { ok: false, message: "No offer has this sequence number" };
  return { ok: true, state: { ...state, status: "awarded", awardedSeq: bid.seq }, bid };
}
