import { and, desc, eq, sql } from "drizzle-orm";
import type { SellerApplication } from "../../schema/api/admin";
import { sellerApplications, users, type SellerApplicationRow } from "../../schema/db";
import type { Database } from "./client";

type ApplicationStatus = SellerApplicationRow["status"];

const withUser = {
  application: sellerApplications,
  user: { id: users.id, email: users.email, displayName: users.displayName },
};

function toApi(row: { application: SellerApplicationRow; user: SellerApplication["user"] }): SellerApplication {
  const { application } = row;
  return {
    id: application.id,
    user: row.user,
    note: application.note,
    status: application.status,
    decisionReason: application.decisionReason,
    createdAt: application.createdAt,
    decidedAt: application.decidedAt,
  };
}

/** The user's newest application, whatever its status. */
export async function latestApplicationOf(db: Database, userId: string): Promise<SellerApplication | null> {
  const [row] = await db
    .select(withUser)
    .from(sellerApplications)
    .innerJoin(users, eq(users.id, sellerApplications.userId))
    .where(eq(sellerApplications.userId, userId))
    .orderBy(desc(sellerApplications.createdAt))
    .limit(1);
  return row ? toApi(row) : null;
}

/** null when the user already has a pending one (the partial unique index decides, so a double submit makes one). */
export async function insertApplication(db: Database, userId: string, note: string, now: number): Promise<string | null> {
  const id = crypto.randomUUID();
  const rows = await db
    .insert(sellerApplications)
    .values({ id, userId, note, status: "pending", createdAt: now })
    .onConflictDoNothing()
    .returning({ id: sellerApplications.id });
  return rows[0]?.id ?? null;
}

export async function listApplications(db: Database, status: ApplicationStatus, limit = 100): Promise<SellerApplication[]> {
  const rows = await db
    .select(withUser)
    .from(sellerApplications)
    .innerJoin(users, eq(users.id, sellerApplications.userId))
    .where(eq(sellerApplications.status, status))
    .orderBy(status === "pending" ? sellerApplications.createdAt : desc(sellerApplications.decidedAt))
    .limit(limit);
  return rows.map(toApi);
}

export async function findApplication(db: Database, id: string): Promise<SellerApplication | null> {
  const [row] = await db.select(withUser).from(sellerApplications).innerJoin(users, eq(users.id, sellerApplications.userId)).where(eq(sellerApplications.id, id));
  return row ? toApi(row) : null;
}

/** Only a pending application can be decided; the status condition makes two admins deciding at once safe. */
export function decideApplicationStatement(db: Database, id: string, decision: { status: ApplicationStatus; reason: string; adminId: string; now: number }) {
  return db
    .update(sellerApplications)
    .set({ status: decision.status, decisionReason: decision.reason, decidedBy: decision.adminId, decidedAt: decision.now })
    .where(and(eq(sellerApplications.id, id), eq(sellerApplications.status, "pending")))
    .returning({ id: sellerApplications.id });
}

export async function countPendingApplications(db: Database): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)` }).from(sellerApplications).where(eq(sellerApplications.status, "pending"));
  return row?.count ?? 0;
}
