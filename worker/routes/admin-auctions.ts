import { createRoute, z } from "@hono/zod-openapi";
import { ListingReport, ReasonRequest, ReportDecision, ReportQuery } from "../../schema/api/admin";
import type { AuctionRow } from "../../schema/db";
import { requireAuth, requireRole } from "../auth/middleware";
import { cancelAsAdmin } from "../catalog/cancellation";
import { auditInsert } from "../db/audit";
import { database, type Database } from "../db/client";
import { findAuctionRow, setFeaturedStatement } from "../db/listings";
import { decideReport, findReport, listReports, setHiddenStatement } from "../db/moderation";
import { auditActor } from "../lib/audit-actor";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";

export const adminAuctionRoutes = createRouter();
adminAuctionRoutes.use("*", requireAuth, requireRole("admin"));

const AuctionId = z.object({ id: z.uuid() });

async function publishedAuction(db: Database, id: string): Promise<AuctionRow> {
  const row = await findAuctionRow(db, id);
  if (!row || row.status === "draft") throw new ApiError(404, "NOT_FOUND", "No auction has this id");
  return row;
}

const featureRoute = (method: "put" | "delete") =>
  createRoute({
    method,
    path: "/{id}/featured",
    tags: ["Admin"],
    summary: method === "put" ? "Feature an auction on the home page (featured ones show newest pick first)" : "Stop featuring an auction",
    security: authenticated,
    request: { params: AuctionId },
    responses: { 204: { description: "Done" }, ...errorResponses(400, 401, 403, 404) },
  });

for (const method of ["put", "delete"] as const) {
  adminAuctionRoutes.openapi(featureRoute(method), async (c) => {
    const db = database(c.env.DB);
    const row = await publishedAuction(db, c.req.valid("param").id);
    const now = Date.now();
    await db.batch([
      setFeaturedStatement(db, row.id, method === "put" ? now : null),
      auditInsert(db, auditActor(c), { action: method === "put" ? "auction.feature" : "auction.unfeature", targetType: "auction", targetId: row.id, before: { featuredAt: row.featuredAt }, after: { featuredAt: method === "put" ? now : null } }, now),
    ]);
    return c.body(null, 204);
  });
}

const visibilityRoute = (action: "hide" | "unhide") =>
  createRoute({
    method: "post",
    path: `/{id}/${action}`,
    tags: ["Admin"],
    summary:
      action === "hide"
        ? "Hide a listing: gone from search, featured and lists; its page says it was removed (and, to its owner, why)"
        : "Show a hidden listing again",
    security: authenticated,
    request: { params: AuctionId, body: jsonBody(ReasonRequest) },
    responses: { 204: { description: "Done" }, ...errorResponses(400, 401, 403, 404, 409, 415) },
  });

for (const action of ["hide", "unhide"] as const) {
  adminAuctionRoutes.openapi(visibilityRoute(action), async (c) => {
    const { reason } = c.req.valid("json");
    const db = database(c.env.DB);
    const row = await publishedAuction(db, c.req.valid("param").id);
    if ((row.hiddenAt !== null) === (action === "hide")) throw new ApiError(409, "RULE_VIOLATION", action === "hide" ? "The listing is already hidden" : "The listing is not hidden");
    const now = Date.now();
    await db.batch([
      setHiddenStatement(db, row.id, action === "hide" ? { reason } : null, now),
      auditInsert(
        db,
        auditActor(c),
        { action: `auction.${action}`, targetType: "auction", targetId: row.id, before: { hidden: row.hiddenAt !== null, hiddenReason: row.hiddenReason }, after: { hidden: action === "hide", hiddenReason: action === "hide" ? reason : null, reason } },
        now,
      ),
    ]);
    return c.body(null, 204);
  });
}

const cancel = createRoute({
  method: "post",
  path: "/{id}/cancel",
  tags: ["Admin"],
  summary: "Cancel an auction before its end, with a reason its bidders and watchers are told (the `cancelled` notification)",
  security: authenticated,
  request: { params: AuctionId, body: jsonBody(ReasonRequest) },
  responses: { 204: { description: "Cancelled" }, ...errorResponses(400, 401, 403, 404, 409, 415) },
});

adminAuctionRoutes.openapi(cancel, async (c) => {
  const db = database(c.env.DB);
  const row = await publishedAuction(db, c.req.valid("param").id);
  await cancelAsAdmin(c, db, row, c.req.valid("json").reason);
  return c.body(null, 204);
});

export const adminReportRoutes = createRouter();
adminReportRoutes.use("*", requireAuth, requireRole("admin"));

const reports = createRoute({
  method: "get",
  path: "/",
  tags: ["Admin"],
  summary: "Listing reports by status (open: oldest first)",
  security: authenticated,
  request: { query: ReportQuery },
  responses: { 200: jsonContent(z.object({ items: z.array(ListingReport) }), "Reports"), ...errorResponses(400, 401, 403) },
});

adminReportRoutes.openapi(reports, async (c) => c.json({ items: await listReports(database(c.env.DB), c.req.valid("query").status) }, 200));

const decide = createRoute({
  method: "post",
  path: "/{id}/decision",
  tags: ["Admin"],
  summary: "Resolve (action taken) or dismiss (nothing wrong) an open report, with a note",
  security: authenticated,
  request: { params: z.object({ id: z.uuid() }), body: jsonBody(ReportDecision) },
  responses: { 200: jsonContent(z.object({ report: ListingReport }), "Decided"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

adminReportRoutes.openapi(decide, async (c) => {
  const { id } = c.req.valid("param");
  const { status, note } = c.req.valid("json");
  const db = database(c.env.DB);
  const report = await findReport(db, id);
  if (!report) throw new ApiError(404, "NOT_FOUND", "No report has this id");
  const now = Date.now();
  if (!(await decideReport(db, id, { status, note, adminId: c.get("auth").user.id, now }))) throw new ApiError(409, "RULE_VIOLATION", `The report was already ${report.status}`);
  await auditInsert(db, auditActor(c), { action: status === "resolved" ? "report.resolve" : "report.dismiss", targetType: "report", targetId: id, before: { status: "open" }, after: { status, note, auctionId: report.auction.id } }, now);
  return c.json({ report: (await findReport(db, id))! }, 200);
});
