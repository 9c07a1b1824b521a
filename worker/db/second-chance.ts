import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { SecondChanceOffer } from "../../schema/api/second-chance";
import { auctions, orders, secondChanceOffers, users, type SecondChanceOfferRow } from "../../schema/db";
import { PAYMENT_DEADLINE_MS_SQL } from "./site-settings";
import type { Database } from "./client";

/**
 * The best bidder after the one who did not pay, with their own highest bid
 * (what they showed in the log, never their hidden proxy maximum). Deleted
 * and suspended accounts are skipped.
 */
export async function runnerUpOf(db: Database, auctionId: string, winnerId: string): Promise<{ userId: string; highestBid: number } | null> {
  const [row] = await db.all<{ userId: string; highestBid: number }>(sql`
    SELECT b.user_id AS userId, b.highest_shown AS highestBid FROM auction_bidders b JOIN users u ON u.id = b.user_id
    WHERE b.auction_id = ${auctionId} AND b.user_id <> ${winnerId} AND u.deleted_at IS NULL AND u.suspended_at IS NULL
    ORDER BY b.highest_shown DESC, b.last_seq ASC LIMIT 1`);
  return row ?? null;
}

/** One offer per unpaid order: the unique key turns a second attempt (a double click, the automatic offer racing the seller) into null. */
export async function insertOffer(
  db: Database,
  input: { unpaidOrderId: string; auctionId: string; buyerId: string; sellerId: string; currency: string; price: number; expiresAt: number; now: number },
): Promise<SecondChanceOfferRow | null> {
  const [row] = await db
    .insert(secondChanceOffers)
    .values({ id: crypto.randomUUID(), status: "pending", decidedAt: null, createdAt: input.now, ...input })
    .onConflictDoNothing({ target: secondChanceOffers.unpaidOrderId })
    .returning();
  return row ?? null;
}

export async function offerOfOrder(db: Database, unpaidOrderId: string): Promise<SecondChanceOfferRow | undefined> {
  return db.query.secondChanceOffers.findFirst({ where: eq(secondChanceOffers.unpaidOrderId, unpaidOrderId) });
}

const buyer = alias(users, "offer_buyer");
const seller = alias(users, "offer_seller");

export async function findOffer(db: Database, id: string): Promise<SecondChanceOffer | undefined> {
  const [row] = await db
    .select({
      offer: secondChanceOffers,
      title: auctions.title,
      buyer: { id: buyer.id, displayName: buyer.displayName },
      seller: { id: seller.id, displayName: seller.displayName },
      orderId: orders.id,
    })
    .from(secondChanceOffers)
    .innerJoin(auctions, eq(auctions.id, secondChanceOffers.auctionId))
    .innerJoin(buyer, eq(buyer.id, secondChanceOffers.buyerId))
    .innerJoin(seller, eq(seller.id, secondChanceOffers.sellerId))
    .leftJoin(orders, and(eq(orders.auctionId, secondChanceOffers.auctionId), eq(orders.source, "second_chance"), eq(secondChanceOffers.status, "accepted")))
    .where(eq(secondChanceOffers.id, id));
  if (!row) return undefined;
  const { offer } = row;
  return {
    id: offer.id,
    auctionId: offer.auctionId,
    title: row.title,
    currency: offer.currency,
    price: offer.price,
    status: offer.status,
    expiresAt: offer.expiresAt,
    createdAt: offer.createdAt,
    decidedAt: offer.decidedAt,
    buyer: row.buyer,
    seller: row.seller,
    orderId: row.orderId,
  };
}

/**
 * Accepts and creates the order in one batch. Only a pending, unexpired offer
 * moves to accepted, and the order insert only runs for an accepted offer and
 * is keyed (auction, "second_chance"): any number of acceptances, in parallel
 * or retried, make one order.
 */
export async function acceptOffer(d1: D1Database, input: { id: string; buyerId: string; now: number }): Promise<void> {
  await d1.batch([
    d1
      .prepare(`UPDATE second_chance_offers SET status = 'accepted', decided_at = ?3 WHERE id = ?1 AND buyer_id = ?2 AND status = 'pending' AND expires_at > ?3`)
      .bind(input.id, input.buyerId, input.now),
    d1
      .prepare(
        `INSERT INTO orders (id, auction_id, source, buyer_id, seller_id, currency, price, status, payment_due_at, created_at, updated_at)
         SELECT ?4, auction_id, 'second_chance', buyer_id, seller_id, currency, price, 'awaiting_payment', ?3 + ${PAYMENT_DEADLINE_MS_SQL}, ?3, ?3
         FROM second_chance_offers WHERE id = ?1 AND buyer_id = ?2 AND status = 'accepted'
         ON CONFLICT (auction_id, source) DO NOTHING`,
      )
      .bind(input.id, input.buyerId, input.now, crypto.randomUUID()),
  ]);
}

export async function declineOffer(db: Database, input: { id: string; buyerId: string; now: number }): Promise<boolean> {
  const changed = await db
    .update(secondChanceOffers)
    .set({ status: "declined", decidedAt: input.now })
    .where(and(eq(secondChanceOffers.id, input.id), eq(secondChanceOffers.buyerId, input.buyerId), eq(secondChanceOffers.status, "pending")))
    .returning({ id: secondChanceOffers.id });
  return changed.length > 0;
}

/** Marks pending offers past their 48 hours expired; returns them, for relisting the ones that asked. */
export async function expireOffers(db: Database, now: number, limit = 100): Promise<SecondChanceOfferRow[]> {
  const due = db.select({ id: secondChanceOffers.id }).from(secondChanceOffers).where(and(eq(secondChanceOffers.status, "pending"), lt(secondChanceOffers.expiresAt, now))).limit(limit);
  return db
    .update(secondChanceOffers)
    .set({ status: "expired", decidedAt: now })
    .where(and(inArray(secondChanceOffers.id, due), eq(secondChanceOffers.status, "pending")))
    .returning();
}
