import { SignJWT, jwtVerify } from "jose";
import { NotificationEvent } from "../../schema/api/notifications";

/**
 * Unsubscribe links work without logging in (mail is often read on another
 * device), so the link carries a signed claim: this user, this event. It
 * cannot be used as a login: its own type and audience, and verification
 * pins both. It does not expire; an old mail's link still turns that mail off.
 */
const UNSUBSCRIBE_TYPE = "unsubscribe+jwt";
const UNSUBSCRIBE_AUDIENCE = "gavel-unsubscribe";
const ALGORITHM = "HS256";

export interface UnsubscribeClaim {
  userId: string;
  event: NotificationEvent;
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function unsubscribeToken(secret: string, claim: UnsubscribeClaim): Promise<string> {
  return new SignJWT({ evt: claim.event })
    .setProtectedHeader({ alg: ALGORITHM, typ: UNSUBSCRIBE_TYPE })
    .setSubject(claim.userId)
    .setAudience(UNSUBSCRIBE_AUDIENCE)
    .setIssuedAt()
    .sign(key(secret));
}

/** null for anything that is not an unsubscribe token we signed. */
export async function readUnsubscribeToken(secret: string, token: string): Promise<UnsubscribeClaim | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALGORITHM],
      typ: UNSUBSCRIBE_TYPE,
      audience: UNSUBSCRIBE_AUDIENCE,
      requiredClaims: ["sub", "evt"],
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
