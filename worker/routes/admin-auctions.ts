import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../auth/middleware";
import { database } from "../db/client";
import { auditInsert } from "../db/audit";
import { findAuctionRow, setFeaturedStatement } from "../db/listings";
import { auditActor } from "../lib/audit-actor";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses } from "../lib/openapi";

export const adminAuctionRoutes = createRouter();
adminAuctionRoutes.use("*", requireAuth, requireRole("admin"));

const featureRoute = (method: "put" | "delete") =>
  createRoute({
    method,
    path: "/{id}/featured",
    tags: ["Admin"],
    summary: method === "put" ? "Feature an auction on the home page" : "Stop featuring an auction",
    security: authenticated,
    request: { params: z.object({ id: z.uuid() }) },
    responses: { 204: { description: "Done" }, ...errorResponses(400, 401, 403, 404) },
  });

for (const method of ["put", "delete"] as const) {
  adminAuctionRoutes.openapi(featureRoute(method), async (c) => {
    const db = database(c.env.DB);
    const row = await findAuctionRow(db, c.req.valid("param").id);
    if (!row || row.status === "draft") throw new ApiError(404, "NOT_FOUND", "No auction has this id");
    const now = Date.now();
    await db.batch([
      setFeaturedStatement(db, row.id, method === "put" ? now : null),
      auditInsert(db, auditActor(c), { action: method === "put" ? "auction.feature" : "auction.unfeature", targetType: "auction", targetId: row.id, before: { featuredAt: row.featuredAt }, after: { featuredAt: method === "put" ? now : null } }, now),
    ]);
    return c.body(null, 204);
  });
}
