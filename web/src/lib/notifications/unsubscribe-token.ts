import { NotificationEvent } from "$schema";

/**
 * The kind of email an unsubscribe link turns off, read from its token's
 * claims so the page can say so before anything changes. Nothing trusts this
 * reading: the API verifies the signature when the button is pressed, so a
 * doctored token can change the words shown but turns nothing off. null when
 * the token is not shaped like one the API signs.
 */
export function eventOfUnsubscribeToken(token: string): NotificationEvent | null {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const base64 = parts[1].replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== "object" || claims === null || !("evt" in claims)) return null;
    const event = NotificationEvent.safeParse(claims.evt);
    return event.success ? event.data : null;
  } catch {
    return null;
  }
}
