import type { PasswordResetStatus } from "../../schema/api/account-security";
import { database } from "../db/client";
import {
  claimResetCodeAttempt,
  completePasswordReset,
  deletePasswordReset,
  findPasswordResetByToken,
  findPasswordResetByUser,
  savePasswordReset,
} from "../db/password-resets";
import { isTwoFactorEnabled } from "../db/two-factor";
import { findUserByEmail } from "../db/users";
import { ApiError } from "../lib/errors";
import { accountLocale, type Locale } from "../lib/language";
import { mailerFor } from "../mail/mailer";
import { closeConnections } from "../realtime/connections";
import { passwordResetMail } from "../mail/templates";
import { enforceRateLimit } from "./rate-limit";
import { newOpaqueToken } from "./opaque-tokens";
import { hashPassword } from "./password";
import { checkResetRecord, MAX_RESET_CODE_ATTEMPTS, mayMailReset, RESET_TTL_MS, resetLink } from "./password-reset";
import { digestToken } from "./tokens";
import { refusedCode, verifySecondFactor } from "./two-factor";

export const RESET_VALID_MINUTES = RESET_TTL_MS / 60_000;

/**
 * Mails a reset link if the address has an account. The caller answers the
 * same way either way, and runs this after answering, so neither the body nor
 * the time taken tells whether the account exists.
 */
export async function mailPasswordReset(env: Env, email: string, now: number, requested: Locale): Promise<void> {
  const db = database(env.DB);
  const user = await findUserByEmail(db, email);
  if (!user) return;
  if (!mayMailReset((await findPasswordResetByUser(db, user.id))?.sentAt, now)) return;
  const token = newOpaqueToken();
  await savePasswordReset(db, user.id, await digestToken(token), now + RESET_TTL_MS, now);
  await mailerFor(env).send(passwordResetMail(env.SITE_NAME, user.email, resetLink(env.SITE_URL, token), RESET_VALID_MINUTES, accountLocale(user, requested)));
}

function linkNoLongerWorks(message = "This reset link has expired or was already used; ask for a new one"): ApiError {
  return new ApiError(422, "CODE_EXPIRED", message);
}

/**
 * A link that still works. Uses of one account's link are limited per account
 * as well as per address (by the route), so spreading guesses of its
 * two-factor code over many addresses gains nothing.
 */
async function liveReset(env: Env, token: string, now: number) {
  const tokenHash = await digestToken(token);
  const record = await findPasswordResetByToken(database(env.DB), tokenHash);
  if (record) await enforceRateLimit([{ limiter: env.AUTH_LIMITER, key: `reset:user:${record.userId}` }]);
  if (checkResetRecord(record, now) !== "valid") throw linkNoLongerWorks();
  return { record: record!, tokenHash };
}

/** Lets the reset page say up front whether the link still works and whether it will ask for a code. */
export async function inspectPasswordReset(env: Env, token: string, now: number): Promise<PasswordResetStatus> {
  const { record } = await liveReset(env, token, now);
  return {
    twoFactorRequired: await isTwoFactorEnabled(database(env.DB), record.userId),
    expiresAt: new Date(record.expiresAt).toISOString(),
  };
}

/**
 * Sets a new password with a live link. Two-factor stays on, and an account
 * that has it must also give a code: the mailbox alone is then not enough to
 * take the account over or to lock its owner out. Every session ends and
 * every socket of the user closes.
 */
export async function confirmPasswordReset(
  env: Env,
  input: { token: string; password: string; code: string | undefined },
  now: number,
): Promise<void> {
  const db = database(env.DB);
  const { record, tokenHash } = await liveReset(env, input.token, now);
  if (await isTwoFactorEnabled(db, record.userId)) {
    if (input.code === undefined) {
      const message = "Enter the code from your authenticator app, or a recovery code";
      throw new ApiError(422, "CODE_INVALID", message, { twoFactorRequired: true, fieldErrors: { code: [message] } });
    }
    const attempts = await claimResetCodeAttempt(db, tokenHash, MAX_RESET_CODE_ATTEMPTS, now);
    if (attempts === undefined) throw linkNoLongerWorks();
    const outcome = await verifySecondFactor(env, record.userId, input.code, now);
    if (!outcome.accepted) {
      const attemptsLeft = MAX_RESET_CODE_ATTEMPTS - attempts;
      if (attemptsLeft === 0) {
        await deletePasswordReset(db, tokenHash);
        throw linkNoLongerWorks("Too many wrong codes: this link no longer works; ask for a new one");
      }
      throw refusedCode(outcome.reason, { attemptsLeft });
    }
  }
  const passwordSet = await completePasswordReset(db, {
    userId: record.userId,
    tokenHash,
    passwordHash: await hashPassword(input.password),
    now,
  });
  if (!passwordSet) throw linkNoLongerWorks();
  await closeConnections(env, record.userId, { kind: "user" }, "Your password was reset");
}
