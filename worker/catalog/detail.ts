import type { AuctionDetail } from "../../schema/api/catalog";
import type { AuctionSnapshot } from "../../schema/api/live";
import type { AuctionRow } from "../../schema/db";
import { initialState } from "../auction/rules";
import { snapshotOf } from "../auction/snapshot";
import { categoryPath, findCategory } from "../db/categories";
import type { Database } from "../db/client";
import { imagesOf, toListingImage } from "../db/images";
import { isWatching } from "../db/listings";
import { awardOf } from "../db/awards";
import { findUserById } from "../db/users";
import { termsOf } from "./listing-terms";

/** A draft has no room yet: its snapshot is what the room would start from. */
export function draftSnapshot(row: AuctionRow, viewerId: string | null, now: number): AuctionSnapshot {
  const terms = termsOf(row);
  return snapshotOf(terms, { ...initialState(terms), status: "draft" }, viewerId, now);
}

/** Joins the room's live snapshot with the catalog's view of the listing. */
export async function auctionDetail(db: Database, row: AuctionRow, snapshot: AuctionSnapshot, viewerId: string | null): Promise<AuctionDetail> {
  const [category, seller, images, watching, award] = await Promise.all([
    row.categoryId ? findCategory(db, row.categoryId) : undefined,
    findUserById(db, row.sellerId),
    imagesOf(db, row.id),
    viewerId ? isWatching(db, viewerId, row.id) : null,
    snapshot.status === "awarded" ? awardOf(db, row.id) : null,
  ]);
  return {
    ...snapshot,
    title: row.title,
    description: row.description,
    categoryPath: category ? await categoryPath(db, category) : [],
    condition: row.condition,
    location: row.location,
    requirements: row.requirements,
    budgetMin: row.budgetMin,
    deadline: row.deadline,
    increment: row.increment,
    softCloseMinutes: Math.round(row.softCloseMs / 60_000),
    hardCloseAt: row.hardCloseAt,
    bidCapPerBidder: row.bidCapPerBidder,
    seller: { id: row.sellerId, displayName: seller?.displayName ?? "Former member", memberSince: seller?.createdAt ?? row.createdAt },
    images: images.map(toListingImage),
    watchCount: row.watchCount,
    watching,
    award,
    cancelReason: row.cancelReason,
    removed: row.hiddenAt === null ? null : { at: row.hiddenAt, reason: row.hiddenReason },
    publishedAt: row.publishedAt,
    createdAt: row.createdAt,
    reservePrice: viewerId === row.sellerId ? row.reservePrice : null,
    autoRelist: viewerId === row.sellerId ? row.autoRelist : null,
    autoSecondChance: viewerId === row.sellerId ? row.autoSecondChance : null,
    relistedFromId: row.relistedFromId,
  };
}
