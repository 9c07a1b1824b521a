import { createRoute } from "@hono/zod-openapi";
import { AuctionPage, PrivateProfile, SearchQuery } from "../../schema/api/catalog";
import { requireAuth } from "../auth/middleware";
import { database } from "../db/client";
import { participationCounts, publicProfile } from "../db/listings";
import { searchAuctions, type SearchScope } from "../db/search";
import { authenticated, createRouter, errorResponses, jsonContent } from "../lib/openapi";

/** The signed-in user's lists; each takes the search filters, and every status by default. */
export const myAuctionRoutes = createRouter();

const LISTS: Array<{ path: string; scope: SearchScope["kind"]; summary: string }> = [
  { path: "/watchlist", scope: "watching", summary: "Auctions you watch" },
  { path: "/auctions", scope: "participating", summary: "My auctions: those you watch or have bid on" },
  { path: "/listings", scope: "selling", summary: "Your listings and service requests, drafts included" },
  { path: "/won", scope: "won", summary: "Auctions you won and requests awarded to you" },
];

for (const path of [...LISTS.map((list) => list.path), "/profile"]) myAuctionRoutes.use(path, requireAuth);

for (const list of LISTS) {
  const route = createRoute({
    method: "get",
    path: list.path,
    tags: ["Me"],
    summary: list.summary,
    security: authenticated,
    request: { query: SearchQuery },
    responses: { 200: jsonContent(AuctionPage, "A page of auctions"), ...errorResponses(400, 401, 403) },
  });
  myAuctionRoutes.openapi(route, async (c) => {
    const scope = { kind: list.scope, userId: c.get("auth").user.id } as SearchScope;
    return c.json(await searchAuctions(c.env.DB, c.req.valid("query"), scope, Date.now()), 200);
  });
}

const profile = createRoute({
  method: "get",
  path: "/profile",
  tags: ["Me"],
  summary: "Your profile with private counts (bids, auctions bid on, watching, won)",
  security: authenticated,
  responses: { 200: jsonContent(PrivateProfile, "Your profile"), ...errorResponses(401, 403) },
});

myAuctionRoutes.openapi(profile, async (c) => {
  const db = database(c.env.DB);
  const userId = c.get("auth").user.id;
  const [base, participation] = await Promise.all([publicProfile(db, userId), participationCounts(db, userId)]);
  return c.json({ ...base!, counts: { ...base!.counts, ...participation } }, 200);
});
