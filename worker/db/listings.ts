import { and, eq, sql } from "drizzle-orm";
import { auctions, users, watches, type AuctionRow } from "../../schema/db";
import type { AuctionStatus } from "../../schema/api/auctions";
import type { ListingFields, PublicProfile } from "../../schema/api/catalog";
import type { Database } from "./client";
import { feedbackScore } from "./feedback";

/** The catalog columns of a listing, as stored; the room's terms are derived from them (termsOf). */
export function listingColumns(listing: ListingFields) {
  const common = {
    title: listing.title,
    description: listing.description,
    categoryId: listing.categoryId,
    location: listing.location,
    format: listing.format,
    currency: listing.currency,
    bidCapPerBidder: listing.bidCapPerBidder,
    softCloseMs: listing.softCloseMinutes * 60_000,
    startsAt: Date.parse(listing.startsAt),
    endsAt: Date.parse(listing.endsAt),
  };
  if (listing.format === "reverse") {
    return {
      ...common,
      condition: null,
      startingPrice: listing.budgetMax,
      increment: { kind: "fixed" as const, amount: 1 },
      reservePrice: null,
      buyNowPrice: null,
      hardCloseAt: null,
      requirements: listing.requirements,
      budgetMin: listing.budgetMin,
      deadline: Date.parse(listing.deadline),
      // Soft close never applies to a sealed request: offers after the deadline are refused.
      softCloseMs: listing.sealed ? 0 : common.softCloseMs,
      revealWindowMs: listing.sealed ? listing.revealWindowHours * 3_600_000 : null,
      autoRelist: 0,
      autoSecondChance: false,
    };
  }
  return {
    ...common,
    condition: listing.condition,
    startingPrice: listing.startingPrice,
    increment: listing.increment,
    reservePrice: listing.reservePrice,
    buyNowPrice: listing.buyNowPrice,
    hardCloseAt: listing.hardCloseAt === null ? null : Date.parse(listing.hardCloseAt),
    requirements: null,
    budgetMin: null,
    deadline: null,
    revealWindowMs: null,
    autoRelist: listing.autoRelist,
    autoSecondChance: listing.autoSecondChance,
  };
}

/** Rebuilds the editable fields from a stored row, so an edit can be merged into them and re-validated whole. */
export function listingFieldsOf(row: AuctionRow): Record<string, unknown> {
  const common = {
    format: row.format,
    title: row.title,
    description: row.description,
    categoryId: row.categoryId,
    location: row.location,
    currency: row.currency,
    bidCapPerBidder: row.bidCapPerBidder,
    softCloseMinutes: Math.round(row.softCloseMs / 60_000),
    startsAt: new Date(row.startsAt).toISOString(),
    endsAt: new Date(row.endsAt).toISOString(),
  };
  if (row.format === "reverse") {
    return {
      ...common,
      budgetMin: row.budgetMin,
      budgetMax: row.startingPrice,
      deadline: new Date(row.deadline ?? row.endsAt).toISOString(),
      requirements: row.requirements ?? "",
      sealed: row.revealWindowMs !== null,
      ...(row.revealWindowMs !== null ? { revealWindowHours: Math.round(row.revealWindowMs / 3_600_000) } : {}),
    };
  }
  return {
    ...common,
    condition: row.condition,
    startingPrice: row.startingPrice,
    increment: row.increment,
    reservePrice: row.reservePrice,
    buyNowPrice: row.buyNowPrice,
    hardCloseAt: row.hardCloseAt === null ? null : new Date(row.hardCloseAt).toISOString(),
    autoRelist: row.autoRelist,
    autoSecondChance: row.autoSecondChance,
  };
}

export async function insertListing(
  db: Database,
  input: { id: string; sellerId: string; listing: ListingFields; published: boolean; now: number },
): Promise<void> {
  await db.insert(auctions).values({
    id: input.id,
    sellerId: input.sellerId,
    ...listingColumns(input.listing),
    status: input.published ? "scheduled" : "draft",
    publishedAt: input.published ? input.now : null,
    createdAt: input.now,
    updatedAt: input.now,
  });
}

export async function updateListing(db: Database, id: string, listing: ListingFields, now: number): Promise<void> {
  await db.update(auctions).set({ ...listingColumns(listing), updatedAt: now }).where(eq(auctions.id, id));
}

