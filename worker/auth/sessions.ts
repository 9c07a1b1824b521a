import type { Context } from "hono";
import type { AuthResult } from "../../schema/api/auth";
import type { UserRow } from "../../schema/db";
import { database } from "../db/client";
import { createSession, exchangeRefreshToken, findRefreshToken, isSessionActive, revokeSession } from "../db/sessions";
import { toApiUser } from "../db/users";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/errors";
import { clientIp } from "../lib/request-context";
import { closeConnections } from "../realtime/connections";
import { setAuthCookies } from "./cookies";
import { tokenConfig } from "./middleware";
import {
  ACCESS_TOKEN_TTL_SECONDS,
  REFRESH_SESSION_TTL_SECONDS,
  digestToken,
  issueAccessToken,
  newRefreshToken,
} from "./tokens";

/**
 * Browsers always send `Origin` on POST; they get HttpOnly cookies and never
 * see the refresh token. Other clients (the terminal client, scripts) get the
 * refresh token in the body and keep it themselves.
 */
function isBrowserRequest(c: Context<AppEnv>): boolean {
  return c.req.header("origin") !== undefined;
}

async function authResult(
  c: Context<AppEnv>,
  user: UserRow,
  sessionId: string,
  refreshToken: string,
  now: number,
): Promise<AuthResult> {
  const access = await issueAccessToken(tokenConfig(c.env), { userId: user.id, sessionId }, now);
  const browser = isBrowserRequest(c);
  if (browser) {
    setAuthCookies(c, {
      accessToken: access.token,
      accessMaxAgeSeconds: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshMaxAgeSeconds: REFRESH_SESSION_TTL_SECONDS,
    });
  }
  return {
    user: toApiUser(user),
    accessToken: access.token,
    accessTokenExpiresAt: new Date(access.expiresAt).toISOString(),
    ...(!browser && { refreshToken }),
  };
}

export async function startSession(c: Context<AppEnv>, user: UserRow): Promise<AuthResult> {
  const now = Date.now();
  const refreshToken = newRefreshToken();
  const session = await createSession(database(c.env.DB), {
    userId: user.id,
    refreshTokenHash: await digestToken(refreshToken),
    expiresAt: now + REFRESH_SESSION_TTL_SECONDS * 1000,
    userAgent: c.req.header("user-agent") ?? null,
    ip: clientIp(c.req.raw),
    now,
  });
  return authResult(c, user, session.id, refreshToken, now);
}

/**
 * A browser can present the same refresh token twice within moments (two tabs,
 * a page load racing a preload); that is not theft, and the other request has
 * already set the new cookies.
 */
export const REFRESH_REUSE_GRACE_MS = 10_000;

function refreshConflict(): ApiError {
  return new ApiError(409, "REFRESH_CONFLICT", "This refresh token was just exchanged by another request; use the new one");
}

/**
 * Rotates a refresh token. A token presented again after it was exchanged is
 * treated as stolen and ends the whole session (the token family), unless it
 * comes within a few seconds of the exchange; two exchanges racing each other
 * are decided by the database, and the loser is refused without ending the
 * winner's session.
 */
export async function rotateSession(c: Context<AppEnv>, presentedToken: string): Promise<AuthResult> {
  const db = database(c.env.DB);
  const now = Date.now();
  const found = await findRefreshToken(db, await digestToken(presentedToken));
  if (!found || !isSessionActive(found.session, now)) {
    throw new ApiError(401, "REFRESH_TOKEN_INVALID", "The refresh token is invalid or its session has ended");
  }
  if (found.token.usedAt !== null) {
    if (now - found.token.usedAt < REFRESH_REUSE_GRACE_MS) throw refreshConflict();
    await revokeSession(db, found.session.id, "refresh_token_reuse", now);
    await closeConnections(c.env, found.session.userId, { kind: "session", sessionId: found.session.id }, "This session was ended: its refresh token was used twice");
    throw new ApiError(401, "REFRESH_TOKEN_REUSED", "This refresh token was already used; the session has been ended");
  }
  if (found.user.suspendedAt !== null) {
    throw new ApiError(403, "ACCOUNT_SUSPENDED", "This account is suspended");
  }
  const refreshToken = newRefreshToken();
  const exchanged = await exchangeRefreshToken(db, {
    tokenId: found.token.id,
    sessionId: found.session.id,
    newTokenHash: await digestToken(refreshToken),
    expiresAt: now + REFRESH_SESSION_TTL_SECONDS * 1000,
    now,
  });
  if (!exchanged) throw refreshConflict();
  return authResult(c, found.user, found.session.id, refreshToken, now);
}
