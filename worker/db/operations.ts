import { desc, eq, sql } from "drizzle-orm";
import type { DeadLetter } from "../../schema/api/admin";
import { notificationDeadLetters } from "../../schema/db";
import type { Database } from "./client";

export async function listDeadLetters(db: Database, limit = 100): Promise<DeadLetter[]> {
  return db.select().from(notificationDeadLetters).orderBy(desc(notificationDeadLetters.receivedAt)).limit(limit);
}

/** Removes the dead letter and returns it: of two admins replaying or discarding at once, one gets it. */
export async function claimDeadLetter(db: Database, messageId: string): Promise<DeadLetter | null> {
  const [row] = await db.delete(notificationDeadLetters).where(eq(notificationDeadLetters.messageId, messageId)).returning();
  return row ?? null;
}

/** Puts back a letter whose replay failed, so it is not lost. */
export async function restoreDeadLetter(db: Database, letter: DeadLetter): Promise<void> {
  await db.insert(notificationDeadLetters).values(letter).onConflictDoNothing();
}

export async function operationCounts(db: Database, now: number) {
  const hourAgo = now - 60 * 60 * 1000;
  const startOfDay = now - (now % (24 * 60 * 60 * 1000));
  const [counts] = await db.all<{
    liveAuctions: number;
    auctionsBidOnLastHour: number;
    newUsersToday: number;
    openReports: number;
    pendingApplications: number;
    deadLetters: number;
    recentDeadLetters: number;
  }>(sql`
    SELECT
      (SELECT count(*) FROM auctions WHERE status = 'live') AS liveAuctions,
      (SELECT count(*) FROM auctions WHERE status = 'live' AND bid_count > 0 AND updated_at >= ${hourAgo}) AS auctionsBidOnLastHour,
      (SELECT count(*) FROM users WHERE created_at >= ${startOfDay}) AS newUsersToday,
      (SELECT count(*) FROM listing_reports WHERE status = 'open') AS openReports,
      (SELECT count(*) FROM seller_applications WHERE status = 'pending') AS pendingApplications,
      (SELECT count(*) FROM notification_dead_letters) AS deadLetters,
      (SELECT count(*) FROM notification_dead_letters WHERE received_at >= ${hourAgo}) AS recentDeadLetters`);
  return counts!;
}
