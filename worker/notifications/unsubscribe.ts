import { SignJWT, jwtVerify } from "jose";
import { NotificationEvent } from "../../schema/api/notifications";

/**
 * Unsubscribe links work without logging in (mail is often read on another
 * device), so the link carries a signed claim: this user, this event. It
 * cannot be used as a login: its own type and audience, and verification
 * pins both. It expires a year after the mail was sent, so a leaked link
 * (a forwarded mail, a mail archive) does not work forever; an older mail's
 * reader changes the setting on the preferences page instead.
 */
const UNSUBSCRIBE_TYPE = "unsubscribe+jwt";
const UNSUBSCRIBE_AUDIENCE = "gavel-unsubscribe";
const ALGORITHM = "HS256";
export const UNSUBSCRIBE_TOKEN_TTL_SECONDS = 365 * 24 * 60 * 60;

export interface UnsubscribeClaim {
  userId: string;
  event: NotificationEvent;
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function unsubscribeToken(secret: string, claim: UnsubscribeClaim, now = Date.now()): Promise<string> {
  const issuedAt = Math.floor(now / 1000);
  return new SignJWT({ evt: claim.event })
    .setProtectedHeader({ alg: ALGORITHM, typ: UNSUBSCRIBE_TYPE })
    .setSubject(claim.userId)
    .setAudience(UNSUBSCRIBE_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + UNSUBSCRIBE_TOKEN_TTL_SECONDS)
    .sign(key(secret));
}

/** null for anything that is not an unsubscribe token we signed. */
export async function readUnsubscribeToken(secret: string, token: string): Promise<UnsubscribeClaim | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALGORITHM],
      typ: UNSUBSCRIBE_TYPE,
      audience: UNSUBSCRIBE_AUDIENCE,
      requiredClaims: ["sub", "evt", "exp"],
    });
    const event = NotificationEvent.safeParse(payload.evt);
    return event.success && payload.sub ? { userId: payload.sub, event: event.data } : null;
  } catch {
    return null;
  }
}

/** The page a person opens from the mail's footer: it says what will be turned off and asks first. */
export function unsubscribeUrl(siteUrl: string, token: string): string {
  return `${siteUrl.replace(/\/+$/, "")}/unsubscribe?token=${encodeURIComponent(token)}`;
}

/** Mail clients POST here a form body, not JSON (RFC 8058), so the JSON-only guard exempts it. */
export const ONE_CLICK_UNSUBSCRIBE_PATH = "/api/notifications/unsubscribe/one-click";

/** Where a mail client POSTs for one-click unsubscribe (RFC 8058, the List-Unsubscribe header). */
export function oneClickUnsubscribeUrl(siteUrl: string, token: string): string {
  return `${siteUrl.replace(/\/+$/, "")}${ONE_CLICK_UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`;
}
