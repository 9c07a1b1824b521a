import type { AuctionSnapshot } from "../../schema/api/live";
import { isBuyNowOpen, isReserveMet, leaderboard, maximumNextOffer, minimumNextBid } from "./rules";
import type { AuctionState, AuctionTerms } from "./types";

/** What a viewer may see of an auction: the reserve stays hidden, only whether it is met. */
export function snapshotOf(terms: AuctionTerms, state: AuctionState, viewerId: string | null, now: number): AuctionSnapshot {
  const standing = viewerId ? state.standings[viewerId] : undefined;
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
    you: viewerId ? { alias: standing?.alias ?? null, leading: state.leaderId === viewerId, isSeller: viewerId === terms.sellerId } : null,
  };
}
