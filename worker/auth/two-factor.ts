import type { LoginChallenge, RecoveryCodes, TwoFactorSetup, TwoFactorStatus } from "../../schema/api/account-security";
import type { UserRow } from "../../schema/db";
import { database } from "../db/client";
import { revokeAllSessions } from "../db/sessions";
import {
  claimChallengeAttempt,
  claimSecondFactorAttempt,
  claimTotpStep,
  clearSecondFactorFailures,
  consumeLoginChallenge,
  countUnusedRecoveryCodes,
  createLoginChallenge,
  deletePendingSecret,
  deleteExpiredChallenges,
  disableTwoFactor,
  enableTwoFactor,
  findTwoFactorSecret,
  recordSecondFactorFailure,
  savePendingSecret,
  useRecoveryCode,
} from "../db/two-factor";
import { findUserById } from "../db/users";
import { ApiError } from "../lib/errors";
import { closeConnections } from "../realtime/connections";
import { newOpaqueToken } from "./opaque-tokens";
import { verifyPassword } from "./password";
import { decryptTotpSecret, encryptTotpSecret, recoveryCodeDigest } from "./totp-secret";
import {
  CHALLENGE_TTL_MS,
  checkTotpCode,
  classifySecondFactor,
  MAX_CHALLENGE_ATTEMPTS,
  MAX_CONSECUTIVE_FAILURES,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  otpauthUri,
  qrCodeSvg,
  SECOND_FACTOR_LOCKOUT_MS,
  secondFactorLockoutWait,
} from "./totp";
import { digestToken } from "./tokens";

export async function twoFactorStatus(env: Env, user: UserRow): Promise<TwoFactorStatus> {
  const db = database(env.DB);
  const row = await findTwoFactorSecret(db, user.id);
  if (row?.enabledAt == null) {
    const pendingSetup = row ? setupOffer(env, user, await decryptTotpSecret(env.JWT_SECRET, user.id, row.secretCiphertext)) : null;
    return { enabled: false, enabledAt: null, recoveryCodesLeft: 0, pendingSetup };
  }
  return {
    enabled: true,
    enabledAt: new Date(row.enabledAt).toISOString(),
    recoveryCodesLeft: await countUnusedRecoveryCodes(db, user.id),
    pendingSetup: null,
  };
}

function setupOffer(env: Env, user: UserRow, secret: string): TwoFactorSetup {
  const uri = otpauthUri(secret, env.SITE_NAME, user.email);
  return { secret, otpauthUri: uri, qrSvg: qrCodeSvg(uri) };
}

function alreadyEnabled(): ApiError {
  return new ApiError(409, "RULE_VIOLATION", "Two-factor authentication is already on; turn it off first to use another app");
}

/** A new secret waiting for its first code; starting again replaces it, so only the last QR code works. */
export async function startTwoFactorSetup(env: Env, user: UserRow, now: number): Promise<TwoFactorSetup> {
  const secret = newTotpSecret();
  const saved = await savePendingSecret(database(env.DB), user.id, await encryptTotpSecret(env.JWT_SECRET, user.id, secret), now);
  if (!saved) throw alreadyEnabled();
  return setupOffer(env, user, secret);
}

/** Drops a setup that never received its code; two-factor that is on stays on. */
export async function cancelTwoFactorSetup(env: Env, userId: string): Promise<void> {
  if (!(await deletePendingSecret(database(env.DB), userId))) {
    throw new ApiError(409, "RULE_VIOLATION", "There is no setup waiting for a code");
  }
}

export async function requirePassword(user: UserRow, password: string): Promise<void> {
  if (!(await verifyPassword(password, user.passwordHash)).valid) {
    throw new ApiError(403, "INVALID_CREDENTIALS", "The password is incorrect", { fieldErrors: { password: ["The password is incorrect"] } });
  }
}

/**
 * The password and a first code from the app (proving it holds the secret)
 * turn two-factor on. Every other session ends, since it was opened without
 * the second factor.
 */
