import { SignJWT, errors as joseErrors, jwtVerify } from "jose";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;
const ACCESS_TOKEN_TYPE = "at+jwt";
const ALGORITHM = "HS256";
const CLOCK_TOLERANCE_SECONDS = 5;
const MIN_SECRET_BYTES = 32;

export interface TokenConfig {
  secret: string;
  /**
   * The secret before the last rotation (JWT_SECRET_PREVIOUS): tokens it
   * signed are still accepted until they expire, none is signed with it.
   */
  previousSecret?: string;
  issuer: string;
  audience: string;
}

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

const encoder = new TextEncoder();

function keyOf(secret: string, name: string): Uint8Array {
  const key = encoder.encode(secret);
  if (key.length < MIN_SECRET_BYTES) {
    throw new Error(`${name} must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return key;
}

function signingKey(config: TokenConfig): Uint8Array {
  return keyOf(config.secret, "JWT_SECRET");
}

/** The current key first; the previous one only verifies. */
function verificationKeys(config: TokenConfig): Uint8Array[] {
  return config.previousSecret ? [signingKey(config), keyOf(config.previousSecret, "JWT_SECRET_PREVIOUS")] : [signingKey(config)];
}

/** Fails loudly when the deployment is missing its signing secret or claims. */
export function assertTokenConfig(config: Partial<TokenConfig>): asserts config is TokenConfig {
  if (!config.secret) throw new Error("JWT_SECRET is not configured");
  if (!config.issuer || !config.audience) throw new Error("JWT_ISSUER and JWT_AUDIENCE must be set");
  verificationKeys(config as TokenConfig);
}

export async function issueAccessToken(
  config: TokenConfig,
  claims: AccessClaims,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const issuedAt = Math.floor(now / 1000);
  const expiresAt = issuedAt + ACCESS_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: ACCESS_TOKEN_TYPE })
    .setSubject(claims.userId)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setJti(crypto.randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(signingKey(config));
  return { token, expiresAt: expiresAt * 1000 };
}

export type VerifiedAccessClaims = AccessClaims & { expiresAt: number };

/** Returns null for any token that is not a valid, unexpired access token of ours. */
export async function verifyAccessToken(config: TokenConfig, token: string): Promise<VerifiedAccessClaims | null> {
  for (const key of verificationKeys(config)) {
    const claims = await verifyWithKey(config, key, token);
    if (claims) return claims;
  }
  return null;
}

async function verifyWithKey(config: TokenConfig, key: Uint8Array, token: string): Promise<VerifiedAccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      issuer: config.issuer,
      audience: config.audience,
      typ: ACCESS_TOKEN_TYPE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["sub", "sid", "jti", "exp", "iat"],
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string" || typeof payload.exp !== "number") return null;
    return { userId: payload.sub, sessionId: payload.sid, expiresAt: payload.exp * 1000 };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}

/** Opaque refresh tokens: 256 random bits, stored only as a SHA-256 digest. */
export function newRefreshToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function digestToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(token));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
