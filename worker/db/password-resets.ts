import { and, eq, exists, gt, isNull, lt, sql } from "drizzle-orm";
import { loginChallenges, passwordResets, sessions, users, type PasswordResetRow } from "../../schema/db";
import type { Database } from "./client";

export async function findPasswordResetByUser(db: Database, userId: string): Promise<PasswordResetRow | undefined> {
  return db.query.passwordResets.findFirst({ where: eq(passwordResets.userId, userId) });
}

export async function findPasswordResetByToken(db: Database, tokenHash: string): Promise<PasswordResetRow | undefined> {
  return db.query.passwordResets.findFirst({ where: eq(passwordResets.tokenHash, tokenHash) });
}

/** Replaces any earlier link of the user: only the newest one works. */
export async function savePasswordReset(db: Database, userId: string, tokenHash: string, expiresAt: number, now: number): Promise<void> {
  await db
    .insert(passwordResets)
    .values({ userId, tokenHash, expiresAt, failedAttempts: 0, sentAt: now })
    .onConflictDoUpdate({ target: passwordResets.userId, set: { tokenHash, expiresAt, failedAttempts: 0, sentAt: now } });
}

/**
 * Claims one two-factor attempt on a live link before the code is compared,
 * so parallel confirmations cannot compare more codes than the link allows.
 * Returns the attempts used including this one; undefined when the link is
 * gone, expired or out of attempts.
 */
export async function claimResetCodeAttempt(db: Database, tokenHash: string, maxAttempts: number, now: number): Promise<number | undefined> {
  const [row] = await db
    .update(passwordResets)
    .set({ failedAttempts: sql`${passwordResets.failedAttempts} + 1` })
    .where(and(eq(passwordResets.tokenHash, tokenHash), gt(passwordResets.expiresAt, now), lt(passwordResets.failedAttempts, maxAttempts)))
    .returning({ attempts: passwordResets.failedAttempts });
  return row?.attempts;
}

export async function deletePasswordReset(db: Database, tokenHash: string): Promise<void> {
  await db.delete(passwordResets).where(eq(passwordResets.tokenHash, tokenHash));
}

/**
 * Spends the link and sets the password in one transaction: the password, the
 * sessions and pending login challenges change only while the link is live,
 * and the link is deleted in the same batch, so of two concurrent
 * confirmations only one changes anything. Opening the link also proves the
 * address, so an unverified account becomes verified.
 */
export async function completePasswordReset(
  db: Database,
  input: { userId: string; tokenHash: string; passwordHash: string; now: number },
): Promise<boolean> {
  const { userId, tokenHash, passwordHash, now } = input;
  const linkIsLive = exists(
    db
      .select({ userId: passwordResets.userId })
      .from(passwordResets)
      .where(and(eq(passwordResets.tokenHash, tokenHash), eq(passwordResets.userId, userId), gt(passwordResets.expiresAt, now))),
  );
  const [passwordSet] = await db.batch([
    db
      .update(users)
      .set({ passwordHash, updatedAt: now, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now})` })
      .where(and(eq(users.id, userId), linkIsLive))
      .returning({ id: users.id }),
    db
      .update(sessions)
      .set({ revokedAt: now, revokedReason: "password_reset" })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), linkIsLive)),
    db.delete(loginChallenges).where(and(eq(loginChallenges.userId, userId), linkIsLive)),
    db.delete(passwordResets).where(eq(passwordResets.tokenHash, tokenHash)),
  ]);
  return passwordSet.length === 1;
}
