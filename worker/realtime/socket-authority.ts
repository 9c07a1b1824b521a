/**
 * What an open socket may still do. The Worker authenticates the upgrade and
 * hands the room an identity that is valid until the access token it was
 * opened with expires (not a fixed time after connecting, so a token that was
 * about to expire cannot buy a socket fifteen more minutes). After that the
 * room socket may still watch but not bid, and the notification channel
 * closes the socket rather than push to it: the client reconnects with a
 * fresh token, which is checked against the session and account again. Revocation,
 * suspension and role changes close the socket outright (closeConnections).
 */

/** Sent with a refused bid frame, and as the close reason of an expired channel socket (at most 123 bytes). */
export const AUTHORITY_LAPSED_MESSAGE = "Your login needs re-checking: reconnect to keep going";

export function socketHoldsAuthority(identity: { validUntil: number }, now: number): boolean {
  return now < identity.validUntil;
}
