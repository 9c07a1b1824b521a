import type { EmailChangePending, RegenerateRecoveryCodesRequest } from "../../schema/api/account-self-service";
import type { RecoveryCodes } from "../../schema/api/account-security";
import type { UserRow } from "../../schema/db";
import { CODE_TTL_MS, MAX_CODE_ATTEMPTS, RESEND_INTERVAL_MS, codeDigest, newCode } from "../auth/email-verification";
import { requirePassword, verifySecondFactor, refusedCode } from "../auth/two-factor";
import { newRecoveryCodes, normaliseRecoveryCode } from "../auth/totp";
import { recoveryCodeDigest } from "../auth/totp-secret";
import {
  anonymiseAccount,
  applyEmailChange,
  deleteEmailChange,
  deletionBlockers,
  findEmailChange,
  recordEmailChangeFailure,
  saveEmailChange,
} from "../db/account";
import { database } from "../db/client";
import { findTwoFactorSecret } from "../db/two-factor";
import { findUserByEmail, findUserById } from "../db/users";
import { ApiError } from "../lib/errors";
import { mailerFor } from "../mail/mailer";
import { accountLocale, type Locale } from "../lib/language";
import { emailChangeCodeMail, emailChangedMail } from "../mail/templates";
import { closeConnections } from "../realtime/connections";

/** The code is bound to the new address too, so a code for one address cannot confirm another. */
function emailChangeDigest(env: Env, userId: string, newEmail: string, code: string): Promise<string> {
  return codeDigest(env.JWT_SECRET, userId, `change:${newEmail}:${code}`);
}

function emailTaken(): ApiError {
  return new ApiError(409, "EMAIL_TAKEN", "Another account uses this address", { fieldErrors: { newEmail: ["Another account uses this address"] } });
}

/**
 * Step one of an email change: the password, an address nobody uses, then a
 * 6-digit code to the new address. Nothing changes until the code comes back.
 */
export async function requestEmailChange(env: Env, user: UserRow, input: { newEmail: string; password: string }, now: number, requested: Locale): Promise<EmailChangePending> {
  await requirePassword(user, input.password);
  if (input.newEmail === user.email) {
    throw new ApiError(400, "VALIDATION_FAILED", "This is already your address", { fieldErrors: { newEmail: ["This is already your address"] } });
  }
  const db = database(env.DB);
  if (await findUserByEmail(db, input.newEmail)) throw emailTaken();
  const pending = await findEmailChange(db, user.id);
  const wait = pending ? pending.sentAt + RESEND_INTERVAL_MS - now : 0;
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new ApiError(429, "RATE_LIMITED", `A code was just sent; wait ${seconds} seconds before asking for another`, { retryAfterSeconds: seconds }, { "Retry-After": String(seconds) });
  }
  const code = newCode();
  const expiresAt = now + CODE_TTL_MS;
  await saveEmailChange(db, { userId: user.id, newEmail: input.newEmail, codeHash: await emailChangeDigest(env, user.id, input.newEmail, code), expiresAt, now });
  await mailerFor(env).send(emailChangeCodeMail(env.SITE_NAME, input.newEmail, code, CODE_TTL_MS / 60_000, accountLocale(user, requested)));
  return { newEmail: input.newEmail, expiresAt };
}

function wrongCode(message: string): ApiError {
  return new ApiError(422, "CODE_INVALID", message, { fieldErrors: { code: [message] } });
}

/** Step two: the right code moves the account to the new address (verified), and the old address is told. */
export async function confirmEmailChange(env: Env, user: UserRow, code: string, now: number, requested: Locale): Promise<UserRow> {
  const db = database(env.DB);
  const pending = await findEmailChange(db, user.id);
  if (!pending) throw new ApiError(409, "RULE_VIOLATION", "There is no email change waiting for a code; ask for one first");
  if (now >= pending.expiresAt) {
    await deleteEmailChange(db, user.id);
    throw new ApiError(422, "CODE_EXPIRED", "This code has expired; ask for a new one", { fieldErrors: { code: ["This code has expired"] } });
  }
  const digest = await emailChangeDigest(env, user.id, pending.newEmail, code);
  if (digest !== pending.codeHash) {
    const failures = await recordEmailChangeFailure(db, user.id, pending.codeHash);
    if (failures >= MAX_CODE_ATTEMPTS) {
      await deleteEmailChange(db, user.id);
      throw wrongCode("Too many wrong codes; ask for a new one");
    }
    throw wrongCode("That code is not right");
  }
  if (!(await applyEmailChange(env.DB, { userId: user.id, newEmail: pending.newEmail, codeHash: pending.codeHash, now }))) {
    if (await findUserByEmail(db, pending.newEmail)) throw emailTaken();
    throw new ApiError(409, "RULE_VIOLATION", "The change was confirmed or replaced meanwhile; reload");
  }
  await mailerFor(env).send(emailChangedMail(env.SITE_NAME, user.email, pending.newEmail, accountLocale(user, requested)));
  return (await findUserById(db, user.id))!;
}

/**
 * New recovery codes replace all the old ones, for the password plus a current
 * code (from the app, or one of the old recovery codes), so a borrowed
 * session cannot mint itself a way in.
 */
export async function regenerateRecoveryCodes(env: Env, user: UserRow, input: RegenerateRecoveryCodesRequest, now: number): Promise<RecoveryCodes> {
  const db = database(env.DB);
  const secret = await findTwoFactorSecret(db, user.id);
  if (secret?.enabledAt == null) throw new ApiError(409, "RULE_VIOLATION", "Two-factor authentication is not on");
  await requirePassword(user, input.password);
  const outcome = await verifySecondFactor(env, user.id, input.code, now);
  if (!outcome.accepted) throw refusedCode(outcome.reason);
  const recoveryCodes = newRecoveryCodes();
  const hashes = await Promise.all(recoveryCodes.map((code) => recoveryCodeDigest(env.JWT_SECRET, user.id, normaliseRecoveryCode(code))));
  const codes = JSON.stringify(hashes.map((hash) => ({ id: crypto.randomUUID(), hash })));
  await env.DB.batch([
    env.DB.prepare(`DELETE FROM recovery_codes WHERE user_id = ?1`).bind(user.id),
    env.DB.prepare(
      `INSERT INTO recovery_codes (id, user_id, code_hash, created_at)
       SELECT json_extract(value, '$.id'), ?1, json_extract(value, '$.hash'), ?2 FROM json_each(?3)`,
    ).bind(user.id, now, codes),
  ]);
  return { recoveryCodes };
}

/**
 * Deletes an account that owes nothing: refused while an order is open, a
 * listing runs or a bid stands in a running auction, since others depend on
 * it. Otherwise personal data goes (see anonymiseAccount) and every socket closes.
 */
export async function deleteAccount(env: Env, user: UserRow, password: string, now: number): Promise<void> {
  await requirePassword(user, password);
  const blockers = await deletionBlockers(database(env.DB), user.id);
  if (blockers.openOrders > 0) {
    throw new ApiError(409, "OPEN_ORDERS", `You have ${blockers.openOrders} open order(s): finish them (or have them marked unpaid) first`, blockers);
  }
  if (blockers.runningListings > 0 || blockers.runningBids > 0) {
    throw new ApiError(409, "RULE_VIOLATION", "Wait until your running listings and the auctions you bid in have ended", blockers);
  }
  const photos = await anonymiseAccount(env.DB, user.id, now);
  if (photos.length > 0) await env.IMAGES.delete(photos);
  await closeConnections(env, user.id, { kind: "user" }, "This account was deleted");
}
