import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { images, type ImageRow } from "../../schema/db";
import type { ListingImage } from "../../schema/api/catalog";
import type { Database } from "./client";

export function imageUrl(objectKey: string): string {
  return `/api/images/${objectKey}`;
}

export function toListingImage(row: ImageRow): ListingImage {
  const thumbnail =
    row.thumbKey !== null && row.thumbWidth !== null && row.thumbHeight !== null && row.thumbBytes !== null
      ? { url: imageUrl(row.thumbKey), width: row.thumbWidth, height: row.thumbHeight, bytes: row.thumbBytes }
      : null;
  return { id: row.id, url: imageUrl(row.objectKey), contentType: row.contentType, width: row.width, height: row.height, bytes: row.bytes, thumbnail };
}

/** Sets (or replaces) an image's thumbnail; returns the row as it is now. */
export async function setThumbnail(db: Database, id: string, thumbnail: { key: string; width: number; height: number; bytes: number }): Promise<ImageRow | undefined> {
  const [row] = await db
    .update(images)
    .set({ thumbKey: thumbnail.key, thumbWidth: thumbnail.width, thumbHeight: thumbnail.height, thumbBytes: thumbnail.bytes })
    .where(eq(images.id, id))
    .returning();
  return row;
}

export async function insertImage(db: Database, row: ImageRow): Promise<void> {
  await db.insert(images).values(row);
}

export async function findImage(db: Database, id: string): Promise<ImageRow | undefined> {
  return db.query.images.findFirst({ where: eq(images.id, id) });
}

export async function findImageByKey(db: Database, objectKey: string): Promise<ImageRow | undefined> {
  return db.query.images.findFirst({ where: eq(images.objectKey, objectKey) });
}

export async function imagesOf(db: Database, auctionId: string): Promise<ImageRow[]> {
  return db.select().from(images).where(eq(images.auctionId, auctionId)).orderBy(asc(images.position));
}

export async function imagesByIds(db: Database, ids: string[]): Promise<ImageRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(images).where(inArray(images.id, ids));
}

export async function countImages(db: Database, auctionId: string): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)` }).from(images).where(eq(images.auctionId, auctionId));
  return row!.count;
}

export async function countUnclaimedImages(db: Database, ownerId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)` })
    .from(images)
    .where(and(eq(images.ownerId, ownerId), isNull(images.auctionId)));
  return row!.count;
}

export async function deleteImageRows(db: Database, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(images).where(inArray(images.id, ids));
}

/**
 * Makes `orderedIds` the listing's images, in that order; images it held
 * before and no longer lists are returned for deletion.
 */
export async function setListingImages(db: Database, auctionId: string, orderedIds: string[]): Promise<ImageRow[]> {
  const current = await imagesOf(db, auctionId);
  const dropped = current.filter((row) => !orderedIds.includes(row.id));
  const statements = [
    ...orderedIds.map((id, position) => db.update(images).set({ auctionId, position }).where(eq(images.id, id))),
    ...(dropped.length > 0 ? [db.delete(images).where(inArray(images.id, dropped.map((row) => row.id)))] : []),
  ];
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  return dropped;
}

export async function unattachedImagesBefore(db: Database, cutoff: number, limit: number): Promise<ImageRow[]> {
  return db
    .select()
    .from(images)
    .where(and(isNull(images.auctionId), lt(images.createdAt, cutoff)))
    .limit(limit);
}

/** Deletes only rows still unclaimed, so a listing that claims an image mid-sweep keeps it. */
export async function deleteUnclaimedImageRows(db: Database, ids: string[]): Promise<ImageRow[]> {
  if (ids.length === 0) return [];
  return db
    .delete(images)
    .where(and(inArray(images.id, ids), isNull(images.auctionId)))
    .returning();
}
