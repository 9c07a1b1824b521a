import type { AuctionSnapshot, BidEvent, BidHistoryEntry, ViewerStanding } from "../../schema/api/live";
import type { LogPage } from "./relay-tier";
import { isBuyNowOpen, isReserveMet, isSettled, maximumNextOffer, minimumNextBid } from "./rules";
import { hidesAmounts, publicLeaderboard, sealedViewOf } from "./sealed";
import type { AcceptedBid, AuctionState, AuctionTerms } from "./types";

export function viewerStandingOf(terms: AuctionTerms, state: AuctionState, viewerId: string): ViewerStanding {
  const standing = state.standings[viewerId];
  const bidCount = standing?.bidCount ?? 0;
  return {
    alias: standing?.alias ?? null,
    leading: state.leaderId === viewerId,
    isSeller: viewerId === terms.sellerId,
    limit: standing?.limit ?? null,
    bidCount,
    bidsLeft: terms.bidCapPerBidder === null ? null : Math.max(0, terms.bidCapPerBidder - bidCount),
  };
}

/** What a viewer may see of an auction: the reserve stays hidden, only whether it is met. */
export function snapshotOf(terms: AuctionTerms, state: AuctionState, viewerId: string | null, now: number): AuctionSnapshot {
  const open = state.status === "live" && now < state.endsAt;
  return {
    id: terms.id,
    format: terms.format,
    status: state.status,
    currency: terms.currency,
    startingPrice: terms.startingPrice,
    currentPrice: state.currentPrice,
    nextBidLimit: open || state.status === "scheduled" ? (terms.format === "forward" ? minimumNextBid(terms, state) : maximumNextOffer(terms, state)) : null,
    startsAt: terms.startsAt,
    endsAt: state.endsAt,
    bidCount: state.bidCount,
    seq: state.seq,
    hasReserve: terms.reservePrice !== null,
    reserveMet: isReserveMet(terms, state),
    buyNowPrice: isBuyNowOpen(terms, state) ? terms.buyNowPrice : null,
    leaderboard: publicLeaderboard(terms, state),
    you: viewerId ? viewerStandingOf(terms, state, viewerId) : null,
    sealed: sealedViewOf(terms, state, viewerId, now),
  };
}

export function bidEventOf(bid: AcceptedBid): BidEvent {
  return { seq: bid.seq, amount: bid.amount, bidder: bid.alias, kind: bid.kind, at: bid.at, endsAt: bid.endsAt };
}

/** A log entry as everyone may see it: in a sealed request a reveal's amount stays 0 until the offers are opened. */
export function publicEventOf(terms: AuctionTerms, state: AuctionState, bid: AcceptedBid): BidEvent {
  const event = bidEventOf(bid);
  return bid.kind === "reveal" && hidesAmounts(terms, state) ? { ...event, amount: 0 } : event;
}

/**
 * A log entry as a viewer may see it: a reverse auction's requester sees who offered what and how; a provider sees their own details.
 * Sealed requests: everyone sees each commitment; nobody but the provider sees a reveal's amount or details before the offers are opened.
 */
export function historyEntryFor(terms: AuctionTerms, state: AuctionState, bid: AcceptedBid & { displayName: string }, viewerId: string | null): BidHistoryEntry {
  const seal = bid.seal ? { commitment: bid.seal.commitment } : {};
  if (bid.bidderId === viewerId && terms.format === "reverse") return { ...bidEventOf(bid), ...seal, details: bid.details };
  const event = { ...publicEventOf(terms, state, bid), ...seal };
  if (terms.format !== "reverse" || hidesAmounts(terms, state)) return event;
  if (viewerId === terms.sellerId) return { ...event, displayName: bid.displayName, details: bid.details };
  return event;
}

/** A page of the log as everyone may see it (a `sync` reply, a relay's resync), with the status it ends at. */
export function logPageOf(terms: AuctionTerms, state: AuctionState, rows: AcceptedBid[]): LogPage {
  return { items: rows.map((bid) => publicEventOf(terms, state, bid)), status: state.status, endsAt: state.endsAt, settled: isSettled(terms, state) };
}

/** `limit` entries of the history as this viewer may see them, and where the next page starts; `rows` holds one more if there is one. */
export function historyPageOf(terms: AuctionTerms, state: AuctionState, rows: Array<AcceptedBid & { displayName: string }>, limit: number, viewerId: string | null) {
  const items = rows.slice(0, limit).map((row) => historyEntryFor(terms, state, row, viewerId));
  return { items, nextSeq: rows.length > limit ? (items.at(-1)?.seq ?? null) : null };
}
