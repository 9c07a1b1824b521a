import { and, count, eq, gt, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { loginChallenges, recoveryCodes, twoFactorSecrets, type TwoFactorSecretRow } from "../../schema/db";
import type { Database } from "./client";

export async function findTwoFactorSecret(db: Database, userId: string): Promise<TwoFactorSecretRow | undefined> {
  return db.query.twoFactorSecrets.findFirst({ where: eq(twoFactorSecrets.userId, userId) });
}

export async function isTwoFactorEnabled(db: Database, userId: string): Promise<boolean> {
  const row = await db
    .select({ userId: twoFactorSecrets.userId })
    .from(twoFactorSecrets)
    .where(and(eq(twoFactorSecrets.userId, userId), isNotNull(twoFactorSecrets.enabledAt)))
    .limit(1);
  return row.length === 1;
}

/** Starts (or restarts) setup with a new secret; refused (false) once two-factor is on. */
export async function savePendingSecret(db: Database, userId: string, secretCiphertext: string, now: number): Promise<boolean> {
  const rows = await db
    .insert(twoFactorSecrets)
    .values({ userId, secretCiphertext, createdAt: now })
    .onConflictDoUpdate({
      target: twoFactorSecrets.userId,
      set: { secretCiphertext, createdAt: now, lastUsedStep: null, failedAttempts: 0, lastFailedAt: null },
      setWhere: isNull(twoFactorSecrets.enabledAt),
    })
    .returning({ userId: twoFactorSecrets.userId });
  return rows.length === 1;
}

export async function deletePendingSecret(db: Database, userId: string): Promise<boolean> {
  const rows = await db
    .delete(twoFactorSecrets)
    .where(and(eq(twoFactorSecrets.userId, userId), isNull(twoFactorSecrets.enabledAt)))
    .returning({ userId: twoFactorSecrets.userId });
  return rows.length === 1;
}

/**
 * Turns two-factor on with the step of the code that proved the app works,
 * and stores the recovery codes, in one transaction. The codes go in only if
 * this batch is the one that enabled this very setup (a double-submitted form
 * loses the race and stores nothing). False when setup was restarted with
 * another secret or finished by another request meanwhile.
 */
export async function enableTwoFactor(
  db: Database,
  input: { userId: string; secretCiphertext: string; step: number; recoveryCodeHashes: string[]; now: number },
): Promise<boolean> {
  // Raw statements: drizzle cannot express a conditional INSERT ... SELECT inside a batch.
  const d1 = db.$client;
  const codes = JSON.stringify(input.recoveryCodeHashes.map((hash) => ({ id: crypto.randomUUID(), hash })));
  const [enabled] = await d1.batch([
    d1
      .prepare(
        `UPDATE two_factor_secrets SET enabled_at = ?2, last_used_step = ?3, failed_attempts = 0, last_failed_at = NULL
         WHERE user_id = ?1 AND secret_ciphertext = ?4 AND enabled_at IS NULL`,
      )
      .bind(input.userId, input.now, input.step, input.secretCiphertext),
    d1
      .prepare(
        `INSERT INTO recovery_codes (id, user_id, code_hash, created_at)
         SELECT json_extract(value, '$.id'), ?1, json_extract(value, '$.hash'), ?2 FROM json_each(?3)
         WHERE EXISTS (SELECT 1 FROM two_factor_secrets WHERE user_id = ?1 AND enabled_at = ?2 AND secret_ciphertext = ?4)`,
      )
      .bind(input.userId, input.now, codes, input.secretCiphertext),
  ]);
  return enabled?.meta.changes === 1;
}

export async function disableTwoFactor(db: Database, userId: string): Promise<void> {
  await db.batch([
    db.delete(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId)),
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
    db.delete(loginChallenges).where(eq(loginChallenges.userId, userId)),
  ]);
}

/**
 * Records an accepted code's time step, unless this step (or a later one) was
 * already used: of two requests racing with the same code, one wins.
 */
export async function claimTotpStep(db: Database, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(twoFactorSecrets)
    .set({ lastUsedStep: step, failedAttempts: 0, lastFailedAt: null })
    .where(
      and(
        eq(twoFactorSecrets.userId, userId),
        or(isNull(twoFactorSecrets.lastUsedStep), lt(twoFactorSecrets.lastUsedStep, step)),
      ),
    )
    .returning({ userId: twoFactorSecrets.userId });
  return rows.length === 1;
}

