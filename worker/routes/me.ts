import { createRoute, z } from "@hono/zod-openapi";
import { ChangePasswordRequest, RevokedCount, SessionList } from "../../schema/api/auth";
import type { SessionRow } from "../../schema/db";
import { User } from "../../schema/api/users";
import { requireAuth } from "../auth/middleware";
import { hashPassword, verifyPassword } from "../auth/password";
import { enforceRateLimit } from "../auth/rate-limit";
import { database } from "../db/client";
import { closeConnections } from "../realtime/connections";
import { listActiveSessions, revokeAllSessions, revokeUserSession } from "../db/sessions";
import { toApiUser, updatePasswordHash } from "../db/users";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";

export const meRoutes = createRouter();
meRoutes.use("*", requireAuth);

const getMe = createRoute({
  method: "get",
  path: "/",
  tags: ["Me"],
  summary: "The logged-in user",
  security: authenticated,
  responses: {
    200: jsonContent(z.object({ user: User }), "The current user"),
    ...errorResponses(401, 403),
  },
});

meRoutes.openapi(getMe, (c) => c.json({ user: toApiUser(c.get("auth").user) }, 200));

const changePassword = createRoute({
  method: "post",
  path: "/password",
  tags: ["Me"],
  summary: "Change password; every other session is ended",
  security: authenticated,
  request: { body: jsonBody(ChangePasswordRequest) },
  responses: { 204: { description: "Password changed" }, ...errorResponses(400, 401, 403, 415, 429) },
});

meRoutes.openapi(changePassword, async (c) => {
  const { currentPassword, newPassword } = c.req.valid("json");
  const { user, sessionId } = c.get("auth");
  await enforceRateLimit([{ limiter: c.env.AUTH_LIMITER, key: `password:user:${user.id}` }]);
  const check = await verifyPassword(currentPassword, user.passwordHash);
  if (!check.valid) {
    throw new ApiError(403, "INVALID_CREDENTIALS", "The current password is incorrect", {
      fieldErrors: { currentPassword: ["The current password is incorrect"] },
    });
  }
  const db = database(c.env.DB);
  const now = Date.now();
  await updatePasswordHash(db, user.id, await hashPassword(newPassword), now);
  await revokeAllSessions(db, user.id, "password_changed", now, sessionId);
  c.executionCtx.waitUntil(closeConnections(c.env, user.id, { kind: "otherSessions", keepSessionId: sessionId }, "Your password was changed"));
  return c.body(null, 204);
});

function toApiSession(row: SessionRow, currentSessionId: string) {
  return {
    id: row.id,
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: new Date(row.lastUsedAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
    userAgent: row.userAgent,
    ip: row.ip,
    current: row.id === currentSessionId,
  };
}

const listSessions = createRoute({
  method: "get",
  path: "/sessions",
  tags: ["Me"],
  summary: "Active sessions (devices) of the current user",
  security: authenticated,
  responses: { 200: jsonContent(SessionList, "Newest activity first"), ...errorResponses(401, 403) },
});

meRoutes.openapi(listSessions, async (c) => {
  const { user, sessionId } = c.get("auth");
  const rows = await listActiveSessions(database(c.env.DB), user.id, Date.now());
  return c.json({ items: rows.map((row) => toApiSession(row, sessionId)) }, 200);
});

const revokeOne = createRoute({
  method: "delete",
  path: "/sessions/{id}",
  tags: ["Me"],
  summary: "End one of your sessions",
  security: authenticated,
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: "Session ended" }, ...errorResponses(400, 401, 403, 404) },
});

meRoutes.openapi(revokeOne, async (c) => {
  const { id } = c.req.valid("param");
  const revoked = await revokeUserSession(database(c.env.DB), c.get("auth").user.id, id, Date.now());
  if (!revoked) throw new ApiError(404, "NOT_FOUND", "No active session of yours has this id");
  c.executionCtx.waitUntil(closeConnections(c.env, c.get("auth").user.id, { kind: "session", sessionId: id }, "This session was ended"));
  return c.body(null, 204);
});

const revokeOthers = createRoute({
  method: "delete",
  path: "/sessions",
  tags: ["Me"],
  summary: "End every session except this one",
  security: authenticated,
  responses: { 200: jsonContent(RevokedCount, "How many sessions were ended"), ...errorResponses(401, 403) },
});

meRoutes.openapi(revokeOthers, async (c) => {
  const { user, sessionId } = c.get("auth");
  const revoked = await revokeAllSessions(database(c.env.DB), user.id, "revoked_by_user", Date.now(), sessionId);
  c.executionCtx.waitUntil(closeConnections(c.env, user.id, { kind: "otherSessions", keepSessionId: sessionId }, "Your other sessions were ended"));
  return c.json({ revoked }, 200);
});