export async function finishTwoFactorSetup(
  env: Env,
  user: UserRow,
  sessionId: string,
  input: { password: string; code: string },
  now: number,
): Promise<RecoveryCodes> {
  const db = database(env.DB);
  const row = await findTwoFactorSecret(db, user.id);
  if (row?.enabledAt != null) throw alreadyEnabled();
  if (!row) throw new ApiError(409, "RULE_VIOLATION", "Start the setup first: there is no secret waiting for a code");
  await requirePassword(user, input.password);
  const check = checkTotpCode(await decryptTotpSecret(env.JWT_SECRET, user.id, row.secretCiphertext), input.code, now, null);
  if (!check.accepted) {
    throw wrongCode(`That code is not right; check the app shows ${env.SITE_NAME} and the time on your device is correct`);
  }
  const recoveryCodes = newRecoveryCodes();
  const recoveryCodeHashes = await Promise.all(
    recoveryCodes.map((recoveryCode) => recoveryCodeDigest(env.JWT_SECRET, user.id, normaliseRecoveryCode(recoveryCode))),
  );
  const enabled = await enableTwoFactor(db, { userId: user.id, secretCiphertext: row.secretCiphertext, step: check.step, recoveryCodeHashes, now });
  if (!enabled) throw new ApiError(409, "RULE_VIOLATION", "The setup changed meanwhile (another tab?); reload and start again");
  await endOtherSessions(env, user.id, sessionId, "two_factor_enabled", now);
  return { recoveryCodes };
}

/** Needs the password and a current code (or a recovery code), so a borrowed unlocked session is not enough. */
export async function turnOffTwoFactor(
  env: Env,
  user: UserRow,
  sessionId: string,
  input: { password: string; code: string },
  now: number,
): Promise<void> {
  const db = database(env.DB);
  const row = await findTwoFactorSecret(db, user.id);
  if (row?.enabledAt == null) throw new ApiError(409, "RULE_VIOLATION", "Two-factor authentication is not on");
  await requirePassword(user, input.password);
  const outcome = await verifySecondFactor(env, user.id, input.code, now);
  if (!outcome.accepted) throw refusedCode(outcome.reason);
  await disableTwoFactor(db, user.id);
  await endOtherSessions(env, user.id, sessionId, "two_factor_disabled", now);
}

/** A change of second factor ends the other sessions and closes their sockets; this page's session stays. */
async function endOtherSessions(env: Env, userId: string, sessionId: string, reason: string, now: number): Promise<void> {
  await revokeAllSessions(database(env.DB), userId, reason, now, sessionId);
  await closeConnections(env, userId, { kind: "otherSessions", keepSessionId: sessionId }, "Two-factor authentication changed");
}

export type SecondFactorOutcome = { accepted: true } | { accepted: false; reason: "wrong" | "replayed" };

function lockedOut(wait: number): ApiError {
  const seconds = Math.max(1, Math.ceil(wait / 1000));
  const message = `Too many wrong codes; wait ${Math.ceil(seconds / 60)} minutes, or use a recovery code`;
  return new ApiError(429, "RATE_LIMITED", message, { retryAfterSeconds: seconds }, { "Retry-After": String(seconds) });
}

/**
 * One attempt at the second factor of an account that has it on: a code from
 * the app (its time step is then spent) or an unused recovery code (then
 * spent). An app code claims its attempt against the account in D1 before it
 * is compared, so parallel guesses cannot outrun the count; after a run of
 * wrong ones the app's codes get one attempt per lockout period, and a right
 * one clears the run. Recovery codes (50 bits) are beyond guessing and stay
 * usable, so whoever locks the account with the password cannot lock its
 * owner out.
 */
