import { createRoute, z } from "@hono/zod-openapi";
import { AuctionPage, PublicProfile, SearchQuery } from "../../schema/api/catalog";
import { FeedbackPage } from "../../schema/api/feedback";
import { PageQuery } from "../../schema/api/users";
import { database } from "../db/client";
import { feedbackAbout } from "../db/feedback";
import { publicProfile } from "../db/listings";
import { searchAuctions } from "../db/search";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/errors";
import { createRouter, errorResponses, jsonContent } from "../lib/openapi";

export const userRoutes = createRouter();

const profile = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Users"],
  summary: "A member's public profile: name, member since, listings, sold and completed requests",
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: jsonContent(PublicProfile, "The profile"), ...errorResponses(400, 404) },
});

userRoutes.openapi(profile, async (c) => {
  const found = await publicProfile(database(c.env.DB), c.req.valid("param").id);
  if (!found) throw new ApiError(404, "NOT_FOUND", "No member has this id");
  return c.json(found, 200);
});

const MemberId = z.object({ id: z.uuid() });

async function existingMember(env: Env, id: string): Promise<void> {
  if (!(await publicProfile(database(env.DB), id))) throw new ApiError(404, "NOT_FOUND", "No member has this id");
}

const feedbackList = createRoute({
  method: "get",
  path: "/{id}/feedback",
  tags: ["Users"],
  summary: "Feedback a member received on orders, newest first, with their replies",
  request: { params: MemberId, query: PageQuery },
  responses: { 200: jsonContent(FeedbackPage, "A page of feedback"), ...errorResponses(400, 404) },
});

userRoutes.openapi(feedbackList, async (c) => {
  const { id } = c.req.valid("param");
  const { cursor, limit } = c.req.valid("query");
  await existingMember(c.env, id);
  const rows = await feedbackAbout(database(c.env.DB), id, decodeCursor(cursor), limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return c.json({ items, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null }, 200);
});

const listings = createRoute({
  method: "get",
  path: "/{id}/listings",
  tags: ["Users"],
  summary: "A member's published listings and service requests (every status unless `status` says otherwise)",
  request: { params: MemberId, query: SearchQuery },
  responses: { 200: jsonContent(AuctionPage, "A page of auctions"), ...errorResponses(400, 404) },
});

userRoutes.openapi(listings, async (c) => {
  const { id } = c.req.valid("param");
  await existingMember(c.env, id);
  return c.json(await searchAuctions(c.env.DB, c.req.valid("query"), { kind: "member", userId: id }, Date.now()), 200);
});
