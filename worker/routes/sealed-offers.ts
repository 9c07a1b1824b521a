import { createRoute, z } from "@hono/zod-openapi";
import { BidAccepted } from "../../schema/api/auctions";
import { CommitRequest, Opening } from "../../schema/api/sealed";
import type { BidReply } from "../auction/room";
import { requireAuth } from "../auth/middleware";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { BID_ERROR_STATUS, identityOf, publishedRoom } from "./auctions";

/** Sealed service requests: commitments before the deadline, their openings in the reveal window (docs/protocol.md). */
export const sealedOfferRoutes = createRouter();
sealedOfferRoutes.use("/:id/*", requireAuth);

const AuctionId = z.object({ id: z.uuid() });
const IdempotencyKey = z.object({ "idempotency-key": z.string().min(8).max(100).regex(/^[\w-]+$/) });

function answer(reply: BidReply): { seq: number } {
  if (!reply.ok) throw new ApiError(BID_ERROR_STATUS[reply.code], reply.code, reply.message);
  return { seq: reply.seq };
}

const commit = createRoute({
  method: "post",
  path: "/{id}/commitments",
  tags: ["Auctions"],
  summary: "Sealed requests: commit to an offer before the deadline (SHA-256 of the canonical opening; the room never sees the amount)",
  security: authenticated,
  request: { params: AuctionId, headers: IdempotencyKey, body: jsonBody(CommitRequest) },
  responses: { 201: jsonContent(BidAccepted, "Logged with its sequence number"), ...errorResponses(400, 401, 403, 404, 409, 415, 422) },
});

sealedOfferRoutes.openapi(commit, async (c) => {
  const { id } = c.req.valid("param");
  const request = { requestId: c.req.valid("header")["idempotency-key"], commitment: c.req.valid("json").commitment };
  return c.json(answer(await (await publishedRoom(c, id)).commit(identityOf(c.get("auth").user), request)), 201);
});

const reveal = createRoute({
  method: "post",
  path: "/{id}/reveals",
  tags: ["Auctions"],
  summary: "Sealed requests: open your own commitment in the reveal window; a mismatch is refused and may be corrected until the window closes",
  security: authenticated,
  request: { params: AuctionId, headers: IdempotencyKey, body: jsonBody(Opening) },
  responses: { 201: jsonContent(BidAccepted, "Revealed, with the reveal's sequence number"), ...errorResponses(400, 401, 403, 404, 409, 415, 422) },
});

sealedOfferRoutes.openapi(reveal, async (c) => {
  const { id } = c.req.valid("param");
  const request = { requestId: c.req.valid("header")["idempotency-key"], opening: c.req.valid("json") };
  return c.json(answer(await (await publishedRoom(c, id)).reveal(identityOf(c.get("auth").user), request)), 201);
});
