import { createRoute, z } from "@hono/zod-openapi";
import { AdminUserDetail, AdminUserQuery, ReasonRequest, RoleParam } from "../../schema/api/admin";
import { AdminUserPatch, User, UserList } from "../../schema/api/users";
import type { UserRow } from "../../schema/db";
import { requireAuth, requireRole } from "../auth/middleware";
import { adminFieldsOf, searchUsers, setRolesStatement, setSuspensionStatement, userActivity } from "../db/admin-users";
import { auditInsert } from "../db/audit";
import { database, type Database } from "../db/client";
import { latestApplicationOf } from "../db/seller-applications";
import { listActiveSessions, revokeAllSessions } from "../db/sessions";
import { isTwoFactorEnabled } from "../db/two-factor";
import { findUserById, toApiUser, updateUserAdminFields } from "../db/users";
import { auditActor } from "../lib/audit-actor";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { closeConnections } from "../realtime/connections";

export const adminUserRoutes = createRouter();
adminUserRoutes.use("*", requireAuth, requireRole("admin"));

const UserId = z.object({ id: z.uuid() });

async function existingUser(db: Database, id: string): Promise<UserRow> {
  const row = await findUserById(db, id);
  if (!row) throw new ApiError(404, "NOT_FOUND", "No user has this id");
  return row;
}

function refuseSelf(actorId: string, targetId: string, what: string): void {
  if (actorId === targetId) throw new ApiError(422, "RULE_VIOLATION", `Admins cannot ${what} themselves`);
}

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Admin"],
  summary: "Users, newest first; `q` searches email and display name",
  security: authenticated,
  request: { query: AdminUserQuery },
  responses: { 200: jsonContent(UserList, "A page of users"), ...errorResponses(400, 401, 403) },
});

adminUserRoutes.openapi(list, async (c) => {
  const { q, cursor, limit } = c.req.valid("query");
  const page = await searchUsers(database(c.env.DB), { ...(q ? { q } : {}), after: decodeCursor(cursor), limit });
  return c.json({ items: page.items.map(toApiUser), nextCursor: page.next && encodeCursor(page.next) }, 200);
});

const detail = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Admin"],
  summary: "One user: roles, verification, two-factor, sessions, listings, bids, reports and seller application",
  security: authenticated,
  request: { params: UserId },
  responses: { 200: jsonContent(AdminUserDetail, "The user"), ...errorResponses(400, 401, 403, 404) },
});

adminUserRoutes.openapi(detail, async (c) => {
  const db = database(c.env.DB);
  const row = await existingUser(db, c.req.valid("param").id);
  const [sessions, twoFactorEnabled, activity, sellerApplication] = await Promise.all([
    listActiveSessions(db, row.id, Date.now()),
    isTwoFactorEnabled(db, row.id),
    userActivity(db, row.id),
    latestApplicationOf(db, row.id),
  ]);
  return c.json(
    {
      user: toApiUser(row),
      suspendedReason: row.suspendedReason,
      twoFactorEnabled,
      sessions: sessions.map((session) => ({ id: session.id, createdAt: session.createdAt, lastUsedAt: session.lastUsedAt, userAgent: session.userAgent, ip: session.ip })),
      ...activity,
      sellerApplication,
    },
    200,
  );
});

const patch = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["Admin"],
  summary: "Suspend, reinstate or change the roles of a user (prefer the routes that take a reason)",
  security: authenticated,
  request: { params: UserId, body: jsonBody(AdminUserPatch) },
  responses: {
    200: jsonContent(z.object({ user: User }), "The updated user"),
    ...errorResponses(400, 401, 403, 404, 415, 422),
  },
});

adminUserRoutes.openapi(patch, async (c) => {
  const { id } = c.req.valid("param");
  const changes = c.req.valid("json");
  const actor = c.get("auth").user;
  if (id === actor.id && (changes.suspended === true || (changes.roles && !changes.roles.includes("admin")))) {
    throw new ApiError(422, "RULE_VIOLATION", "Admins cannot suspend themselves or drop their own admin role");
  }
  const db = database(c.env.DB);
  const before = await existingUser(db, id);
  const now = Date.now();
  const row = (await updateUserAdminFields(db, id, changes, now))!;
  await auditInsert(db, auditActor(c), { action: "user.update", targetType: "user", targetId: id, before: adminFieldsOf(before), after: adminFieldsOf(row) }, now);
  if (changes.suspended === true) c.executionCtx.waitUntil(closeConnections(c.env, id, { kind: "user" }, "This account was suspended"));
  else if (changes.roles) c.executionCtx.waitUntil(closeConnections(c.env, id, { kind: "user" }, "Your roles changed"));
  return c.json({ user: toApiUser(row) }, 200);
});

