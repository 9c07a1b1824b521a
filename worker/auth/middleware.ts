import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { UserRow } from "../../schema/db";
import type { Role } from "../../schema/api/users";
import { database } from "../db/client";
import { findSessionWithUser, isSessionActive } from "../db/sessions";
import type { AppEnv, Bindings } from "../env";
import { ApiError } from "../lib/errors";
import { readAccessCookie } from "./cookies";
import { assertTokenConfig, verifyAccessToken, type TokenConfig } from "./tokens";

export interface AuthContext {
  user: UserRow;
  sessionId: string;
  via: "cookie" | "bearer";
  /** When the presented access token expires: what a socket opened with it may do ends then. */
  accessTokenExpiresAt: number;
}

export function tokenConfig(env: Bindings): TokenConfig {
  const config = {
    secret: env.JWT_SECRET,
    ...(env.JWT_SECRET_PREVIOUS ? { previousSecret: env.JWT_SECRET_PREVIOUS } : {}),
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  };
  assertTokenConfig(config);
  return config;
}

function presentedAccessToken(c: Context<AppEnv>): { token: string; via: AuthContext["via"] } | null {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, "TOKEN_INVALID", "Use 'Authorization: Bearer <access token>'");
    return { token: match[1]!, via: "bearer" };
  }
  const cookie = readAccessCookie(c);
  return cookie ? { token: cookie, via: "cookie" } : null;
}

/**
 * Resolves the caller, or null for an anonymous request. A token that is
 * present but invalid, a revoked session or a suspended account is an error,
 * never silently anonymous.
 */
export async function authenticate(c: Context<AppEnv>): Promise<AuthContext | null> {
  const presented = presentedAccessToken(c);
  if (!presented) return null;
  const claims = await verifyAccessToken(tokenConfig(c.env), presented.token);
  if (!claims) throw new ApiError(401, "TOKEN_INVALID", "The access token is invalid or expired");
  const found = await findSessionWithUser(database(c.env.DB), claims.sessionId);
  if (!found || found.user.id !== claims.userId || !isSessionActive(found.session, Date.now())) {
    throw new ApiError(401, "SESSION_REVOKED", "This session has ended; log in again");
  }
  if (found.user.suspendedAt !== null) {
    throw new ApiError(403, "ACCOUNT_SUSPENDED", "This account is suspended");
  }
  return { user: found.user, sessionId: found.session.id, via: presented.via, accessTokenExpiresAt: claims.expiresAt };
}

/** Authenticates once per request, however many routers along the path ask for it. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("auth")) return next();
  const auth = await authenticate(c);
  if (!auth) throw new ApiError(401, "UNAUTHENTICATED", "Log in to continue");
  c.set("auth", auth);
  await next();
});

/** Use after requireAuth. */
export function requireRole(role: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!c.get("auth").user.roles.includes(role)) {
      throw new ApiError(403, "FORBIDDEN", `This needs the ${role} role`);
    }
    await next();
  });
}
