// Access tokens for sessions written straight to D1, signed exactly like the
// API's own (worker/auth/tokens.ts). The benchmark and the demo seed use them
// because logins are rate-limited per IP and both need several accounts at once.
import { SignJWT } from "jose";

export const TOKEN_ISSUER = "gavel";
export const TOKEN_AUDIENCE = "gavel-api";

export function signAccessToken(secret, { userId, sessionId, lifetime = "1h" }) {
  return new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
    .setSubject(userId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(new TextEncoder().encode(secret));
}
