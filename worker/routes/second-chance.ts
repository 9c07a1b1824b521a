import { createRoute, z } from "@hono/zod-openapi";
import { SecondChanceOffer, SecondChanceRequest } from "../../schema/api/second-chance";
import type { UserRow } from "../../schema/db";
import { requireAuth } from "../auth/middleware";
import { relistAutomatically } from "../catalog/relist";
import { database } from "../db/client";
import { acceptOffer, declineOffer, findOffer } from "../db/second-chance";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { deliverDirect } from "../notifications/deliver";
import { orderLink, secondChanceAnswerText } from "../orders/notices";
import { effectiveOffer, offerLink, offerSecondChance } from "../orders/second-chance";
import { visibleOrder } from "./orders";

const Id = z.object({ id: z.uuid() });

/** The seller's offer, mounted under /api/orders (whose router requires a login). */
export const orderSecondChanceRoutes = createRouter();
orderSecondChanceRoutes.use("/:id/second-chance", requireAuth);

const offer = createRoute({
  method: "post",
  path: "/{id}/second-chance",
  tags: ["Second chance"],
  summary: "After marking an order unpaid, offer the item to the runner-up at their own highest bid (48 hours to answer)",
  description: "Repeating the call returns the same offer (200): there is at most one per unpaid order.",
  security: authenticated,
  request: { params: Id, body: jsonBody(SecondChanceRequest, false) },
  responses: {
    201: jsonContent(SecondChanceOffer, "Offered; the runner-up is notified"),
    200: jsonContent(SecondChanceOffer, "The offer made earlier"),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

orderSecondChanceRoutes.openapi(offer, async (c) => {
  const user = c.get("auth").user;
  const found = await visibleOrder(c.env, user, c.req.valid("param").id);
  if (found.order.sellerId !== user.id) throw new ApiError(403, "FORBIDDEN", "Only the seller offers a second chance");
  const outcome = await offerSecondChance(c.env, found, Date.now(), c.req.valid("json")?.price);
  if (!outcome.ok) throw new ApiError(outcome.status, outcome.code, outcome.message);
  const body = (await findOffer(database(c.env.DB), outcome.offer.id))!;
  return outcome.created ? c.json(body, 201) : c.json(body, 200);
});

/** The runner-up's side, mounted at /api/second-chance. */
export const secondChanceRoutes = createRouter();
secondChanceRoutes.use("*", requireAuth);

/** The offer for its runner-up, its seller and admins; 404 for anyone else, as for an unknown id. */
async function visibleOffer(env: Env, viewer: Pick<UserRow, "id" | "roles">, id: string): Promise<SecondChanceOffer> {
  const found = await findOffer(database(env.DB), id);
  if (!found || (found.buyer.id !== viewer.id && found.seller.id !== viewer.id && !viewer.roles.includes("admin"))) {
    throw new ApiError(404, "NOT_FOUND", "No offer with this id");
  }
  return found;
}

const getOffer = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Second chance"],
  summary: "A second-chance offer",
  security: authenticated,
  request: { params: Id },
  responses: { 200: jsonContent(SecondChanceOffer, "The offer"), ...errorResponses(400, 401, 403, 404) },
});

secondChanceRoutes.openapi(getOffer, async (c) => c.json(effectiveOffer(await visibleOffer(c.env, c.get("auth").user, c.req.valid("param").id), Date.now()), 200));

function refuseAnswer(found: SecondChanceOffer, userId: string): void {
  if (found.buyer.id !== userId) throw new ApiError(403, "FORBIDDEN", "Only the runner-up answers this offer");
  if (found.status === "expired") throw new ApiError(422, "OFFER_EXPIRED", "This offer expired after 48 hours");
  if (found.status === "declined") throw new ApiError(409, "SECOND_CHANCE_UNAVAILABLE", "You declined this offer");
}

const accept = createRoute({
  method: "post",
  path: "/{id}/accept",
  tags: ["Second chance"],
  summary: "Accept: the order is created (accepting again returns the same order)",
  security: authenticated,
  request: { params: Id },
  responses: { 200: jsonContent(SecondChanceOffer, "Accepted; `orderId` is your order"), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

secondChanceRoutes.openapi(accept, async (c) => {
  const user = c.get("auth").user;
  const now = Date.now();
  const before = effectiveOffer(await visibleOffer(c.env, user, c.req.valid("param").id), now);
  refuseAnswer(before, user.id);
  if (before.status === "pending") await acceptOffer(c.env.DB, { id: before.id, buyerId: user.id, now });
  const after = effectiveOffer((await findOffer(database(c.env.DB), before.id))!, now);
  refuseAnswer(after, user.id);
  if (after.status !== "accepted" || after.orderId === null) throw new ApiError(409, "SECOND_CHANCE_UNAVAILABLE", "This offer can no longer be accepted");
  await deliverDirect(
    c.env,
    {
      event: "second_chance",
      auctionId: after.auctionId,
      occurrence: `${after.id}:accepted`,
      link: orderLink(after.orderId),
      userId: after.seller.id,
      text: secondChanceAnswerText({ title: after.title, buyer: after.buyer.displayName, price: after.price, currency: after.currency, accepted: true }),
    },
    now,
  );
  return c.json(after, 200);
});

const decline = createRoute({
  method: "post",
  path: "/{id}/decline",
  tags: ["Second chance"],
  summary: "Decline the offer",
  security: authenticated,
  request: { params: Id },
  responses: { 200: jsonContent(SecondChanceOffer, "Declined"), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

secondChanceRoutes.openapi(decline, async (c) => {
  const user = c.get("auth").user;
  const now = Date.now();
  const before = effectiveOffer(await visibleOffer(c.env, user, c.req.valid("param").id), now);
  refuseAnswer(before, user.id);
  if (before.status === "accepted") throw new ApiError(409, "SECOND_CHANCE_UNAVAILABLE", "You accepted this offer; the order is open");
  if (await declineOffer(database(c.env.DB), { id: before.id, buyerId: user.id, now })) {
    await deliverDirect(
      c.env,
      {
        event: "second_chance",
        auctionId: before.auctionId,
        occurrence: `${before.id}:declined`,
        link: offerLink(before.id),
        userId: before.seller.id,
        text: secondChanceAnswerText({ title: before.title, buyer: before.buyer.displayName, price: before.price, currency: before.currency, accepted: false }),
      },
      now,
    );
    await relistAutomatically(c.env, before.auctionId, now);
  }
  return c.json((await findOffer(database(c.env.DB), before.id))!, 200);
});