const suspensionRoute = (action: "suspend" | "reinstate") =>
  createRoute({
    method: "post",
    path: `/{id}/${action}`,
    tags: ["Admin"],
    summary: action === "suspend" ? "Suspend a user: every session and socket ends" : "Reinstate a suspended user",
    security: authenticated,
    request: { params: UserId, body: jsonBody(ReasonRequest) },
    responses: { 200: jsonContent(z.object({ user: User }), "The user"), ...errorResponses(400, 401, 403, 404, 409, 415, 422) },
  });

for (const action of ["suspend", "reinstate"] as const) {
  adminUserRoutes.openapi(suspensionRoute(action), async (c) => {
    const { id } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const admin = c.get("auth").user;
    if (action === "suspend") refuseSelf(admin.id, id, "suspend");
    const db = database(c.env.DB);
    const before = await existingUser(db, id);
    if ((before.suspendedAt !== null) === (action === "suspend")) {
      throw new ApiError(409, "RULE_VIOLATION", action === "suspend" ? "The user is already suspended" : "The user is not suspended");
    }
    const now = Date.now();
    const after = { ...before, suspendedAt: action === "suspend" ? now : null, suspendedReason: action === "suspend" ? reason : null };
    await db.batch([
      setSuspensionStatement(db, id, action === "suspend" ? { reason } : null, now),
      auditInsert(db, auditActor(c), { action: `user.${action}`, targetType: "user", targetId: id, before: adminFieldsOf(before), after: { ...adminFieldsOf(after), reason } }, now),
    ]);
    if (action === "suspend") {
      await revokeAllSessions(db, id, "suspended", now);
      c.executionCtx.waitUntil(closeConnections(c.env, id, { kind: "user" }, "This account was suspended"));
    }
    return c.json({ user: toApiUser(after) }, 200);
  });
}

const roleRoute = (method: "put" | "delete") =>
  createRoute({
    method,
    path: "/{id}/roles/{role}",
    tags: ["Admin"],
    summary: method === "put" ? "Grant a role (seller, admin)" : "Revoke a role",
    security: authenticated,
    request: { params: RoleParam },
    responses: { 200: jsonContent(z.object({ user: User }), "The user"), ...errorResponses(400, 401, 403, 404, 422) },
  });

for (const method of ["put", "delete"] as const) {
  adminUserRoutes.openapi(roleRoute(method), async (c) => {
    const { id, role } = c.req.valid("param");
    const admin = c.get("auth").user;
    if (method === "delete" && role === "admin") refuseSelf(admin.id, id, "drop the admin role of");
    const db = database(c.env.DB);
    const before = await existingUser(db, id);
    const roles = method === "put" ? [...new Set([...before.roles, role])] : before.roles.filter((held) => held !== role);
    if (roles.length === before.roles.length && roles.every((held) => before.roles.includes(held))) return c.json({ user: toApiUser(before) }, 200);
    const now = Date.now();
    await db.batch([
      setRolesStatement(db, id, roles, now),
      auditInsert(db, auditActor(c), { action: "user.roles", targetType: "user", targetId: id, before: { roles: before.roles }, after: { roles } }, now),
    ]);
    return c.json({ user: toApiUser({ ...before, roles }) }, 200);
  });
}

const endSessions = createRoute({
  method: "post",
  path: "/{id}/sessions/end",
  tags: ["Admin"],
  summary: "End every session of a user (they must log in again) and close their sockets",
  security: authenticated,
  request: { params: UserId },
  responses: { 200: jsonContent(z.object({ ended: z.number().int() }), "How many sessions ended"), ...errorResponses(400, 401, 403, 404, 422) },
});

adminUserRoutes.openapi(endSessions, async (c) => {
  const { id } = c.req.valid("param");
  refuseSelf(c.get("auth").user.id, id, "end every session of");
  const db = database(c.env.DB);
  await existingUser(db, id);
  const now = Date.now();
  const active = await listActiveSessions(db, id, now);
  const ended = await revokeAllSessions(db, id, "ended by an admin", now);
  await auditInsert(db, auditActor(c), { action: "user.sessions_end", targetType: "user", targetId: id, before: { activeSessions: active.length }, after: { activeSessions: 0, ended } }, now);
  c.executionCtx.waitUntil(closeConnections(c.env, id, { kind: "user" }, "Your sessions were ended by an administrator"));
  return c.json({ ended }, 200);
});
