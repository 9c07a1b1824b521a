import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AwardRequest, BidAccepted, CreateAuctionRequest, PlaceBidRequest } from "../../schema/api/auctions";
import { AuctionSnapshot, BidHistoryPage } from "../../schema/api/live";
import { authenticate, requireAuth } from "../auth/middleware";
import { IDENTITY_HEADER, type BidderIdentity, type SocketIdentity } from "../auction/room";
import { ACCESS_TOKEN_TTL_SECONDS } from "../auth/tokens";
import type { AuctionTerms } from "../auction/types";
import { database } from "../db/client";
import { insertAuction } from "../db/auctions";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { isAllowedOrigin } from "../lib/request-guards";
import type { UserRow } from "../../schema/db";

export const auctionRoutes = createRouter();
auctionRoutes.on("POST", ["/", "/:id/bids", "/:id/cancel", "/:id/award"], requireAuth);

const START_GRACE_MS = 60_000;
const AuctionId = z.object({ id: z.uuid() });

function room(c: Context<AppEnv>, auctionId: string) {
  return c.env.AUCTION_ROOM.get(c.env.AUCTION_ROOM.idFromName(auctionId));
}

function identityOf(user: UserRow): BidderIdentity {
  return { userId: user.id, displayName: user.displayName, verified: user.emailVerifiedAt !== null, roles: user.roles };
}

const BID_ERROR_STATUS: Record<string, 403 | 404 | 409 | 422> = {
  NOT_FOUND: 404,
  NOT_VERIFIED: 403,
  SELLER_ROLE_REQUIRED: 403,
  REQUEST_ID_REUSED: 409,
};

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["Auctions"],
  summary: "Create and schedule an auction (forward: sellers; reverse: any verified account)",
  security: authenticated,
  request: { body: jsonBody(CreateAuctionRequest) },
  responses: { 201: jsonContent(AuctionSnapshot, "Scheduled"), ...errorResponses(400, 401, 403, 415, 422) },
});

auctionRoutes.openapi(create, async (c) => {
  const input = c.req.valid("json");
  const { user } = c.get("auth");
  if (input.format === "forward" && !user.roles.includes("seller")) {
    throw new ApiError(403, "SELLER_ROLE_REQUIRED", "Listing items needs the seller capability");
  }
  if (user.emailVerifiedAt === null) throw new ApiError(403, "NOT_VERIFIED", "Verify your email address first");
  const now = Date.now();
  if (Date.parse(input.startsAt) < now - START_GRACE_MS) {
    throw new ApiError(400, "VALIDATION_FAILED", "The request body is invalid", {
      fieldErrors: { startsAt: ["The start cannot be in the past"] },
    });
  }
  const terms: AuctionTerms = {
    id: crypto.randomUUID(),
    format: input.format,
    currency: input.currency,
    sellerId: user.id,
    startingPrice: input.startingPrice,
    increment: input.increment,
    reservePrice: input.reservePrice,
    buyNowPrice: input.buyNowPrice,
    bidCapPerBidder: input.bidCapPerBidder,
    softCloseMs: input.softCloseMinutes * 60_000,
    hardCloseAt: input.hardCloseAt === null ? null : Date.parse(input.hardCloseAt),
    startsAt: Math.max(Date.parse(input.startsAt), now),
    endsAt: Date.parse(input.endsAt),
  };
  await insertAuction(database(c.env.DB), terms, input.title, now);
  return c.json(await room(c, terms.id).initialize(terms), 201);
});

const getOne = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Auctions"],
  summary: "Live snapshot of an auction, served by its room",
  request: { params: AuctionId },
  responses: { 200: jsonContent(AuctionSnapshot, "The auction now"), ...errorResponses(400, 404) },
});

auctionRoutes.openapi(getOne, async (c) => {
  const { id } = c.req.valid("param");
  const viewer = await authenticate(c);
  const snapshot = await room(c, id).snapshot(viewer?.user.id ?? null);
  if (!snapshot) throw new ApiError(404, "NOT_FOUND", "No auction has this id");
  return c.json(snapshot, 200);
});

const placeBid = createRoute({
  method: "post",
  path: "/{id}/bids",
  tags: ["Auctions"],
  summary: "Bid; the Idempotency-Key makes retries safe",
  security: authenticated,
  request: {
    params: AuctionId,
    headers: z.object({ "idempotency-key": z.string().min(8).max(100).regex(/^[\w-]+$/) }),
    body: jsonBody(PlaceBidRequest),
  },
  responses: { 201: jsonContent(BidAccepted, "Accepted with its sequence number"), ...errorResponses(400, 401, 403, 404, 409, 415, 422) },
});

auctionRoutes.openapi(placeBid, async (c) => {
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const reply = await room(c, id).bid(identityOf(c.get("auth").user), { requestId: c.req.valid("header")["idempotency-key"], ...body });
  if (!reply.ok) {
    throw new ApiError(BID_ERROR_STATUS[reply.code] ?? 422, reply.code as ApiError["code"], reply.message);
  }
  return c.json({ seq: reply.seq }, 201);
});

