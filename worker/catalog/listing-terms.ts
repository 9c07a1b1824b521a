import type { AuctionRow } from "../../schema/db";
import type { AuctionTerms } from "../auction/types";

/** What the AuctionRoom needs from a stored listing. */
export function termsOf(row: AuctionRow): AuctionTerms {
  return {
    id: row.id,
    format: row.format,
    currency: row.currency,
    sellerId: row.sellerId,
    startingPrice: row.startingPrice,
    increment: row.increment,
    reservePrice: row.reservePrice,
    buyNowPrice: row.buyNowPrice,
    bidCapPerBidder: row.bidCapPerBidder,
    softCloseMs: row.softCloseMs,
    hardCloseAt: row.hardCloseAt,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    sealed: row.revealWindowMs === null ? null : { revealWindowMs: row.revealWindowMs },
  };
}
