import type { EmailCodeRow } from "../../schema/db";

export const CODE_TTL_MS = 10 * 60 * 1000;
/** The attempt that reaches this count burns the code. */
export const MAX_CODE_ATTEMPTS = 5;
export const RESEND_INTERVAL_MS = 60 * 1000;

/** 0 means the code is burned: the attempt that reached the limit was its last. */
export function attemptsLeft(failedAttempts: number): number {
  return Math.max(0, MAX_CODE_ATTEMPTS - failedAttempts);
}

/** Milliseconds until another code may be sent; 0 when it may be sent now. */
export function resendWait(record: EmailCodeRow | undefined, now: number): number {
  if (!record) return 0;
  return Math.max(0, record.sentAt + RESEND_INTERVAL_MS - now);
}

/** Six digits, uniformly: rejection sampling avoids the modulo bias of `random % 1e6`. */
export function newCode(): string {
  const limit = Math.floor(0xffffffff / 1_000_000) * 1_000_000;
  for (;;) {
    const [value] = crypto.getRandomValues(new Uint32Array(1));
    if (value! < limit) return String(value! % 1_000_000).padStart(6, "0");
  }
}

/**
 * Codes are stored as an HMAC keyed with the server secret: six digits are too
 * few for a plain hash to hide them from someone who reads the database.
 */
export async function codeDigest(secret: string, userId: string, code: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`email-code:${userId}:${code}`));
  return Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
