import { createRoute } from "@hono/zod-openapi";
import { AuditPage, AuditQuery } from "../../schema/api/admin";
import { requireAuth, requireRole } from "../auth/middleware";
import { listAudit } from "../db/audit";
import { database } from "../db/client";
import { findUserByEmail } from "../db/users";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { authenticated, createRouter, errorResponses, jsonContent } from "../lib/openapi";

/** Read-only by design: the audit log has no route that edits or deletes an entry. */
export const adminAuditRoutes = createRouter();
adminAuditRoutes.use("*", requireAuth, requireRole("admin"));

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Admin"],
  summary: "The audit log, newest first, filtered by action, actor email or target id",
  security: authenticated,
  request: { query: AuditQuery },
  responses: { 200: jsonContent(AuditPage, "A page of entries"), ...errorResponses(400, 401, 403) },
});

adminAuditRoutes.openapi(list, async (c) => {
  const { action, actor, target, cursor, limit } = c.req.valid("query");
  const db = database(c.env.DB);
  const actorRow = actor ? await findUserByEmail(db, actor.toLowerCase()) : undefined;
  if (actor && !actorRow) return c.json({ items: [], nextCursor: null }, 200);
  const page = await listAudit(db, { ...(action ? { action } : {}), ...(actorRow ? { actorId: actorRow.id } : {}), ...(target ? { targetId: target } : {}) }, { after: decodeCursor(cursor), limit });
  return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) }, 200);
});
