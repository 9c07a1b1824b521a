import { and, eq } from "drizzle-orm";
import { auctionResults, users } from "../../schema/db";
import type { Award } from "../../schema/api/catalog";
import type { Database } from "./client";

/** When a service request was awarded, at what price and to whom; null until the room's result reaches D1. */
export async function awardOf(db: Database, auctionId: string): Promise<Award | null> {
  const [row] = await db
    .select({ at: auctionResults.settledAt, price: auctionResults.finalPrice, providerId: auctionResults.winnerId, displayName: users.displayName })
    .from(auctionResults)
    .leftJoin(users, eq(users.id, auctionResults.winnerId))
    .where(and(eq(auctionResults.auctionId, auctionId), eq(auctionResults.status, "awarded")))
    .limit(1);
  if (!row || row.providerId === null || row.price === null) return null;
  return { at: row.at, price: row.price, provider: { id: row.providerId, displayName: row.displayName ?? "Former member" } };
}