const history = createRoute({
  method: "get",
  path: "/{id}/bids",
  tags: ["Auctions"],
  summary: "Bid history, oldest first; reverse requesters also see each offer's details",
  request: {
    params: AuctionId,
    query: z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(200).default(50) }),
  },
  responses: {
    200: jsonContent(BidHistoryPage, "A page of bids"),
    ...errorResponses(400, 404),
  },
});

auctionRoutes.openapi(history, async (c) => {
  const { id } = c.req.valid("param");
  const { after, limit } = c.req.valid("query");
  const viewer = await authenticate(c);
  const page = await room(c, id).history(viewer?.user.id ?? null, after, limit);
  if (!page) throw new ApiError(404, "NOT_FOUND", "No auction has this id");
  return c.json({ items: page.items, nextAfter: page.nextSeq }, 200);
});

const verify = createRoute({
  method: "get",
  path: "/{id}/bids/verify",
  tags: ["Auctions"],
  summary: "Recompute the SHA-256 chain over the bid log",
  request: { params: AuctionId },
  responses: {
    200: jsonContent(
      z.union([
        z.object({ valid: z.literal(true), length: z.number().int(), head: z.string() }),
        z.object({ valid: z.literal(false), brokenAtSeq: z.number().int(), reason: z.string() }),
      ]),
      "Whether the log is intact",
    ),
    ...errorResponses(400, 404),
  },
});

auctionRoutes.openapi(verify, async (c) => {
  const check = await room(c, c.req.valid("param").id).verifyLog();
  if (!check) throw new ApiError(404, "NOT_FOUND", "No auction has this id");
  return c.json(check, 200);
});

const cancel = createRoute({
  method: "post",
  path: "/{id}/cancel",
  tags: ["Auctions"],
  summary: "Cancel (the seller before the first bid, an admin any time before the end)",
  security: authenticated,
  request: { params: AuctionId },
  responses: { 200: jsonContent(AuctionSnapshot, "Cancelled"), ...errorResponses(400, 401, 403, 404, 409) },
});

auctionRoutes.openapi(cancel, async (c) => {
  const { user } = c.get("auth");
  const reply = await room(c, c.req.valid("param").id).cancel(user.id, user.roles.includes("admin"));
  if (!reply.ok) throw new ApiError(reply.status, reply.code as ApiError["code"], reply.message);
  return c.json(reply.snapshot, 200);
});

const award = createRoute({
  method: "post",
  path: "/{id}/award",
  tags: ["Auctions"],
  summary: "Award a reverse auction to one offer (the requester only)",
  security: authenticated,
  request: { params: AuctionId, body: jsonBody(AwardRequest) },
  responses: { 200: jsonContent(AuctionSnapshot, "Awarded"), ...errorResponses(400, 401, 403, 404, 415, 422) },
});

auctionRoutes.openapi(award, async (c) => {
  const reply = await room(c, c.req.valid("param").id).award(c.get("auth").user.id, c.req.valid("json").seq);
  if (!reply.ok) throw new ApiError(reply.status, reply.code as ApiError["code"], reply.message);
  return c.json(reply.snapshot, 200);
});

auctionRoutes.openAPIRegistry.registerPath({
  method: "get",
  path: "/{id}/live",
  tags: ["Auctions"],
  summary: "Live WebSocket: state, bids, acks, status and leaderboard frames (see docs/protocol.md)",
  description:
    "Upgrade with `Upgrade: websocket`. Anonymous sockets watch; sockets authenticated by the session cookie or a bearer token can bid. Frames are defined by ClientFrame and ServerFrame.",
  request: { params: AuctionId },
  responses: { 101: { description: "Switching protocols" }, ...errorResponses(400, 401, 403, 404) },
});

/**
 * The live socket. Browsers cannot set headers on an upgrade, so the session
 * cookie authenticates it and Origin is checked here, before the room sees
 * the request; the room gets the identity in a header only this Worker sets.
 */
auctionRoutes.get("/:id/live", async (c) => {
  const parsed = AuctionId.safeParse({ id: c.req.param("id") });
  if (!parsed.success) throw new ApiError(404, "NOT_FOUND", "No auction has this id");
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(400, "VALIDATION_FAILED", "Connect with a WebSocket upgrade");
  }
  const origin = c.req.header("origin");
  if (origin !== undefined && !isAllowedOrigin(c.req.raw, c.env.ALLOWED_ORIGINS, origin)) {
    throw new ApiError(403, "ORIGIN_NOT_ALLOWED", "WebSocket connections from this origin are not allowed");
  }
  const auth = await authenticate(c);
  const headers = new Headers({ upgrade: "websocket" });
  if (auth) {
    const identity: SocketIdentity = { ...identityOf(auth.user), validUntil: Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000 };
    headers.set(IDENTITY_HEADER, JSON.stringify(identity));
  }
  return room(c, parsed.data.id).fetch(new Request(c.req.url, { headers }));
});
