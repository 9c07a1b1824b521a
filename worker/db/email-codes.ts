import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { emailCodes, mailOutbox, users, type EmailCodeRow, type MailRow } from "../../schema/db";
import type { Database } from "./client";

export async function findEmailCode(db: Database, userId: string): Promise<EmailCodeRow | undefined> {
  return db.query.emailCodes.findFirst({ where: eq(emailCodes.userId, userId) });
}

/** Replaces any previous code: only the newest one works. */
export async function saveEmailCode(db: Database, userId: string, codeHash: string, expiresAt: number, now: number): Promise<void> {
  await db
    .insert(emailCodes)
    .values({ userId, codeHash, expiresAt, failedAttempts: 0, sentAt: now })
    .onConflictDoUpdate({ target: emailCodes.userId, set: { codeHash, expiresAt, failedAttempts: 0, sentAt: now } });
}

/**
 * Claims one attempt at the live code before it is compared, so parallel
 * guesses cannot compare more codes than allowed. Returns the code's digest
 * and the attempts used including this one; undefined when there is no live
 * code or its attempts are spent.
 */
export async function claimEmailCodeAttempt(
  db: Database,
  userId: string,
  maxAttempts: number,
  now: number,
): Promise<{ codeHash: string; attempts: number } | undefined> {
  const [row] = await db
    .update(emailCodes)
    .set({ failedAttempts: sql`${emailCodes.failedAttempts} + 1` })
    .where(and(eq(emailCodes.userId, userId), gt(emailCodes.expiresAt, now), lt(emailCodes.failedAttempts, maxAttempts)))
    .returning({ codeHash: emailCodes.codeHash, attempts: emailCodes.failedAttempts });
  return row;
}

/** Deletes this code only: a newer code sent meanwhile keeps working. */
export async function deleteEmailCode(db: Database, userId: string, codeHash: string): Promise<void> {
  await db.delete(emailCodes).where(and(eq(emailCodes.userId, userId), eq(emailCodes.codeHash, codeHash)));
}
export async function markEmailVerified(db: Database, userId: string, now: number): Promise<void> {
  await db.batch([
    db.update(users).set({ emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, userId)),
    db.delete(emailCodes).where(eq(emailCodes.userId, userId)),
  ]);
}

export async function latestMail(db: Database, limit: number, to?: string): Promise<MailRow[]> {
  return db
    .select()
    .from(mailOutbox)
    .where(to ? eq(mailOutbox.toAddress, to) : undefined)
    .orderBy(desc(mailOutbox.sentAt), desc(mailOutbox.id))
    .limit(limit);
}