/** Marks a recovery code used; false when it is not one of the user's or was used already. */
export async function useRecoveryCode(db: Database, userId: string, codeHash: string, now: number): Promise<boolean> {
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}

/** A right code ends a run of wrong ones. */
export async function clearSecondFactorFailures(db: Database, userId: string): Promise<void> {
  await db.update(twoFactorSecrets).set({ failedAttempts: 0, lastFailedAt: null }).where(eq(twoFactorSecrets.userId, userId));
}

/**
 * Claims one attempt at the app's codes before any comparison, counted as a
 * failure until a right code clears it: of parallel guesses, only as many as
 * the account has left get compared. After `maxFailures` in a row, one
 * attempt per `lockoutMs` gets through. False when the account is locked.
 */
export async function claimSecondFactorAttempt(
  db: Database,
  userId: string,
  limits: { maxFailures: number; lockoutMs: number },
  now: number,
): Promise<boolean> {
  const rows = await db
    .update(twoFactorSecrets)
    .set({ failedAttempts: sql`${twoFactorSecrets.failedAttempts} + 1`, lastFailedAt: now })
    .where(
      and(
        eq(twoFactorSecrets.userId, userId),
        isNotNull(twoFactorSecrets.enabledAt),
        or(lt(twoFactorSecrets.failedAttempts, limits.maxFailures), lte(twoFactorSecrets.lastFailedAt, now - limits.lockoutMs)),
      ),
    )
    .returning({ userId: twoFactorSecrets.userId });
  return rows.length === 1;
}

/** Counts a wrong recovery code against the account (recovery codes are not locked, but a run of them locks the app's codes). */
export async function recordSecondFactorFailure(db: Database, userId: string, now: number): Promise<number> {
  const [row] = await db
    .update(twoFactorSecrets)
    .set({ failedAttempts: sql`${twoFactorSecrets.failedAttempts} + 1`, lastFailedAt: now })
    .where(eq(twoFactorSecrets.userId, userId))
    .returning({ failedAttempts: twoFactorSecrets.failedAttempts });
  return row?.failedAttempts ?? 0;
}

export async function countUnusedRecoveryCodes(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ left: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.left ?? 0;
}

export async function createLoginChallenge(
  db: Database,
  input: { userId: string; tokenHash: string; expiresAt: number; now: number },
): Promise<void> {
  await db.insert(loginChallenges).values({
    id: crypto.randomUUID(),
    tokenHash: input.tokenHash,
    userId: input.userId,
    expiresAt: input.expiresAt,
    createdAt: input.now,
  });
}

/**
 * Claims one attempt at a live challenge before its code is compared, so
 * parallel answers cannot compare more codes than the challenge allows.
 * Undefined when the challenge is unknown, expired or out of attempts.
 */
export async function claimChallengeAttempt(
  db: Database,
  tokenHash: string,
  maxAttempts: number,
  now: number,
): Promise<{ id: string; userId: string; attempts: number } | undefined> {
  const [row] = await db
    .update(loginChallenges)
    .set({ failedAttempts: sql`${loginChallenges.failedAttempts} + 1` })
    .where(and(eq(loginChallenges.tokenHash, tokenHash), gt(loginChallenges.expiresAt, now), lt(loginChallenges.failedAttempts, maxAttempts)))
    .returning({ id: loginChallenges.id, userId: loginChallenges.userId, attempts: loginChallenges.failedAttempts });
  return row;
}

/** Spends the challenge; false when another request already did, so one challenge makes one session. */
export async function consumeLoginChallenge(db: Database, challengeId: string): Promise<boolean> {
  const rows = await db.delete(loginChallenges).where(eq(loginChallenges.id, challengeId)).returning({ id: loginChallenges.id });
  return rows.length === 1;
}

/** Expired challenges of the user; called when a new one is made so the table does not grow. */
export async function deleteExpiredChallenges(db: Database, userId: string, now: number): Promise<void> {
  await db.delete(loginChallenges).where(and(eq(loginChallenges.userId, userId), lt(loginChallenges.expiresAt, now)));
}
