import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { requireAuth, requireRole } from "../auth/middleware";
import { database } from "../db/client";
import { findAuctionRow } from "../db/listings";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses } from "../lib/openapi";
import { outboxAvailable } from "../mail/mailer";

/**
 * Moving an auction's clock on a local stack, so the browser tests follow an
 * auction past its end without waiting for it. Served only where the dev
 * outbox is (MAIL_TRANSPORT=outbox and a local SITE_URL), to admins; 404
 * everywhere else, before anyone is asked to log in.
 */
export const devAuctionRoutes = createRouter();

const onlyWhereTheDevOutboxIs = createMiddleware<AppEnv>(async (c, next) => {
  if (!outboxAvailable(c.env)) throw new ApiError(404, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`);
  await next();
});

devAuctionRoutes.use("*", onlyWhereTheDevOutboxIs, requireAuth, requireRole("admin"));

const endNow = createRoute({
  method: "post",
  path: "/{id}/end",
  tags: ["Development"],
  summary: "End a live auction now, as its alarm would at its end (404 unless MAIL_TRANSPORT=outbox and SITE_URL is local; admins)",
  security: authenticated,
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: "Ended" }, ...errorResponses(400, 401, 403, 404, 409) },
});

devAuctionRoutes.openapi(endNow, async (c) => {
  const { id } = c.req.valid("param");
  const row = await findAuctionRow(database(c.env.DB), id);
  // Checked before the room is reached: an id without a published listing must not create a room.
  if (!row || row.status === "draft") throw new ApiError(404, "NOT_FOUND", "No auction has this id");
  const reply = await c.env.AUCTION_ROOM.get(c.env.AUCTION_ROOM.idFromName(id)).endNow();
  if (!reply.ok) throw new ApiError(reply.status, reply.code, reply.message);
  return c.body(null, 204);
});
