import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AwardRequest, BidAccepted, PlaceBidRequest } from "../../schema/api/auctions";
import {
  AuctionDetail,
  AuctionPage,
  AuctionSummary,
  CancelRequest,
  CreateListingRequest,
  EDITABLE_AFTER_FIRST_BID,
  ListingFields,
  MAX_DESCRIPTION_LENGTH,
  SearchQuery,
  UpdateListingRequest,
  WatchState,
} from "../../schema/api/catalog";
import { AuctionSnapshot, BidHistoryPage, type BidErrorCode } from "../../schema/api/live";
import type { AuctionRow, UserRow } from "../../schema/db";
import { AUCTION_HEADER, RELAY_HEADER, relayStub, SNAPSHOT_HEADER } from "../auction/relay-tier";
import { CLIENT_IP_HEADER, IDENTITY_HEADER, type BidderIdentity, type SocketIdentity } from "../auction/room";
import { authenticate, requireAuth, type AuthContext } from "../auth/middleware";
import { auctionDetail, draftSnapshot } from "../catalog/detail";
import { assertListingOpen } from "../catalog/listing-lock";
import { termsOf } from "../catalog/listing-terms";
import { findCategory } from "../db/categories";
import { database, type Database } from "../db/client";
import { imagesByIds, imagesOf, setListingImages } from "../db/images";
import {
  deleteDraft,
  findAuctionRow,
  insertListing,
  listingColumns,
  listingFieldsOf,
  markPublished,
  recordCancellation,
  setDescription,
  setWatching,
  updateListing,
} from "../db/listings";
import { featuredAuctions, searchAuctions } from "../db/search";
import type { AppEnv } from "../env";
import { deleteImageObjects } from "../images/store";
import { ApiError, fieldErrorsOf } from "../lib/errors";
import { requestLocale } from "../lib/language";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { clientIp } from "../lib/request-context";
import { isAllowedOrigin } from "../lib/request-guards";
import { userChannel } from "../realtime/connections";

import { cancelAsAdmin } from "../catalog/cancellation";
import { exceedsLongestDuration, withListingDefaults } from "../catalog/listing-defaults";
import { getSiteSettings } from "../db/site-settings";

export const auctionRoutes = createRouter();
auctionRoutes.on(["POST", "PATCH", "PUT", "DELETE"], ["/", "/:id", "/:id/*"], requireAuth);

/** A start a few seconds in the past is a slow form, not a backdated auction. */
const START_GRACE_MS = 60_000;
const FEATURED_LIMIT = 8;
const AuctionId = z.object({ id: z.uuid() });

export function room(c: Context<AppEnv>, auctionId: string) {
  return c.env.AUCTION_ROOM.get(c.env.AUCTION_ROOM.idFromName(auctionId));
}

export function identityOf(user: UserRow): BidderIdentity {
  return { userId: user.id, displayName: user.displayName, verified: user.emailVerifiedAt !== null, roles: user.roles };
}

function fieldError(field: string, message: string): ApiError {
  return new ApiError(400, "VALIDATION_FAILED", "The request body is invalid", { fieldErrors: { [field]: [message] } });
}

/** The HTTP status of each way a bid can be refused: who may bid is 401/403, a reused key 409, the auction's rules 422. */
export const BID_ERROR_STATUS: Record<BidErrorCode, 401 | 403 | 404 | 409 | 422> = {
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  NOT_VERIFIED: 403,
  SELLER_ROLE_REQUIRED: 403,
  REQUEST_ID_REUSED: 409,
  INVALID_AMOUNT: 422,
  DETAILS_REQUIRED: 422,
  AUCTION_NOT_STARTED: 422,
  AUCTION_ENDED: 422,
  AUCTION_CANCELLED: 422,
  SELF_BIDDING: 422,
  BID_CAP_REACHED: 422,
  BID_TOO_LOW: 422,
  BID_TOO_HIGH: 422,
  ALREADY_LEADING: 422,
  SEALED_OFFERS_ONLY: 422,
  NOT_SEALED: 422,
  ALREADY_COMMITTED: 409,
  REVEAL_NOT_OPEN: 422,
  REVEAL_CLOSED: 422,
  ALREADY_REVEALED: 409,
  NO_COMMITMENT: 422,
  OPENING_MISMATCH: 422,
};

