import { createRoute } from "@hono/zod-openapi";
import { LoginResult } from "../../schema/api/account-security";
import { AuthResult, LoginRequest, RefreshRequest, RegisterRequest } from "../../schema/api/auth";
import { clearAuthCookies, readRefreshCookie } from "../auth/cookies";
import { authenticate } from "../auth/middleware";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../auth/password";
import { enforceRateLimit } from "../auth/rate-limit";
import { rotateSession, startSession } from "../auth/sessions";
import { issueLoginChallenge } from "../auth/two-factor";
import { sendVerificationCode } from "../auth/verify-email";
import { log } from "../lib/log";
import { digestToken } from "../auth/tokens";
import { database } from "../db/client";
import { findRefreshToken, revokeSession } from "../db/sessions";
import { isTwoFactorEnabled } from "../db/two-factor";
import { findUserByEmail, insertUser, updatePasswordHash } from "../db/users";
import { ApiError } from "../lib/errors";
import { requestedLocale, requestLocale } from "../lib/language";
import { createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { clientIpRateKey } from "../lib/request-context";
import { closeConnections } from "../realtime/connections";

import { getSiteSettings } from "../db/site-settings";

export const authRoutes = createRouter();

const register = createRoute({
  method: "post",
  path: "/register",
  tags: ["Auth"],
  summary: "Create an account (and log in)",
  request: { body: jsonBody(RegisterRequest) },
  responses: {
    201: jsonContent(AuthResult, "Account created; session cookies set for browsers"),
    ...errorResponses(400, 403, 409, 413, 415, 429),
  },
});

authRoutes.openapi(register, async (c) => {
  const input = c.req.valid("json");
  if (!(await getSiteSettings(database(c.env.DB))).registrationOpen) throw new ApiError(403, "REGISTRATION_CLOSED", "Registration is closed for now");
  await enforceRateLimit([
    { limiter: c.env.AUTH_IP_LIMITER, key: `register:ip:${clientIpRateKey(c.req.raw)}` },
    { limiter: c.env.AUTH_LIMITER, key: `register:email:${input.email}` },
  ]);
  const user = await insertUser(database(c.env.DB), {
    email: input.email,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    // The language the account was made in (the site sends its page's language), so the mail it gets speaks it too.
    preferredLocale: requestedLocale(c.req.raw) ?? null,
    now: Date.now(),
  });
  if (!user) throw new ApiError(409, "EMAIL_TAKEN", "An account with this email already exists");
  try {
    await sendVerificationCode(c.env, user, Date.now(), requestLocale(c.req.raw));
  } catch (error) {
    // The account exists either way; the verify page offers "send a new code".
    log("error", "verification mail failed", { requestId: c.get("requestId"), userId: user.id, error: String(error) });
  }
  return c.json(await startSession(c, user), 201);
});

const login = createRoute({
  method: "post",
  path: "/login",
  tags: ["Auth"],
  summary: "Log in with email and password",
  description:
    "Accounts with two-factor authentication on get a `LoginChallenge` instead of a session: send it with a code " +
    "to `POST /api/auth/login/2fa` within 5 minutes.",
  request: { body: jsonBody(LoginRequest) },
  responses: {
    200: jsonContent(LoginResult, "Logged in (session cookies set for browsers), or a two-factor challenge"),
    ...errorResponses(400, 401, 403, 413, 415, 429),
  },
});

authRoutes.openapi(login, async (c) => {
  const { email, password } = c.req.valid("json");
  await enforceRateLimit([
    { limiter: c.env.AUTH_IP_LIMITER, key: `login:ip:${clientIpRateKey(c.req.raw)}` },
    { limiter: c.env.AUTH_LIMITER, key: `login:email:${email}` },
  ]);
  const db = database(c.env.DB);
  const user = await findUserByEmail(db, email);
  const check = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  if (!user || !check.valid) {
    throw new ApiError(401, "INVALID_CREDENTIALS", "The email or password is incorrect");
  }
  if (user.suspendedAt !== null) throw new ApiError(403, "ACCOUNT_SUSPENDED", "This account is suspended");
  if (check.needsRehash) await updatePasswordHash(db, user.id, await hashPassword(password), Date.now());
  if (await isTwoFactorEnabled(db, user.id)) return c.json(await issueLoginChallenge(c.env, user.id, Date.now()), 200);
  return c.json(await startSession(c, user), 200);
});

const refresh = createRoute({
  method: "post",
  path: "/refresh",
  tags: ["Auth"],
  summary: "Exchange a refresh token (cookie or body) for new tokens",
  request: { body: jsonBody(RefreshRequest, false) },
  responses: {
    200: jsonContent(AuthResult, "New access token; the refresh token is rotated"),
    ...errorResponses(400, 401, 403, 409, 415),
  },
});

authRoutes.openapi(refresh, async (c) => {
  const presented = c.req.valid("json")?.refreshToken ?? readRefreshCookie(c);
  if (!presented) throw new ApiError(401, "REFRESH_TOKEN_INVALID", "No refresh token was presented");
  try {
    return c.json(await rotateSession(c, presented), 200);
  } catch (error) {
    // A conflict means another request already set fresh cookies: leave them alone.
    if (error instanceof ApiError && error.status === 401) clearAuthCookies(c);
    throw error;
  }
});

const logout = createRoute({
  method: "post",
  path: "/logout",
  tags: ["Auth"],
  summary: "End the current session",
  responses: { 204: { description: "Session ended and cookies cleared" }, ...errorResponses(403) },
});

authRoutes.openapi(logout, async (c) => {
  const db = database(c.env.DB);
  const session = await currentSession(c);
  if (session) {
    await revokeSession(db, session.id, "logout", Date.now());
    c.executionCtx.waitUntil(closeConnections(c.env, session.userId, { kind: "session", sessionId: session.id }, "You logged out"));
  }
  clearAuthCookies(c);
  return c.body(null, 204);
});

/** Logout must work with an expired access token, so the refresh cookie also identifies the session. */
async function currentSession(c: Parameters<typeof authenticate>[0]): Promise<{ id: string; userId: string } | null> {
  try {
    const auth = await authenticate(c);
    if (auth) return { id: auth.sessionId, userId: auth.user.id };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  const refreshToken = readRefreshCookie(c);
  if (!refreshToken) return null;
  const found = await findRefreshToken(database(c.env.DB), await digestToken(refreshToken));
  return found ? { id: found.session.id, userId: found.session.userId } : null;
}
