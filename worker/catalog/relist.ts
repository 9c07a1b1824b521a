import { and, eq, gt, ne } from "drizzle-orm";
import { MAX_AUCTION_DURATION_MS, MIN_AUCTION_DURATION_MS } from "../../schema/api/auctions";
import { auctions, images, orders, secondChanceOffers, type AuctionRow, type ImageRow } from "../../schema/db";
import { database, type Database } from "../db/client";
import { findAuctionRow, markPublished } from "../db/listings";
import { imagesOf } from "../db/images";
import { IMMUTABLE_CACHE, newObjectKey } from "../images/store";
import { log } from "../lib/log";
import { termsOf } from "./listing-terms";

/**
 * Relisting (docs/orders.md): an ended auction without a sale becomes a new
 * listing with the same photos, terms and category. By hand it is a draft the
 * seller reviews and publishes; automatically (when asked at listing) it is
 * published at once, up to the number of times the seller chose.
 */

export type RelistRefusal = { status: 409; code: "RULE_VIOLATION" | "LISTING_SOLD" | "SECOND_CHANCE_PENDING"; message: string };

/** Why this listing cannot be relisted now; null when it can. */
export async function relistRefusal(db: Database, row: AuctionRow, now: number): Promise<RelistRefusal | null> {
  if (row.status !== "ended") {
    return { status: 409, code: "RULE_VIOLATION", message: `Only an ended auction without a sale can be relisted; this one is ${row.status}` };
  }
  const [sale] = await db.select({ id: orders.id }).from(orders).where(and(eq(orders.auctionId, row.id), ne(orders.status, "unpaid"))).limit(1);
  if (sale) return { status: 409, code: "LISTING_SOLD", message: "This item sold; it cannot be relisted" };
  const [offer] = await db
    .select({ id: secondChanceOffers.id })
    .from(secondChanceOffers)
    .where(and(eq(secondChanceOffers.auctionId, row.id), eq(secondChanceOffers.status, "pending"), gt(secondChanceOffers.expiresAt, now)))
    .limit(1);
  if (offer) return { status: 409, code: "SECOND_CHANCE_PENDING", message: "A second-chance offer is waiting for the runner-up's answer" };
  return null;
}

/** The same run length, starting now; a deadline and hard close keep their distance from the start. */
function shiftedTimes(row: AuctionRow, now: number) {
  const duration = Math.min(MAX_AUCTION_DURATION_MS, Math.max(MIN_AUCTION_DURATION_MS, row.endsAt - row.startsAt));
  const shift = (at: number | null) => (at === null ? null : now + (at - row.startsAt));
  return { startsAt: now, endsAt: now + duration, hardCloseAt: row.hardCloseAt === null ? null : Math.max(now + duration, shift(row.hardCloseAt)!), deadline: shift(row.deadline) };
}

/**
 * Creates the copy; `created` is false when the listing had already been
 * relisted (a double click, a retried automatic relist): the unique
 * `relisted_from_id` lets only one copy exist, and that one is returned.
 */
export async function relistListing(env: Env, row: AuctionRow, options: { automatic: boolean; now: number }): Promise<{ row: AuctionRow; created: boolean }> {
  const db = database(env.DB);
  const id = crypto.randomUUID();
  const times = shiftedTimes(row, options.now);
  const inserted = await db
    .insert(auctions)
    .values({
      ...row,
      ...times,
      id,
      status: "draft",
      currentPrice: null,
      bidCount: 0,
      summarySeq: 0,
      watchCount: 0,
      featuredAt: null,
      cancelReason: null,
      publishedAt: null,
      createdAt: options.now,
      updatedAt: options.now,
      relistedFromId: row.id,
      autoRelist: options.automatic ? row.autoRelist - 1 : row.autoRelist,
    })
    .onConflictDoNothing({ target: auctions.relistedFromId })
    .returning({ id: auctions.id });
  if (inserted.length === 0) {
    const [existing] = await db.select().from(auctions).where(eq(auctions.relistedFromId, row.id));
    return { row: existing!, created: false };
  }
  await copyImages(env, db, await imagesOf(db, row.id), id, options.now);
  if (options.automatic) {
    const copy = (await findAuctionRow(db, id))!;
    await env.AUCTION_ROOM.get(env.AUCTION_ROOM.idFromName(id)).initialize(termsOf(copy));
    await markPublished(db, id, copy.startsAt, options.now);
  }
  return { row: (await findAuctionRow(db, id))!, created: true };
}

/** Each photo is copied to a new object: images belong to one listing, and deleting one listing's photo must not break the other's. */
async function copyImages(env: Env, db: Database, sources: ImageRow[], auctionId: string, now: number): Promise<void> {
  for (const source of sources) {
    const object = await env.IMAGES.get(source.objectKey);
    if (!object) {
      log("warn", "relist: a photo is missing from R2 and was left out", { image: source.id });
      continue;
    }
    const objectKey = newObjectKey();
    await env.IMAGES.put(objectKey, await object.arrayBuffer(), { httpMetadata: { contentType: source.contentType, cacheControl: IMMUTABLE_CACHE } });
    await db.insert(images).values({ ...source, id: crypto.randomUUID(), objectKey, auctionId, createdAt: now });
  }
}

/**
 * Relists an unsold listing by itself when its seller asked for it and has
 * relists left. Safe to call again for the same listing (queue redelivery).
 */
export async function relistAutomatically(env: Env, auctionId: string, now: number): Promise<AuctionRow | null> {
  const db = database(env.DB);
  const row = await findAuctionRow(db, auctionId);
  if (!row || row.format !== "forward" || row.autoRelist <= 0) return null;
  if (await relistRefusal(db, row, now)) return null;
  return (await relistListing(env, row, { automatic: true, now })).row;
}
