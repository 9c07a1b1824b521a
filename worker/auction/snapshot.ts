import type { AuctionSnapshot, BidEvent, BidHistoryEntry, ViewerStanding } from "../../schema/api/live";
import { isBuyNowOpen, isReserveMet, leaderboard, maximumNextOffer, minimumNextBid } from "./rules";
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
    leaderboard: leaderboard(terms, state),
    you: viewerId ? viewerStandingOf(terms, state, viewerId) : null,
  };
}

export function bidEventOf(bid: AcceptedBid): BidEvent {
  return { seq: bid.seq, amount: bid.amount, bidder: bid.alias, kind: bid.kind, at: bid.at, endsAt: bid.endsAt };
}

/** A log entry as a viewer may see it: a reverse auction's requester sees who offered what and how; a provider sees their own details. */
export function historyEntryFor(terms: AuctionTerms, bid: AcceptedBid & { displayName: string }, viewerId: string | null): BidHistoryEntry {
  const event = bidEventOf(bid);
  if (terms.format !== "reverse") return event;
  if (viewerId === terms.sellerId) return { ...event, displayName: bid.displayName, details: bid.details };
  if (bid.bidderId === viewerId) return { ...event, details: bid.details };
  return event;
}
