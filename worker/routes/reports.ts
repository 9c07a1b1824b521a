import { createRoute, z } from "@hono/zod-openapi";
import { ReportRequest } from "../../schema/api/admin";
import { requireAuth } from "../auth/middleware";
import { auditInsert } from "../db/audit";
import { database } from "../db/client";
import { findAuctionRow } from "../db/listings";
import { claimQuota, insertReport } from "../db/moderation";
import { auditActor } from "../lib/audit-actor";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";

/** Reports per user per hour: enough for an honest user, too few to flood the queue. */
export const REPORTS_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

export const reportRoutes = createRouter();
// Mounted beside auctionRoutes at /api/auctions: the guard must not reach their public GETs.
reportRoutes.use("/:id/reports", requireAuth);

const report = createRoute({
  method: "post",
  path: "/{id}/reports",
  tags: ["Auctions"],
  summary: `Report a listing to the moderators (one open report per listing; ${REPORTS_PER_HOUR} per hour)`,
  security: authenticated,
  request: { params: z.object({ id: z.uuid() }), body: jsonBody(ReportRequest) },
  responses: { 201: jsonContent(z.object({ id: z.string() }), "Reported"), ...errorResponses(400, 401, 404, 409, 415, 422, 429) },
});

reportRoutes.openapi(report, async (c) => {
  const { id } = c.req.valid("param");
  const { reason, note } = c.req.valid("json");
  const { user } = c.get("auth");
  const db = database(c.env.DB);
  const row = await findAuctionRow(db, id);
  if (!row || row.status === "draft") throw new ApiError(404, "NOT_FOUND", "No auction has this id");
  if (row.sellerId === user.id) throw new ApiError(422, "RULE_VIOLATION", "You cannot report your own listing");
  const now = Date.now();
  // Claimed before anything else, so a parallel burst cannot get past the limit.
  if (!(await claimQuota(db, user.id, "report", REPORTS_PER_HOUR, HOUR_MS, now))) {
    c.header("Retry-After", String(HOUR_MS / 1000));
    throw new ApiError(429, "RATE_LIMITED", `At most ${REPORTS_PER_HOUR} reports an hour; try again later`);
  }
  const reportId = await insertReport(db, { auctionId: id, reporterId: user.id, reason, note, now });
  if (!reportId) throw new ApiError(409, "RULE_VIOLATION", "You already reported this listing; the moderators will look at it");
  await auditInsert(db, auditActor(c), { action: "report.submit", targetType: "auction", targetId: id, before: null, after: { reportId, reason } }, now);
  return c.json({ id: reportId }, 201);
});
