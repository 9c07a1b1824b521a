import { auctions } from "../../schema/db";
import type { AuctionTerms } from "../auction/types";
import type { Database } from "./client";

/** The catalog row for a new auction; its room keeps the summary columns current. */
export async function insertAuction(db: Database, terms: AuctionTerms, title: string, now: number): Promise<void> {
  await db.insert(auctions).values({
    id: terms.id,
    sellerId: terms.sellerId,
    title,
    format: terms.format,
    currency: terms.currency,
    startingPrice: terms.startingPrice,
    increment: terms.increment,
    reservePrice: terms.reservePrice,
    buyNowPrice: terms.buyNowPrice,
    bidCapPerBidder: terms.bidCapPerBidder,
    softCloseMs: terms.softCloseMs,
    hardCloseAt: terms.hardCloseAt,
    startsAt: terms.startsAt,
    endsAt: terms.endsAt,
    status: "scheduled",
    createdAt: now,
    updatedAt: now,
  });
}