const notFound = () => new ApiError(404, "NOT_FOUND", "No auction has this id");

/**
 * Drafts exist only for their owner: anyone else gets the same 404 as for an
 * id that was never used. A listing an admin hid is still there for its owner
 * and admins; anyone else is told it was removed.
 */
async function visibleListing(db: Database, id: string, viewerId: string | null, viewerIsAdmin = false): Promise<AuctionRow> {
  const row = await findAuctionRow(db, id);
  if (!row || (row.status === "draft" && row.sellerId !== viewerId)) throw notFound();
  if (row.hiddenAt !== null && row.sellerId !== viewerId && !viewerIsAdmin) throw new ApiError(404, "LISTING_REMOVED", "This listing was removed by the moderators");
  return row;
}

/**
 * The room of a published auction, found in D1 first: an unknown id or a
 * draft (which has no room yet) answers 404 before any Durable Object is
 * addressed, so no request can create a room, or its storage, for an id that
 * is not a published auction.
 */
export async function publishedRoom(c: Context<AppEnv>, id: string) {
  const row = await findAuctionRow(database(c.env.DB), id);
  if (!row || row.status === "draft") throw notFound();
  return room(c, row.id);
}

async function ownListing(db: Database, id: string, auth: AuthContext): Promise<AuctionRow> {
  const row = await visibleListing(db, id, auth.user.id);
  if (row.sellerId !== auth.user.id) throw new ApiError(403, "FORBIDDEN", "Only the seller can change this listing");
  return row;
}

/**
 * The room's snapshot, or the draft's. A published row whose room is missing
 * (publishing failed half-way) gets its room created from the stored terms.
 */
async function snapshotFor(c: Context<AppEnv>, row: AuctionRow, viewerId: string | null): Promise<AuctionSnapshot> {
  if (row.status === "draft") return draftSnapshot(row, viewerId, Date.now());
  const stub = room(c, row.id);
  const snapshot = await stub.snapshot(viewerId);
  if (snapshot) return snapshot;
  await stub.initialize(termsOf(row));
  return (await stub.snapshot(viewerId))!;
}

async function detailOf(c: Context<AppEnv>, db: Database, id: string, viewerId: string | null, snapshot?: AuctionSnapshot, viewerIsAdmin = false): Promise<AuctionDetail> {
  const row = await visibleListing(db, id, viewerId, viewerIsAdmin);
  return auctionDetail(db, row, snapshot ?? (await snapshotFor(c, row, viewerId)), viewerId);
}

function assertStartNotPast(startsAt: string, now: number): void {
  if (Date.parse(startsAt) < now - START_GRACE_MS) throw fieldError("startsAt", "The start cannot be in the past");
}

async function assertCategoryExists(db: Database, categoryId: string): Promise<void> {
  if (!(await findCategory(db, categoryId))) throw fieldError("categoryId", "No category has this id");
}

/** Images must be the caller's own uploads, unclaimed or already on this listing. */
async function assertUsableImages(db: Database, ownerId: string, auctionId: string | null, ids: string[]): Promise<void> {
  const rows = await imagesByIds(db, ids);
  const usable = (id: string) => rows.some((row) => row.id === id && row.ownerId === ownerId && (row.auctionId === null || row.auctionId === auctionId));
  const unusable = ids.filter((id) => !usable(id));
  if (unusable.length > 0) throw fieldError("imageIds", `Unknown image: ${unusable.join(", ")}`);
}

async function publish(c: Context<AppEnv>, db: Database, row: AuctionRow, now: number): Promise<AuctionSnapshot> {
  assertStartNotPast(new Date(row.startsAt).toISOString(), now);
  const startsAt = Math.max(row.startsAt, now);
  const snapshot = await room(c, row.id).initialize(termsOf({ ...row, startsAt }));
  await markPublished(db, row.id, startsAt, now);
  return snapshot;
}

