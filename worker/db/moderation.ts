import { and, desc, eq, sql } from "drizzle-orm";
import type { ListingReport, ReportReason } from "../../schema/api/admin";
import { auctions, listingReports, users, type ListingReportRow } from "../../schema/db";
import type { Database } from "./client";

type ReportStatus = ListingReportRow["status"];

/**
 * Claims one use of a per-user fixed-window quota with a single conditional
 * upsert, so parallel requests cannot all pass a read-then-write check.
 * Returns false when the window's limit is used up.
 */
export async function claimQuota(db: Database, userId: string, action: string, limit: number, windowMs: number, now: number): Promise<boolean> {
  const expired = now - windowMs;
  const rows = await db.all<{ count: number }>(sql`
    INSERT INTO action_quotas (user_id, action, window_start, count) VALUES (${userId}, ${action}, ${now}, 1)
    ON CONFLICT (user_id, action) DO UPDATE SET
      count = CASE WHEN window_start <= ${expired} THEN 1 ELSE count + 1 END,
      window_start = CASE WHEN window_start <= ${expired} THEN ${now} ELSE window_start END
    WHERE window_start <= ${expired} OR count < ${limit}
    RETURNING count`);
  return rows.length === 1;
}

/** null when the reporter already has an open report on this listing (the partial unique index decides). */
export async function insertReport(db: Database, input: { auctionId: string; reporterId: string; reason: ReportReason; note: string; now: number }): Promise<string | null> {
  const rows = await db
    .insert(listingReports)
    .values({ id: crypto.randomUUID(), auctionId: input.auctionId, reporterId: input.reporterId, reason: input.reason, note: input.note, status: "open", createdAt: input.now })
    .onConflictDoNothing()
    .returning({ id: listingReports.id });
  return rows[0]?.id ?? null;
}

const reportColumns = {
  report: listingReports,
  auction: { id: auctions.id, title: auctions.title, status: auctions.status, hiddenAt: auctions.hiddenAt, sellerId: auctions.sellerId },
  reporter: { id: users.id, email: users.email },
};

function toApiReport(row: { report: ListingReportRow; auction: { id: string; title: string; status: ListingReport["auction"]["status"]; hiddenAt: number | null; sellerId: string }; reporter: { id: string; email: string } }): ListingReport {
  const { hiddenAt, ...auction } = row.auction;
  return {
    id: row.report.id,
    auction: { ...auction, hidden: hiddenAt !== null },
    reporter: row.reporter,
    reason: row.report.reason as ReportReason,
    note: row.report.note,
    status: row.report.status,
    decisionNote: row.report.decisionNote,
    createdAt: row.report.createdAt,
    decidedAt: row.report.decidedAt,
  };
}

export async function listReports(db: Database, status: ReportStatus, limit = 100): Promise<ListingReport[]> {
  const rows = await db
    .select(reportColumns)
    .from(listingReports)
    .innerJoin(auctions, eq(auctions.id, listingReports.auctionId))
    .innerJoin(users, eq(users.id, listingReports.reporterId))
    .where(eq(listingReports.status, status))
    .orderBy(status === "open" ? listingReports.createdAt : desc(listingReports.decidedAt))
    .limit(limit);
  return rows.map(toApiReport);
}

export async function findReport(db: Database, id: string): Promise<ListingReport | null> {
  const [row] = await db
    .select(reportColumns)
    .from(listingReports)
    .innerJoin(auctions, eq(auctions.id, listingReports.auctionId))
    .innerJoin(users, eq(users.id, listingReports.reporterId))
    .where(eq(listingReports.id, id));
  return row ? toApiReport(row) : null;
}

/** Only an open report can be decided; returns whether this call decided it. */
export async function decideReport(db: Database, id: string, decision: { status: "resolved" | "dismissed"; note: string; adminId: string; now: number }): Promise<boolean> {
  const rows = await db
    .update(listingReports)
    .set({ status: decision.status, decisionNote: decision.note, decidedBy: decision.adminId, decidedAt: decision.now })
    .where(and(eq(listingReports.id, id), eq(listingReports.status, "open")))
    .returning({ id: listingReports.id });
  return rows.length === 1;
}

export function setHiddenStatement(db: Database, auctionId: string, hidden: { reason: string } | null, now: number) {
  return db
    .update(auctions)
    .set({ hiddenAt: hidden ? now : null, hiddenReason: hidden?.reason ?? null, updatedAt: now })
    .where(eq(auctions.id, auctionId));
}

export async function countOpenReports(db: Database): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)` }).from(listingReports).where(eq(listingReports.status, "open"));
  return row?.count ?? 0;
}