export async function verifySecondFactor(env: Env, userId: string, code: string, now: number): Promise<SecondFactorOutcome> {
  const db = database(env.DB);
  const factor = classifySecondFactor(code);
  if (factor.kind === "recovery") {
    const used = await useRecoveryCode(db, userId, await recoveryCodeDigest(env.JWT_SECRET, userId, factor.code), now);
    if (!used) {
      await recordSecondFactorFailure(db, userId, now);
      return { accepted: false, reason: "wrong" };
    }
    await clearSecondFactorFailures(db, userId);
    return { accepted: true };
  }
  if (!(await claimSecondFactorAttempt(db, userId, { maxFailures: MAX_CONSECUTIVE_FAILURES, lockoutMs: SECOND_FACTOR_LOCKOUT_MS }, now))) {
    const row = await findTwoFactorSecret(db, userId);
    if (row?.enabledAt == null) throw new Error("verifySecondFactor needs an account with two-factor on");
    throw lockedOut(secondFactorLockoutWait(row.failedAttempts, row.lastFailedAt, now));
  }
  const row = await findTwoFactorSecret(db, userId);
  if (row?.enabledAt == null) throw new Error("verifySecondFactor needs an account with two-factor on");
  const check = checkTotpCode(await decryptTotpSecret(env.JWT_SECRET, userId, row.secretCiphertext), factor.code, now, row.lastUsedStep);
  if (!check.accepted) return check;
  // A concurrent request may have spent the same step since the row was read.
  return (await claimTotpStep(db, userId, check.step)) ? { accepted: true } : { accepted: false, reason: "replayed" };
}

function wrongCode(message: string, details: Record<string, unknown> = {}): ApiError {
  return new ApiError(422, "CODE_INVALID", message, { ...details, fieldErrors: { code: [message] } });
}

export function refusedCode(reason: "wrong" | "replayed", details: Record<string, unknown> = {}): ApiError {
  return reason === "replayed"
    ? wrongCode("That code was already used; wait for the app to show a new one", details)
    : wrongCode("That code is not right", details);
}

/** What a correct password earns an account with two-factor on: a challenge to answer with a code. */
export async function issueLoginChallenge(env: Env, userId: string, now: number): Promise<LoginChallenge> {
  const db = database(env.DB);
  const challenge = newOpaqueToken();
  const expiresAt = now + CHALLENGE_TTL_MS;
  await deleteExpiredChallenges(db, userId, now);
  await createLoginChallenge(db, { userId, tokenHash: await digestToken(challenge), expiresAt, now });
  return { twoFactorRequired: true, challenge, expiresAt: new Date(expiresAt).toISOString() };
}

function challengeOver(message: string): ApiError {
  return new ApiError(422, "CODE_EXPIRED", message);
}

/**
 * Answers a login challenge; returns the user to start a session for. The
 * attempt is claimed on the challenge before the code is compared, and each
 * challenge makes at most one session.
 */
export async function completeLoginChallenge(env: Env, challenge: string, code: string, now: number): Promise<UserRow> {
  const db = database(env.DB);
  const claim = await claimChallengeAttempt(db, await digestToken(challenge), MAX_CHALLENGE_ATTEMPTS, now);
  if (!claim) throw challengeOver("This login has expired; enter your email and password again");
  const user = await findUserById(db, claim.userId);
  if (!user) throw challengeOver("This login has expired; enter your email and password again");
  if (user.suspendedAt !== null) throw new ApiError(403, "ACCOUNT_SUSPENDED", "This account is suspended");
  const outcome = await verifySecondFactor(env, user.id, code, now);
  if (!outcome.accepted) {
    const attemptsLeft = MAX_CHALLENGE_ATTEMPTS - claim.attempts;
    if (attemptsLeft === 0) {
      await consumeLoginChallenge(db, claim.id);
      throw challengeOver("Too many wrong codes; enter your email and password again");
    }
    throw refusedCode(outcome.reason, { attemptsLeft });
  }
  if (!(await consumeLoginChallenge(db, claim.id))) throw challengeOver("This login was already completed; enter your email and password again");
  return user;
}