// ------------------------------------------------------------ browse & search

const search = createRoute({
  method: "get",
  path: "/",
  tags: ["Auctions"],
  summary: "Search and browse published auctions",
  description:
    "Full-text `q` (every word must match, as a prefix); relevance ranks title matches, then category matches, then the rest. " +
    "`category` includes its descendants. Cursor pagination is keyset-based: stable while new auctions are listed.",
  request: { query: SearchQuery },
  responses: { 200: jsonContent(AuctionPage, "A page of auctions"), ...errorResponses(400) },
});

auctionRoutes.openapi(search, async (c) => c.json(await searchAuctions(c.env.DB, c.req.valid("query"), { kind: "public" }, Date.now()), 200));

const featured = createRoute({
  method: "get",
  path: "/featured",
  tags: ["Auctions"],
  summary: "Featured auctions: admin-picked, else the most-watched live ones",
  responses: { 200: jsonContent(z.object({ items: z.array(AuctionSummary) }), "Featured auctions") },
});

auctionRoutes.openapi(featured, async (c) => c.json({ items: await featuredAuctions(c.env.DB, FEATURED_LIMIT) }, 200));

// ------------------------------------------------------------------ listings

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["Auctions"],
  summary: "Create a listing (forward: sellers) or service request (reverse: any verified account); a draft unless `publish`",
  security: authenticated,
  request: { body: jsonBody(CreateListingRequest) },
  responses: { 201: jsonContent(AuctionDetail, "Created"), ...errorResponses(400, 401, 403, 415) },
});

auctionRoutes.openapi(create, async (c) => {
  const { publish: publishNow, imageIds, ...requested } = c.req.valid("json");
  const { user } = c.get("auth");
  if (user.emailVerifiedAt === null) throw new ApiError(403, "NOT_VERIFIED", "Verify your email address first");
  if (requested.format === "forward" && !user.roles.includes("seller")) {
    throw new ApiError(403, "SELLER_ROLE_REQUIRED", "Listing items needs the seller capability");
  }
  const now = Date.now();
  const db = database(c.env.DB);
  const { listingDefaults } = await getSiteSettings(db);
  const listing = withListingDefaults(requested, listingDefaults);
  if (exceedsLongestDuration(listing, listingDefaults)) throw fieldError("endsAt", `New listings run at most ${listingDefaults.maxDurationDays} days`);
  if (publishNow) assertStartNotPast(listing.startsAt, now);
  await assertCategoryExists(db, listing.categoryId);
  await assertUsableImages(db, user.id, null, imageIds);
  const id = crypto.randomUUID();
  await insertListing(db, { id, sellerId: user.id, listing, published: false, now });
  await setListingImages(db, id, imageIds);
  let row = (await findAuctionRow(db, id))!;
  if (publishNow) {
    await publish(c, db, row, now);
    row = (await findAuctionRow(db, id))!;
  }
  return c.json(await auctionDetail(db, row, await snapshotFor(c, row, user.id), user.id), 201);
});

const getOne = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Auctions"],
  summary: "An auction: the room's live snapshot with the listing's details (drafts: owner only)",
  request: { params: AuctionId },
  responses: { 200: jsonContent(AuctionDetail, "The auction now"), ...errorResponses(400, 404) },
});

