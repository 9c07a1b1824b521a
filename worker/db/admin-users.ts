import { and, desc, eq, like, lt, or, sql } from "drizzle-orm";
import type { Role } from "../../schema/api/users";
import { auctionBidders, auctions, listingReports, users, type UserRow } from "../../schema/db";
import type { KeysetPosition } from "../lib/cursor";
import type { Database } from "./client";

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Newest first; `q` matches anywhere in the email or the display name, case-insensitively. */
export async function searchUsers(db: Database, query: { q?: string; after?: KeysetPosition; limit: number }) {
  const pattern = query.q ? likePattern(query.q) : null;
  const rows = await db
    .select()
    .from(users)
    .where(
      and(
        pattern ? or(sql`lower(${users.email}) LIKE ${pattern} ESCAPE '\\'`, sql`lower(${users.displayName}) LIKE ${pattern} ESCAPE '\\'`) : undefined,
        query.after && or(lt(users.createdAt, query.after.createdAt), and(eq(users.createdAt, query.after.createdAt), lt(users.id, query.after.id))),
      ),
    )
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, next: rows.length > query.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

export async function userActivity(db: Database, userId: string) {
  const listings = await db
    .select({ id: auctions.id, title: auctions.title, status: auctions.status, hiddenAt: auctions.hiddenAt, createdAt: auctions.createdAt })
    .from(auctions)
    .where(eq(auctions.sellerId, userId))
    .orderBy(desc(auctions.createdAt))
    .limit(50);
  const [bids] = await db
    .select({ count: sql<number | null>`sum(${auctionBidders.bidCount})`, auctions: sql<number>`count(*)` })
    .from(auctionBidders)
    .where(eq(auctionBidders.userId, userId));
  const [reports] = await db.all<{ against: number; made: number }>(sql`
    SELECT
      (SELECT count(*) FROM ${listingReports} r JOIN ${auctions} a ON a.id = r.auction_id WHERE a.seller_id = ${userId}) AS against,
      (SELECT count(*) FROM ${listingReports} WHERE reporter_id = ${userId}) AS made`);
  return {
    listings: listings.map(({ hiddenAt, ...listing }) => ({ ...listing, hidden: hiddenAt !== null })),
    bids: { count: bids?.count ?? 0, auctions: bids?.auctions ?? 0 },
    reportsAgainst: reports?.against ?? 0,
    reportsMade: reports?.made ?? 0,
  };
}

export function setSuspensionStatement(db: Database, userId: string, suspension: { reason: string } | null, now: number) {
  return db
    .update(users)
    .set({ suspendedAt: suspension ? now : null, suspendedReason: suspension?.reason ?? null, updatedAt: now })
    .where(eq(users.id, userId));
}

export function setRolesStatement(db: Database, userId: string, roles: Role[], now: number) {
  return db.update(users).set({ roles: [...new Set(roles)], updatedAt: now }).where(eq(users.id, userId));
}

/** The parts of a user an admin changes, as the audit log records them before and after. */
export function adminFieldsOf(row: Pick<UserRow, "roles" | "suspendedAt" | "suspendedReason">) {
  return { roles: row.roles, suspended: row.suspendedAt !== null, suspendedReason: row.suspendedReason };
}
