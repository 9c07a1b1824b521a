import type { AuctionDetail } from "../../../schema/api/catalog";

export const NOW = Date.UTC(2026, 11, 2, 17, 0, 0);

/** A live forward auction as GET /api/auctions/:id returns it, seen by "Bidder 1" who leads. */
export function auctionDetail(overrides: Partial<AuctionDetail> = {}): AuctionDetail {
  return {
    id: "3b0c6c52-8a51-4a3b-9c55-0d3c1f7c8d11", format: "forward", status: "live", currency: "EUR", startingPrice: 2500, currentPrice: 2600,
    nextBidLimit: 2700, startsAt: NOW - 3_600_000, endsAt: NOW + 3_600_000, bidCount: 2, seq: 2, hasReserve: false, reserveMet: false, buyNowPrice: null,
    leaderboard: [{ alias: "Bidder 1", amount: 2600, leading: true }], you: { alias: "Bidder 1", leading: true, isSeller: false, limit: 2600, bidCount: 1, bidsLeft: null },
    title: "Gramophone", description: "A gramophone with a brass horn, in working order.", categoryPath: [], condition: "good", location: "Leeds",
    requirements: null, budgetMin: null, deadline: null, increment: { kind: "fixed", amount: 100 }, softCloseMinutes: 2, hardCloseAt: null,
    bidCapPerBidder: null, seller: { id: "s", displayName: "Seller", memberSince: 0 }, images: [], watchCount: 0, watching: false, cancelReason: null,
    publishedAt: NOW - 3_600_000, createdAt: NOW - 3_600_000, reservePrice: null, sealed: null, relistedFromId: null, autoSecondChance: null, autoRelist: null, removed: null, award: null, ...overrides,
  };
}