auctionRoutes.openapi(getOne, async (c) => {
  const viewer = await authenticate(c);
  const viewerIsAdmin = viewer?.user.roles.includes("admin") ?? false;
  return c.json(await detailOf(c, database(c.env.DB), c.req.valid("param").id, viewer?.user.id ?? null, undefined, viewerIsAdmin), 200);
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["Auctions"],
  summary: "Edit a listing: everything until the first bid, then only `appendDescription` and `imageIds`",
  security: authenticated,
  request: { params: AuctionId, body: jsonBody(UpdateListingRequest) },
  responses: { 200: jsonContent(AuctionDetail, "Updated"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

auctionRoutes.openapi(update, async (c) => {
  const { id } = c.req.valid("param");
  const { appendDescription, imageIds, ...changes } = c.req.valid("json");
  const auth = c.get("auth");
  const db = database(c.env.DB);
  const row = await ownListing(db, id, auth);
  const now = Date.now();
  assertListingOpen(row, now);
  let snapshot: AuctionSnapshot | undefined;
  if (Object.keys(changes).length > 0) {
    const merged = ListingFields.safeParse({ ...listingFieldsOf(row), ...changes });
    if (!merged.success) throw new ApiError(400, "VALIDATION_FAILED", "The request body is invalid", { fieldErrors: fieldErrorsOf(merged.error, requestLocale(c.req.raw)) });
    if (changes.startsAt !== undefined) assertStartNotPast(changes.startsAt, now);
    if (changes.categoryId !== undefined) await assertCategoryExists(db, changes.categoryId);
    if (row.status !== "draft") {
      const reply = await room(c, id).revise(termsOf({ ...row, ...listingColumns(merged.data) }));
      if (!reply.ok) {
        throw new ApiError(reply.status, reply.code, reply.message, {
          editableAfterFirstBid: [...EDITABLE_AFTER_FIRST_BID],
        });
      }
      snapshot = reply.snapshot;
    }
    await updateListing(db, id, merged.data, now);
  }
  if (appendDescription !== undefined) {
    const current = changes.description ?? row.description;
    const description = `${current}\n\nAdded ${new Date(now).toISOString().slice(0, 10)}: ${appendDescription}`;
    if (description.length > 2 * MAX_DESCRIPTION_LENGTH) throw fieldError("appendDescription", "The description has reached its maximum length");
    await setDescription(db, id, description, now);
  }
  if (imageIds !== undefined) {
    await assertUsableImages(db, auth.user.id, id, imageIds);
    await deleteImageObjects(c.env.IMAGES, await setListingImages(db, id, imageIds));
  }
  return c.json(await detailOf(c, db, id, auth.user.id, snapshot), 200);
});

const publishRoute = createRoute({
  method: "post",
  path: "/{id}/publish",
  tags: ["Auctions"],
  summary: "Publish a draft: its room is created and scheduled",
  security: authenticated,
  request: { params: AuctionId },
  responses: { 200: jsonContent(AuctionDetail, "Published"), ...errorResponses(400, 401, 403, 404, 409) },
});

auctionRoutes.openapi(publishRoute, async (c) => {
  const auth = c.get("auth");
  const db = database(c.env.DB);
  const row = await ownListing(db, c.req.valid("param").id, auth);
  if (row.status !== "draft") throw new ApiError(409, "RULE_VIOLATION", "The listing is already published");
  const snapshot = await publish(c, db, row, Date.now());
  return c.json(await detailOf(c, db, row.id, auth.user.id, snapshot), 200);
});

const removeDraft = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["Auctions"],
  summary: "Delete a draft and its images (published listings are cancelled instead)",
  security: authenticated,
  request: { params: AuctionId },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404, 409) },
});

auctionRoutes.openapi(removeDraft, async (c) => {
  const db = database(c.env.DB);
  const row = await ownListing(db, c.req.valid("param").id, c.get("auth"));
  if (row.status !== "draft") throw new ApiError(409, "RULE_VIOLATION", "Published listings are cancelled, not deleted");
  const images = await imagesOf(db, row.id);
  await setListingImages(db, row.id, []);
  await deleteDraft(db, row.id);
  await deleteImageObjects(c.env.IMAGES, images);
  return c.body(null, 204);
});

const cancel = createRoute({
  method: "post",
  path: "/{id}/cancel",
  tags: ["Auctions"],
  summary: "Cancel: the seller before the first bid; an admin any time before the end, giving a reason",
  security: authenticated,
  request: { params: AuctionId, body: jsonBody(CancelRequest, false) },
  responses: { 200: jsonContent(AuctionDetail, "Cancelled"), ...errorResponses(400, 401, 403, 404, 409) },
});

