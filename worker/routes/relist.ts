import { createRoute, z } from "@hono/zod-openapi";
import { AuctionDetail } from "../../schema/api/catalog";
import { requireAuth } from "../auth/middleware";
import { auctionDetail, draftSnapshot } from "../catalog/detail";
import { relistListing, relistRefusal } from "../catalog/relist";
import { database } from "../db/client";
import { findAuctionRow } from "../db/listings";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonContent } from "../lib/openapi";

export const relistRoutes = createRouter();
// Only this path: the router shares the /api/auctions prefix with routes anyone may call.
relistRoutes.use("/:id/relist", requireAuth);

const relist = createRoute({
  method: "post",
  path: "/{id}/relist",
  tags: ["Auctions"],
  summary: "Relist an ended auction that did not sell, as a new draft with the same photos, terms and category",
  description: "Repeating the call returns the same draft (200) instead of making another.",
  security: authenticated,
  request: { params: z.object({ id: z.uuid() }) },
  responses: {
    201: jsonContent(AuctionDetail, "The new draft"),
    200: jsonContent(AuctionDetail, "The draft made by an earlier call"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

relistRoutes.openapi(relist, async (c) => {
  const { user } = c.get("auth");
  const db = database(c.env.DB);
  const row = await findAuctionRow(db, c.req.valid("param").id);
  if (!row || (row.status === "draft" && row.sellerId !== user.id)) throw new ApiError(404, "NOT_FOUND", "No auction has this id");
  if (row.sellerId !== user.id) throw new ApiError(403, "FORBIDDEN", "Only the seller can relist this listing");
  const now = Date.now();
  const refusal = await relistRefusal(db, row, now);
  if (refusal) throw new ApiError(refusal.status, refusal.code, refusal.message);
  const { row: copy, created } = await relistListing(c.env, row, { automatic: false, now });
  const detail = await auctionDetail(db, copy, draftSnapshot(copy, user.id, now), user.id);
  return created ? c.json(detail, 201) : c.json(detail, 200);
});
