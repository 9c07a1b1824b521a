import type { AuctionStatus } from "../../schema/api/auctions";
import { orderStatementsForResult } from "./orders";

/**
 * The room's writes to D1, delivered by its outbox: each may run more than
 * once (a retry after a timeout that had in fact committed), so each is
 * written to be idempotent.
 */

/** What lists show of a running auction: the catalog row trails the room by the summary debounce. */
export interface AuctionSummary {
  status: AuctionStatus;
  currentPrice: number | null;
  bidCount: number;
  endsAt: number;
  seq: number;
}

/** One bidder's standing, for "My auctions" and profile counts. */
export interface BidderSummary {
  userId: string;
  bidCount: number;
  highestShown: number;
  lastSeq: number;
}

/** The final result of an auction, written once. */
export interface AuctionResultWrite {
  status: AuctionStatus;
  winnerId: string | null;
  finalPrice: number | null;
  bidCount: number;
  reserveMet: boolean;
  settledAt: number;
}

/** Older summaries (a lower seq) never overwrite newer ones, whatever order retries land in. */
export async function writeAuctionSummary(d1: D1Database, auctionId: string, summary: AuctionSummary, bidders: BidderSummary[], now: number): Promise<void> {
  await d1.batch([
    d1
      .prepare(
        `UPDATE auctions SET status = ?1, current_price = ?2, bid_count = ?3, ends_at = ?4, summary_seq = ?5, updated_at = ?6
         WHERE id = ?7 AND summary_seq <= ?5`,
      )
      .bind(summary.status, summary.currentPrice, summary.bidCount, summary.endsAt, summary.seq, now, auctionId),
    d1
      .prepare(
        `INSERT INTO auction_bidders (auction_id, user_id, bid_count, highest_shown, last_seq)
         SELECT ?1, value ->> 'userId', value ->> 'bidCount', value ->> 'highestShown', value ->> 'lastSeq' FROM json_each(?2) WHERE true
         ON CONFLICT (auction_id, user_id) DO UPDATE SET
           bid_count = excluded.bid_count, highest_shown = excluded.highest_shown, last_seq = excluded.last_seq
         WHERE excluded.last_seq >= auction_bidders.last_seq`,
      )
      .bind(auctionId, JSON.stringify(bidders)),
  ]);
}

/**
 * The result and everything that follows from it, in one D1 batch (one
 * transaction): the first delivery writes it, a repeated one changes nothing.
 */
export async function writeAuctionResult(d1: D1Database, auctionId: string, result: AuctionResultWrite, now: number): Promise<void> {
  await d1.batch([
    d1
      .prepare(
        `INSERT INTO auction_results (auction_id, status, winner_id, final_price, bid_count, reserve_met, settled_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(auction_id) DO NOTHING`,
      )
      .bind(auctionId, result.status, result.winnerId, result.finalPrice, result.bidCount, result.reserveMet ? 1 : 0, result.settledAt),
    d1.prepare(`UPDATE auctions SET status = ?1, updated_at = ?2 WHERE id = ?3`).bind(result.status, now, auctionId),
    ...orderStatementsForResult(d1, { auctionId, ...result }),
  ]);
}
