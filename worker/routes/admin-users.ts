import { createRoute, z } from "@hono/zod-openapi";
import { AdminUserPatch, PageQuery, User, UserList } from "../../schema/api/users";
import { requireAuth, requireRole } from "../auth/middleware";
import { database } from "../db/client";
import { listUsers, toApiUser, updateUserAdminFields } from "../db/users";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { closeConnections } from "../realtime/connections";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";

export const adminUserRoutes = createRouter();
adminUserRoutes.use("*", requireAuth, requireRole("admin"));

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Admin"],
  summary: "All users, newest first",
  security: authenticated,
  request: { query: PageQuery },
  responses: { 200: jsonContent(UserList, "A page of users"), ...errorResponses(400, 401, 403) },
});

adminUserRoutes.openapi(list, async (c) => {
  const { cursor, limit } = c.req.valid("query");
  const page = await listUsers(database(c.env.DB), { after: decodeCursor(cursor), limit });
  return c.json({ items: page.items.map(toApiUser), nextCursor: page.next && encodeCursor(page.next) }, 200);
});

const patch = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["Admin"],
  summary: "Suspend, reinstate or change the roles of a user",
  security: authenticated,
  request: { params: z.object({ id: z.uuid() }), body: jsonBody(AdminUserPatch) },
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
  const row = await updateUserAdminFields(database(c.env.DB), id, changes, Date.now());
  if (!row) throw new ApiError(404, "NOT_FOUND", "No user has this id");
  if (changes.suspended === true) c.executionCtx.waitUntil(closeConnections(c.env, id, { kind: "user" }, "This account was suspended"));
  else if (changes.roles) c.executionCtx.waitUntil(closeConnections(c.env, id, { kind: "user" }, "Your roles changed"));
  return c.json({ user: toApiUser(row) }, 200);
});
