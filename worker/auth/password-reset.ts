/** The rules of password reset links, free of storage and of the clock. */

export const RESET_TTL_MS = 30 * 60 * 1000;
/**
 * At most one reset mail per account in this interval: the per-email rate
 * limit alone would let anyone send ten a minute to someone else's inbox.
 * Requests inside it get the same answer and send nothing.
 */
export const RESET_MAIL_INTERVAL_MS = 60 * 1000;
/** The wrong two-factor code that reaches this count burns the link. */
export const MAX_RESET_CODE_ATTEMPTS = 5;

/**
 * Built from the configured site URL, never from the request's Host header: a
 * forged Host would otherwise make us mail a link to the attacker's site.
 */
export function resetLink(siteUrl: string, token: string): string {
  const url = new URL("/reset-password", siteUrl);
  url.searchParams.set("token", token);
  return url.toString();
}

export type ResetCheck = "valid" | "expired" | "missing";

export function checkResetRecord(record: { expiresAt: number } | undefined, now: number): ResetCheck {
  if (!record) return "missing";
  return now >= record.expiresAt ? "expired" : "valid";
}

/** Whether this request may send a new link, or falls inside the interval after the last one. */
export function mayMailReset(lastSentAt: number | undefined, now: number): boolean {
  return lastSentAt === undefined || now - lastSentAt >= RESET_MAIL_INTERVAL_MS;
}