export async function markPublished(db: Database, id: string, startsAt: number, now: number): Promise<void> {
  await db
    .update(auctions)
    .set({ status: "scheduled", startsAt, publishedAt: now, updatedAt: now })
    .where(and(eq(auctions.id, id), eq(auctions.status, "draft")));
}

export async function setDescription(db: Database, id: string, description: string, now: number): Promise<void> {
  await db.update(auctions).set({ description, updatedAt: now }).where(eq(auctions.id, id));
}

/** A statement, so an admin's cancellation can be batched with its audit entry. */
export function recordCancellation(db: Database, id: string, status: AuctionStatus, reason: string | null, now: number) {
  return db.update(auctions).set({ status, cancelReason: reason, updatedAt: now }).where(eq(auctions.id, id));
}

export async function deleteDraft(db: Database, id: string): Promise<void> {
  await db.delete(auctions).where(and(eq(auctions.id, id), eq(auctions.status, "draft")));
}

export async function findAuctionRow(db: Database, id: string): Promise<AuctionRow | undefined> {
  return db.query.auctions.findFirst({ where: eq(auctions.id, id) });
}

export function setFeaturedStatement(db: Database, id: string, featuredAt: number | null) {
  return db.update(auctions).set({ featuredAt }).where(eq(auctions.id, id));
}

/** Idempotent both ways; the count is recomputed in the same batch so it never drifts. */
export async function setWatching(db: Database, userId: string, auctionId: string, watching: boolean, now: number): Promise<number> {
  const change = watching
    ? db.insert(watches).values({ userId, auctionId, createdAt: now }).onConflictDoNothing()
    : db.delete(watches).where(and(eq(watches.userId, userId), eq(watches.auctionId, auctionId)));
  await db.batch([
    change,
    db
      .update(auctions)
      .set({ watchCount: sql`(SELECT count(*) FROM watches WHERE auction_id = ${auctionId})` })
      .where(eq(auctions.id, auctionId)),
  ]);
  const [row] = await db.select({ watchCount: auctions.watchCount }).from(auctions).where(eq(auctions.id, auctionId));
  return row?.watchCount ?? 0;
}

export async function isWatching(db: Database, userId: string, auctionId: string): Promise<boolean> {
  const row = await db.query.watches.findFirst({ where: and(eq(watches.userId, userId), eq(watches.auctionId, auctionId)) });
  return row !== undefined;
}

export async function publicProfile(db: Database, userId: string): Promise<PublicProfile | null> {
  const user = await db.query.users.findFirst({ where: eq(users.id, userId) });
  // A deleted account has no profile: its bids, sales and feedback remain under an anonymous name only.
  if (!user || user.deletedAt !== null) return null;
  const [counts] = await db.all<{ listings: number; sold: number; completedRequests: number }>(sql`
    SELECT
      (SELECT count(*) FROM auctions WHERE seller_id = ${userId} AND format = 'forward' AND status <> 'draft') AS listings,
      (SELECT count(*) FROM auction_results r JOIN auctions a ON a.id = r.auction_id
        WHERE a.seller_id = ${userId} AND a.format = 'forward' AND r.winner_id IS NOT NULL) AS sold,
      (SELECT count(*) FROM auction_results r JOIN auctions a ON a.id = r.auction_id
        WHERE r.winner_id = ${userId} AND a.format = 'reverse') AS completedRequests`);
  return { id: user.id, displayName: user.displayName, memberSince: user.createdAt, counts: counts!, feedback: await feedbackScore(db, userId) };
}

export async function participationCounts(db: Database, userId: string): Promise<{ bids: number; auctionsBidOn: number; watching: number; won: number }> {
  const [counts] = await db.all<{ bids: number | null; auctionsBidOn: number; watching: number; won: number }>(sql`
    SELECT
      (SELECT sum(bid_count) FROM auction_bidders WHERE user_id = ${userId}) AS bids,
      (SELECT count(*) FROM auction_bidders WHERE user_id = ${userId}) AS auctionsBidOn,
      (SELECT count(*) FROM watches WHERE user_id = ${userId}) AS watching,
      (SELECT count(*) FROM auction_results WHERE winner_id = ${userId}) AS won`);
  return { ...counts!, bids: counts!.bids ?? 0 };
}
