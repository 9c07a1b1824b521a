import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { AuditEntry } from "../../schema/api/admin";
import { auditLog, users } from "../../schema/db";
import type { KeysetPosition } from "../lib/cursor";
import type { Database } from "./client";

/** Who did it, from where: taken from the request, never from its body. */
export interface AuditActor {
  actorId: string | null;
  requestId: string | null;
  ip: string | null;
}

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

/**
 * The insert of one audit entry, to be run in the same `db.batch` as the
 * change it records: the change and its entry commit together or not at all.
 */
export function auditInsert(db: Database, actor: AuditActor, record: AuditRecord, now: number) {
  return db.insert(auditLog).values({
    id: crypto.randomUUID(),
    at: now,
    actorId: actor.actorId,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    before: record.before ?? null,
    after: record.after ?? null,
    requestId: actor.requestId,
    ip: actor.ip,
  });
}

export interface AuditFilters {
  action?: string;
  actorId?: string;
  targetId?: string;
}

/** Newest first, keyset-paginated on (at, id). */
export async function listAudit(db: Database, filters: AuditFilters, page: { after?: KeysetPosition; limit: number }) {
  const conditions: Array<SQL | undefined> = [
    filters.action ? eq(auditLog.action, filters.action) : undefined,
    filters.actorId ? eq(auditLog.actorId, filters.actorId) : undefined,
    filters.targetId ? eq(auditLog.targetId, filters.targetId) : undefined,
    page.after && or(lt(auditLog.at, page.after.createdAt), and(eq(auditLog.at, page.after.createdAt), lt(auditLog.id, page.after.id))),
  ];
  const rows = await db
    .select({ entry: auditLog, actorEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(page.limit + 1);
  const items: AuditEntry[] = rows.slice(0, page.limit).map(({ entry, actorEmail }) => ({
    id: entry.id,
    at: entry.at,
    actor: entry.actorId && actorEmail ? { id: entry.actorId, email: actorEmail } : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before,
    after: entry.after,
    requestId: entry.requestId,
    ip: entry.ip,
  }));
  const last = items.at(-1);
  return { items, next: rows.length > page.limit && last ? { createdAt: last.at, id: last.id } : null };
}
