import { and, eq, sql } from "drizzle-orm";
import { emailChanges, users, type EmailChangeRow } from "../../schema/db";
import type { Database } from "./client";

export async function updateDisplayName(db: Database, userId: string, displayName: string, now: number): Promise<void> {
  await db.update(users).set({ displayName, updatedAt: now }).where(eq(users.id, userId));
}

export async function findEmailChange(db: Database, userId: string): Promise<EmailChangeRow | undefined> {
  return db.query.emailChanges.findFirst({ where: eq(emailChanges.userId, userId) });
}

/** A new request replaces the previous one: only the newest code works. */
export async function saveEmailChange(db: Database, input: { userId: string; newEmail: string; codeHash: string; expiresAt: number; now: number }): Promise<void> {
  const values = { newEmail: input.newEmail, codeHash: input.codeHash, expiresAt: input.expiresAt, failedAttempts: 0, sentAt: input.now };
  await db
    .insert(emailChanges)
    .values({ userId: input.userId, ...values })
    .onConflictDoUpdate({ target: emailChanges.userId, set: values });
}

/** Counts a wrong code atomically and returns the total (so racing guesses all count). */
export async function recordEmailChangeFailure(db: Database, userId: string, codeHash: string): Promise<number> {
  const [row] = await db
    .update(emailChanges)
    .set({ failedAttempts: sql`${emailChanges.failedAttempts} + 1` })
    .where(and(eq(emailChanges.userId, userId), eq(emailChanges.codeHash, codeHash)))
    .returning({ failedAttempts: emailChanges.failedAttempts });
  return row?.failedAttempts ?? Number.MAX_SAFE_INTEGER;
}

export async function deleteEmailChange(db: Database, userId: string): Promise<void> {
  await db.delete(emailChanges).where(eq(emailChanges.userId, userId));
}

/**
 * Moves the account to the new address and spends the code, in one batch that
 * only runs while the code row is the one checked. False when the address was
 * taken by someone else meanwhile (the unique email) or the code was spent.
 */
export async function applyEmailChange(d1: D1Database, input: { userId: string; newEmail: string; codeHash: string; now: number }): Promise<boolean> {
  try {
    const [moved] = await d1.batch([
      d1
        .prepare(
          `UPDATE users SET email = ?2, email_verified_at = ?3, updated_at = ?3
           WHERE id = ?1 AND EXISTS (SELECT 1 FROM email_changes WHERE user_id = ?1 AND new_email = ?2 AND code_hash = ?4)`,
        )
        .bind(input.userId, input.newEmail, input.now, input.codeHash),
      d1.prepare(`DELETE FROM email_changes WHERE user_id = ?1 AND code_hash = ?2`).bind(input.userId, input.codeHash),
    ]);
    return moved?.meta.changes === 1;
  } catch (error) {
    if (String(error).includes("UNIQUE constraint failed: users.email")) return false;
    throw error;
  }
}

/** Why the account cannot go now, counted: open orders, running listings, bids in running auctions. */
export async function deletionBlockers(db: Database, userId: string): Promise<{ openOrders: number; runningListings: number; runningBids: number }> {
  const [row] = await db.all<{ openOrders: number; runningListings: number; runningBids: number }>(sql`
    SELECT
      (SELECT count(*) FROM orders WHERE (buyer_id = ${userId} OR seller_id = ${userId}) AND status IN ('awaiting_payment', 'paid', 'shipped')) AS openOrders,
      (SELECT count(*) FROM auctions WHERE seller_id = ${userId} AND status IN ('scheduled', 'live')) AS runningListings,
      (SELECT count(*) FROM auction_bidders b JOIN auctions a ON a.id = b.auction_id WHERE b.user_id = ${userId} AND a.status IN ('scheduled', 'live')) AS runningBids`);
  return row!;
}

/**
 * Removes a member's personal data in one transaction. The users row stays,
 * anonymised, because bids, sales, orders and feedback refer to it; they now
 * show "Former member". The login is gone: the email is replaced by an
 * address that cannot exist and the password hash by one nothing matches.
 */
export async function anonymiseAccount(d1: D1Database, userId: string, now: number): Promise<string[]> {
  const statements = [
    // Drafts and unclaimed uploads were never public: they go, photos included (the caller deletes the returned R2 keys).
    `DELETE FROM images WHERE owner_id = ?1 AND (auction_id IS NULL OR auction_id IN (SELECT id FROM auctions WHERE seller_id = ?1 AND status = 'draft'))
     RETURNING object_key`,
    `DELETE FROM auctions WHERE seller_id = ?1 AND status = 'draft'`,
    `UPDATE auctions SET watch_count = max(watch_count - 1, 0) WHERE id IN (SELECT auction_id FROM watches WHERE user_id = ?1)`,
    `DELETE FROM watches WHERE user_id = ?1`,
    `DELETE FROM notifications WHERE user_id = ?1`,
    `DELETE FROM notification_preferences WHERE user_id = ?1`,
    `DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE user_id = ?1)`,
    `DELETE FROM sessions WHERE user_id = ?1`,
    `DELETE FROM login_challenges WHERE user_id = ?1`,
    `DELETE FROM recovery_codes WHERE user_id = ?1`,
    `DELETE FROM two_factor_secrets WHERE user_id = ?1`,
    `DELETE FROM email_codes WHERE user_id = ?1`,
    `DELETE FROM email_changes WHERE user_id = ?1`,
    `DELETE FROM password_resets WHERE user_id = ?1`,
    `UPDATE users SET email = 'deleted-' || id || '@deleted.invalid', display_name = 'Former member', password_hash = '!deleted',
       roles = '[]', email_verified_at = NULL, preferred_locale = NULL, display_currency = NULL, time_zone = NULL, deleted_at = ?2, updated_at = ?2 WHERE id = ?1`,
  ];
  const [photos] = await d1.batch<{ object_key: string }>(statements.map((statement) => d1.prepare(statement).bind(...(statement.includes("?2") ? [userId, now] : [userId]))));
  return (photos?.results ?? []).map((row) => row.object_key);
}
