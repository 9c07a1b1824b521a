import { and, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { refreshTokens, sessions, users, type SessionRow, type UserRow } from "../../schema/db";
import type { Database } from "./client";

export interface SessionWithUser {
  session: SessionRow;
  user: UserRow;
}

export function isSessionActive(session: SessionRow, now: number): boolean {
  return session.revokedAt === null && session.expiresAt > now;
}

/** A new login: the session row and its first refresh token, in one transaction. */
export async function createSession(
  db: Database,
  input: { userId: string; refreshTokenHash: string; expiresAt: number; userAgent: string | null; ip: string | null; now: number },
): Promise<SessionRow> {
  const session: SessionRow = {
    id: crypto.randomUUID(),
    userId: input.userId,
    createdAt: input.now,
    lastUsedAt: input.now,
    expiresAt: input.expiresAt,
    revokedAt: null,
    revokedReason: null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    ip: input.ip,
  };
  await db.batch([
    db.insert(sessions).values(session),
    db.insert(refreshTokens).values({
      id: crypto.randomUUID(),
      sessionId: session.id,
      tokenHash: input.refreshTokenHash,
      createdAt: input.now,
    }),
  ]);
  return session;
}

export async function findSessionWithUser(db: Database, sessionId: string): Promise<SessionWithUser | undefined> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return row;
}

export async function findRefreshToken(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ token: refreshTokens, session: sessions, user: users })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/**
 * Exchanges an unused refresh token for a new one. D1 runs a batch as one
 * transaction and serialises batches, so of two concurrent exchanges of the
 * same token exactly one inserts its successor; the other sees it used.
 */
export async function exchangeRefreshToken(
  db: Database,
  input: { tokenId: string; sessionId: string; newTokenHash: string; expiresAt: number; now: number },
): Promise<boolean> {
  // Raw statements: drizzle cannot express a conditional INSERT ... SELECT inside a batch.
  const d1 = db.$client;
  const [inserted] = await d1.batch([
    d1
      .prepare(
        `INSERT INTO refresh_tokens (id, session_id, token_hash, created_at)
         SELECT ?1, ?2, ?3, ?4
         WHERE EXISTS (SELECT 1 FROM refresh_tokens WHERE id = ?5 AND used_at IS NULL)
           AND EXISTS (SELECT 1 FROM sessions WHERE id = ?2 AND revoked_at IS NULL)`,
      )
      .bind(crypto.randomUUID(), input.sessionId, input.newTokenHash, input.now, input.tokenId),
    d1.prepare("UPDATE refresh_tokens SET used_at = ?1 WHERE id = ?2 AND used_at IS NULL").bind(input.now, input.tokenId),
    d1
      .prepare("UPDATE sessions SET last_used_at = ?1, expires_at = ?2 WHERE id = ?3 AND revoked_at IS NULL")
      .bind(input.now, input.expiresAt, input.sessionId),
  ]);
  return inserted?.meta.changes === 1;
}

export async function revokeSession(db: Database, sessionId: string, reason: string, now: number): Promise<boolean> {
  const result = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return result.length === 1;
}

/** Revokes a session only if it belongs to the user (so ids of others' sessions reveal nothing). */
export async function revokeUserSession(db: Database, userId: string, sessionId: string, now: number): Promise<boolean> {
  const result = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: "revoked_by_user" })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return result.length === 1;
}

export async function revokeAllSessions(
  db: Database,
  userId: string,
  reason: string,
  now: number,
  exceptSessionId?: string,
): Promise<number> {
  const result = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return result.length;
}

export async function listActiveSessions(db: Database, userId: string, now: number): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastUsedAt));
}