auctionRoutes.openapi(cancel, async (c) => {
  const { user } = c.get("auth");
  const { id } = c.req.valid("param");
  const reason = c.req.valid("json")?.reason ?? null;
  const db = database(c.env.DB);
  const isAdmin = user.roles.includes("admin");
  const row = await visibleListing(db, id, user.id, isAdmin);
  if (row.status === "draft") throw new ApiError(409, "RULE_VIOLATION", "Drafts are deleted, not cancelled");
  if (isAdmin && row.sellerId !== user.id) {
    if (reason === null) throw fieldError("reason", "Admins give a reason when cancelling someone's auction");
    const snapshot = await cancelAsAdmin(c, db, row, reason);
    return c.json(await detailOf(c, db, id, user.id, snapshot, true), 200);
  }
  const reply = await room(c, id).cancel(user.id, isAdmin);
  if (!reply.ok) throw new ApiError(reply.status, reply.code, reply.message);
  await recordCancellation(db, id, reply.snapshot.status, reason, Date.now());
  return c.json(await detailOf(c, db, id, user.id, reply.snapshot), 200);
});

const watchRoute = (method: "put" | "delete") =>
  createRoute({
    method,
    path: "/{id}/watch",
    tags: ["Auctions"],
    summary: method === "put" ? "Add to your watchlist (idempotent)" : "Remove from your watchlist (idempotent)",
    security: authenticated,
    request: { params: AuctionId },
    responses: { 200: jsonContent(WatchState, "Watching state"), ...errorResponses(400, 401, 404) },
  });

for (const method of ["put", "delete"] as const) {
  auctionRoutes.openapi(watchRoute(method), async (c) => {
    const { user } = c.get("auth");
    const db = database(c.env.DB);
    const row = await visibleListing(db, c.req.valid("param").id, null);
    const watchCount = await setWatching(db, user.id, row.id, method === "put", Date.now());
    return c.json({ watching: method === "put", watchCount }, 200);
  });
}

// ------------------------------------------------------------------- bidding

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
  const reply = await (await publishedRoom(c, id)).bid(identityOf(c.get("auth").user), { requestId: c.req.valid("header")["idempotency-key"], ...body });
  if (!reply.ok) {
    throw new ApiError(BID_ERROR_STATUS[reply.code], reply.code, reply.message);
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
  const page = await (await publishedRoom(c, id)).history(viewer?.user.id ?? null, after, limit);
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
  const check = await (await publishedRoom(c, c.req.valid("param").id)).verifyLog();
  if (!check) throw new ApiError(404, "NOT_FOUND", "No auction has this id");
  return c.json(check, 200);
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
  const reply = await (await publishedRoom(c, c.req.valid("param").id)).award(c.get("auth").user.id, c.req.valid("json").seq);
  if (!reply.ok) throw new ApiError(reply.status, reply.code, reply.message);
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
  const auctionRoom = await publishedRoom(c, parsed.data.id);
  const auth = await authenticate(c);
  const headers = new Headers({ upgrade: "websocket" });
  if (auth) {
    const identity: SocketIdentity = { ...identityOf(auth.user), sessionId: auth.sessionId, validUntil: auth.accessTokenExpiresAt };
    headers.set(IDENTITY_HEADER, JSON.stringify(identity));
    // Remembered so that ending the user's sessions can close this socket too.
    c.executionCtx.waitUntil(userChannel(c.env, auth.user.id).noteRoom(parsed.data.id));
  }
  if (!auth) headers.set(CLIENT_IP_HEADER, clientIp(c.req.raw));
  let response = await auctionRoom.fetch(new Request(c.req.url, { headers }));
  // Beyond its threshold the room names a relay and hands over its snapshot for this viewer (docs/performance.md).
  const relay = response.headers.get(RELAY_HEADER);
  if (relay !== null) {
    headers.set(AUCTION_HEADER, parsed.data.id);
    headers.set(SNAPSHOT_HEADER, await response.text());
    response = await relayStub(c.env, parsed.data.id, Number(relay)).fetch(new Request(c.req.url, { headers }));
  }
  // A response from a Durable Object has immutable headers; only the upgrade itself passes through as is.
  return response.webSocket ? response : new Response(response.body, response);
});
