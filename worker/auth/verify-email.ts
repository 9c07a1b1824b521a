import type { UserRow } from "../../schema/db";
import type { CodeSent } from "../../schema/api/account";
import { database } from "../db/client";
import { claimEmailCodeAttempt, deleteEmailCode, findEmailCode, markEmailVerified, saveEmailCode } from "../db/email-codes";
import { ApiError } from "../lib/errors";
import { accountLocale, type Locale } from "../lib/language";
import { mailerFor } from "../mail/mailer";
import { verificationCodeMail } from "../mail/templates";
import { attemptsLeft, codeDigest, CODE_TTL_MS, MAX_CODE_ATTEMPTS, newCode, RESEND_INTERVAL_MS, resendWait } from "./email-verification";

/** Sends a fresh code, replacing any earlier one; in the account's language, else the one the code was asked for in. */
export async function sendVerificationCode(env: Env, user: UserRow, now: number, requested: Locale): Promise<CodeSent> {
  const code = newCode();
  const expiresAt = now + CODE_TTL_MS;
  await saveEmailCode(database(env.DB), user.id, await codeDigest(env.JWT_SECRET, user.id, code), expiresAt, now);
  await mailerFor(env).send(verificationCodeMail(env.SITE_NAME, user.email, code, CODE_TTL_MS / 60_000, accountLocale(user, requested)));
  return { sentTo: user.email, expiresAt, resendAfter: now + RESEND_INTERVAL_MS };
}

export async function resendVerificationCode(env: Env, user: UserRow, now: number, requested: Locale): Promise<CodeSent> {
  if (user.emailVerifiedAt !== null) throw new ApiError(409, "RULE_VIOLATION", "This email address is already verified");
  const wait = resendWait(await findEmailCode(database(env.DB), user.id), now);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new ApiError(429, "RATE_LIMITED", `Wait ${seconds} s before asking for another code`, { retryAfterSeconds: seconds }, { "Retry-After": String(seconds) });
  }
  return sendVerificationCode(env, user, now, requested);
}

/**
 * One attempt at the code: it is claimed (counted) in D1 before the
 * comparison, so a burst of parallel guesses compares at most
 * MAX_CODE_ATTEMPTS codes; the attempt that reaches the limit burns the code
 * unless it is right.
 */
export async function verifyEmailCode(env: Env, user: UserRow, code: string, now: number): Promise<void> {
  if (user.emailVerifiedAt !== null) return;
  const db = database(env.DB);
  const claim = await claimEmailCodeAttempt(db, user.id, MAX_CODE_ATTEMPTS, now);
  if (!claim) throw new ApiError(422, "CODE_EXPIRED", "This code has expired or was replaced; ask for a new one");
  if (timingSafeEqualText(claim.codeHash, await codeDigest(env.JWT_SECRET, user.id, code))) return markEmailVerified(db, user.id, now);
  const left = attemptsLeft(claim.attempts);
  if (left === 0) {
    await deleteEmailCode(db, user.id, claim.codeHash);
    throw new ApiError(422, "CODE_EXPIRED", "Too many wrong attempts: this code no longer works; ask for a new one");
  }
  throw new ApiError(422, "CODE_INVALID", "That code is not right", { attemptsLeft: left, fieldErrors: { code: ["That code is not right"] } });
}

function timingSafeEqualText(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  return left.byteLength === right.byteLength && crypto.subtle.timingSafeEqual(left, right);
}
