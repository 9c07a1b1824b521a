/**
 * The rules of two-factor authentication, free of storage and of the clock:
 * callers pass `now` so tests can fix time.
 *
 * Codes follow RFC 6238 with the parameters every authenticator app supports
 * (SHA-1, 6 digits, 30-second steps); otpauth computes them.
 */
import { Secret, TOTP } from "otpauth";
import { renderSVG } from "uqr";
import { RECOVERY_CODE_PATTERN } from "../../schema/api/account-security";

const PERIOD_SECONDS = 30;
const DIGITS = 6;
const ALGORITHM = "SHA1";
/** RFC 4226 asks for at least 128 bits; 160 is the HMAC-SHA-1 block size apps expect. */
const SECRET_BYTES = 20;
/**
 * One step either side of now: a code typed just before it rolled over still
 * works, and so does a phone whose clock runs up to 30 s ahead.
 */
const ACCEPTED_STEP_DRIFT = 1;

export const RECOVERY_CODE_COUNT = 10;
/** A login challenge lives this long after the password was accepted. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** The wrong code that reaches this count burns the challenge. */
export const MAX_CHALLENGE_ATTEMPTS = 5;
/**
 * Someone who knows the password can start challenge after challenge; after
 * this many wrong codes in a row the account takes one guess per lockout period.
 */
export const MAX_CONSECUTIVE_FAILURES = 10;
export const SECOND_FACTOR_LOCKOUT_MS = 15 * 60 * 1000;

export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

function totpFor(secretBase32: string, label = "", issuer = ""): TOTP {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(secretBase32),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
}

/** The time step (RFC 6238 "T") a moment falls in. */
export function totpStep(now: number): number {
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: now });
}

/** `otpauth://totp/Gavel:email?secret=…&issuer=Gavel…`, the key URI format every app scans. */
export function otpauthUri(secretBase32: string, issuer: string, accountName: string): string {
  return totpFor(secretBase32, accountName, issuer).toString();
}

/** The URI as a scannable QR code; the quiet zone of four modules is what scanners are built for. */
export function qrCodeSvg(uri: string): string {
  return renderSVG(uri, { ecc: "M", border: 4, pixelSize: 6 });
}

export type TotpCheck = { accepted: true; step: number } | { accepted: false; reason: "wrong" | "replayed" };

/**
 * Checks a code against the steps around `now`. A step at or before the last
 * accepted one is refused, so a code seen over a shoulder or in a log cannot
 * be used again, nor can an older one once a newer one was used.
 */
export function checkTotpCode(secretBase32: string, code: string, now: number, lastUsedStep: number | null): TotpCheck {
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now, window: ACCEPTED_STEP_DRIFT });
  if (delta === null) return { accepted: false, reason: "wrong" };
  const step = totpStep(now) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return { accepted: false, reason: "replayed" };
  return { accepted: true, step };
}

export type SecondFactor = { kind: "totp"; code: string } | { kind: "recovery"; code: string };

/** Tells an authenticator code from a recovery code; the schema has already checked the shape. */
export function classifySecondFactor(code: string): SecondFactor {
  const compact = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(compact)) return { kind: "totp", code: compact };
  if (RECOVERY_CODE_PATTERN.test(compact)) return { kind: "recovery", code: normaliseRecoveryCode(compact) };
  throw new Error("not a second-factor code");
}

/** Recovery codes are stored and compared as ten lowercase characters. */
export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, "").toLowerCase();
}

const RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * Ten codes of ten base32 characters (50 bits each), printed as "abcde-fghij".
 * 32 divides 256, so `byte % 32` favours no character.
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const characters = Array.from(crypto.getRandomValues(new Uint8Array(10)), (byte) => RECOVERY_ALPHABET[byte % 32]);
    return `${characters.slice(0, 5).join("")}-${characters.slice(5).join("")}`;
  });
}

/** Milliseconds until the account may try another code; 0 when it may now. */
export function secondFactorLockoutWait(failedAttempts: number, lastFailedAt: number | null, now: number): number {
  if (failedAttempts < MAX_CONSECUTIVE_FAILURES || lastFailedAt === null) return 0;
  return Math.max(0, lastFailedAt + SECOND_FACTOR_LOCKOUT_MS - now);
}
