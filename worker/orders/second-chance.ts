import { eq } from "drizzle-orm";
import { SECOND_CHANCE_HOURS, type SecondChanceStatus } from "../../schema/api/second-chance";
import { auctions, type SecondChanceOfferRow } from "../../schema/db";
import { relistAutomatically } from "../catalog/relist";
import { database } from "../db/client";
import { findAuctionRow } from "../db/listings";
import type { OrderWithParties } from "../db/orders";
import { expireOffers, insertOffer, offerOfOrder, runnerUpOf } from "../db/second-chance";
import { deliverDirect } from "../notifications/deliver";
import { secondChanceText } from "./notices";

/**
 * Second chance (docs/orders.md): after the winner's order is marked unpaid,
 * the item goes to the runner-up at their own highest bid, if they accept
 * within 48 hours. At most one offer per unpaid order, and at most one order
 * from it, whatever retries or double clicks happen.
 */
export const SECOND_CHANCE_MS = SECOND_CHANCE_HOURS * 60 * 60 * 1000;

export function offerLink(offerId: string): string {
  return `/second-chance/${offerId}`;
}

export type OfferOutcome =
  | { ok: true; offer: SecondChanceOfferRow; created: boolean }
  | { ok: false; status: 409 | 422; code: "ORDER_STEP_OUT_OF_ORDER" | "SECOND_CHANCE_UNAVAILABLE" | "RULE_VIOLATION"; message: string };

/**
 * Offers the item of an unpaid order to the runner-up, at their highest bid
 * or a lower price the seller names, never above; the same offer again if one
 * exists.
 */
export async function offerSecondChance(env: Env, found: OrderWithParties, now: number, askedPrice?: number): Promise<OfferOutcome> {
  const { order } = found;
  if (order.status !== "unpaid") return { ok: false, status: 409, code: "ORDER_STEP_OUT_OF_ORDER", message: "A second chance follows an order marked unpaid" };
  if (order.source !== "result" || found.format !== "forward") {
    return { ok: false, status: 422, code: "SECOND_CHANCE_UNAVAILABLE", message: "Only the winner's order of an auction can lead to a second chance" };
  }
  const db = database(env.DB);
  const existing = await offerOfOrder(db, order.id);
  if (existing) return { ok: true, offer: existing, created: false };
  const listing = await findAuctionRow(db, order.auctionId);
  const [relisted] = await db.select({ id: auctions.id }).from(auctions).where(eq(auctions.relistedFromId, order.auctionId)).limit(1);
  if (!listing || relisted) return { ok: false, status: 409, code: "RULE_VIOLATION", message: "This item was relisted; offer it there" };
  const runnerUp = await runnerUpOf(db, order.auctionId, order.buyerId);
  if (!runnerUp) return { ok: false, status: 422, code: "SECOND_CHANCE_UNAVAILABLE", message: "Nobody else bid on this auction" };
  if (askedPrice !== undefined && askedPrice > runnerUp.highestBid) {
    return { ok: false, status: 422, code: "RULE_VIOLATION", message: "A second chance is never above the runner-up's own highest bid" };
  }
  const offer = await insertOffer(db, {
    unpaidOrderId: order.id,
    auctionId: order.auctionId,
    buyerId: runnerUp.userId,
    sellerId: order.sellerId,
    currency: order.currency,
    price: askedPrice ?? runnerUp.highestBid,
    expiresAt: now + SECOND_CHANCE_MS,
    now,
  });
  if (!offer) return { ok: true, offer: (await offerOfOrder(db, order.id))!, created: false };
  await deliverDirect(
    env,
    {
      event: "second_chance",
      auctionId: offer.auctionId,
      occurrence: offer.id,
      link: offerLink(offer.id),
      userId: offer.buyerId,
      text: secondChanceText({
        title: found.title,
        seller: found.seller.displayName,
        price: offer.price,
        currency: offer.currency,
        hours: SECOND_CHANCE_HOURS,
        expiresAt: offer.expiresAt,
      }),
    },
    now,
  );
  return { ok: true, offer, created: true };
}

/**
 * What follows an unpaid order by itself: the second chance when the listing
 * asked for it and someone else bid, else an automatic relist when asked.
 */
export async function afterUnpaid(env: Env, found: OrderWithParties, now: number): Promise<void> {
  const listing = await findAuctionRow(database(env.DB), found.order.auctionId);
  if (listing?.autoSecondChance) {
    const outcome = await offerSecondChance(env, found, now);
    if (outcome.ok) return;
  }
  await relistAutomatically(env, found.order.auctionId, now);
}

/** Hourly: offers nobody answered in 48 hours expire, and listings that asked are relisted. */
export async function sweepExpiredOffers(env: Env, now: number): Promise<number> {
  const expired = await expireOffers(database(env.DB), now);
  for (const offer of expired) await relistAutomatically(env, offer.auctionId, now);
  return expired.length;
}

/** A pending offer past its 48 hours reads as expired even before the hourly sweep marks it. */
export function effectiveOffer<T extends { status: SecondChanceStatus; expiresAt: number }>(offer: T, now: number): T {
  return offer.status === "pending" && offer.expiresAt <= now ? { ...offer, status: "expired" } : offer;
}
