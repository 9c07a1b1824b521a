import { createRoute, z } from "@hono/zod-openapi";
import { OrderDetail, OrderListQuery, OrderMessage, OrderMessageRequest, OrderPage, OrderStepRequest, type OrderSummary } from "../../schema/api/orders";
import type { OrderFeedback } from "../../schema/api/feedback";
import type { OrderRow, UserRow } from "../../schema/db";
import { requireAuth } from "../auth/middleware";
import { database, type Database } from "../db/client";
import { feedbackOfOrder } from "../db/feedback";
import { findOffer, offerOfOrder } from "../db/second-chance";
import { addOrderMessage, advanceOrder, findOrder, listOrdersOf, orderThread, roleIn, type OrderWithParties } from "../db/orders";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { orderMessageText, stepNoticeText, tellOtherParty } from "../orders/notices";
import { decideFeedback, FEEDBACK_WINDOW_MS, feedbackOpensAt } from "../orders/feedback-rules";
import { availableSteps, decideStep } from "../orders/rules";
import { afterUnpaid, effectiveOffer } from "../orders/second-chance";

/** Orders after a sale (docs/orders.md): only their buyer, their seller and admins see one; anyone else gets 404. */
export const orderRoutes = createRouter();
orderRoutes.use("*", requireAuth);

const OrderId = z.object({ id: z.uuid() });

function toSummary(found: OrderWithParties, viewerId: string): OrderSummary {
  const { order } = found;
  return {
    id: order.id,
    auctionId: order.auctionId,
    title: found.title,
    format: found.format,
    currency: order.currency,
    price: order.price,
    status: order.status,
    buyer: { id: found.buyer.id, displayName: found.buyer.displayName },
    seller: { id: found.seller.id, displayName: found.seller.displayName },
    role: roleIn(order, viewerId),
    paymentDueAt: order.paymentDueAt,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

/** The order as its viewer may see it, or 404 for anyone who is neither party nor admin (an unknown id looks the same). */
export async function visibleOrder(env: Env, viewer: Pick<UserRow, "id" | "roles">, orderId: string): Promise<OrderWithParties> {
  const found = await findOrder(database(env.DB), orderId);
  if (!found || (roleIn(found.order, viewer.id) === null && !viewer.roles.includes("admin"))) {
    throw new ApiError(404, "NOT_FOUND", "No order with this id");
  }
  return found;
}

async function feedbackFor(db: Database, order: OrderRow, viewerId: string, now: number): Promise<OrderFeedback> {
  const opensAt = feedbackOpensAt(order);
  const ratings = roleIn(order, viewerId) === null ? [] : await feedbackOfOrder(db, order.id);
  const mine = ratings.find((item) => item.author.id === viewerId) ?? null;
  return {
    given: mine,
    received: ratings.find((item) => item.subjectId === viewerId) ?? null,
    opensAt,
    closesAt: opensAt === null ? null : opensAt + FEEDBACK_WINDOW_MS,
    canLeave: mine === null && decideFeedback(order, roleIn(order, viewerId), now).ok,
  };
}

export async function detailOf(env: Env, found: OrderWithParties, viewerId: string, now: number): Promise<OrderDetail> {
  const { order } = found;
  const db = database(env.DB);
  const [messages, feedback, offer] = await Promise.all([orderThread(db, order.id), feedbackFor(db, order, viewerId, now), offerOfOrder(db, order.id)]);
  // The runner-up's name and bid are the seller's business, not the unpaid buyer's.
  const shown = offer && roleIn(order, viewerId) !== "buyer" ? await findOffer(db, offer.id) : undefined;
  const secondChance = shown ? effectiveOffer(shown, now) : null;
  return {
    ...toSummary(found, viewerId),
    buyer: found.buyer,
    seller: found.seller,
    source: order.source,
    trackingNote: order.trackingNote,
    paidAt: order.paidAt,
    shippedAt: order.shippedAt,
    receivedAt: order.receivedAt,
    completedAt: order.completedAt,
    unpaidAt: order.unpaidAt,
    steps: availableSteps(order, roleIn(order, viewerId), now),
    messages: messages.map((message) => ({ id: message.id, authorId: message.authorId, authorName: message.authorName, body: message.body, createdAt: message.createdAt })),
    feedback,
    secondChance,
  };
}

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Orders"],
  summary: "Your orders: what you bought and sold, newest first",
  security: authenticated,
  request: { query: OrderListQuery },
  responses: { 200: jsonContent(OrderPage, "A page of orders"), ...errorResponses(400, 401, 403) },
});

orderRoutes.openapi(list, async (c) => {
  const query = c.req.valid("query");
  const userId = c.get("auth").user.id;
  const rows = await listOrdersOf(database(c.env.DB), userId, { ...query, limit: query.limit + 1 }, decodeCursor(query.cursor));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return c.json(
    {
      items: page.map((row) => toSummary(row, userId)),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.order.createdAt, id: last.order.id }) : null,
    },
    200,
  );
});

const detail = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Orders"],
  summary: "One order: the item, the price, both parties' names and emails, its steps and messages",
  security: authenticated,
  request: { params: OrderId },
  responses: { 200: jsonContent(OrderDetail, "The order"), ...errorResponses(400, 401, 403, 404) },
});

orderRoutes.openapi(detail, async (c) => {
  const found = await visibleOrder(c.env, c.get("auth").user, c.req.valid("param").id);
  return c.json(await detailOf(c.env, found, c.get("auth").user.id, Date.now()), 200);
});

const step = createRoute({
  method: "post",
  path: "/{id}/steps",
  tags: ["Orders"],
  summary: "Mark the order paid, shipped (with an optional tracking note) or unpaid (seller), or received (buyer); the other party is told",
  security: authenticated,
  request: { params: OrderId, body: jsonBody(OrderStepRequest) },
  responses: { 200: jsonContent(OrderDetail, "The order after the step"), ...errorResponses(400, 401, 403, 404, 409, 415, 422) },
});

orderRoutes.openapi(step, async (c) => {
  const request = c.req.valid("json");
  const found = await visibleOrder(c.env, c.get("auth").user, c.req.valid("param").id);
  const actorId = c.get("auth").user.id;
  const now = Date.now();
  const decision = decideStep(found.order, roleIn(found.order, actorId), request.step, now);
  if (!decision.ok) throw new ApiError(decision.status, decision.code, decision.message);
  const moved = await advanceOrder(c.env.DB, { orderId: found.order.id, from: found.order.status, to: decision.to, trackingNote: request.trackingNote, now });
  if (!moved) throw new ApiError(409, "ORDER_STEP_OUT_OF_ORDER", "The order changed meanwhile; reload it");
  const after = (await findOrder(database(c.env.DB), found.order.id))!;
  await tellOtherParty(c.env, after, actorId, { event: "order_update", occurrence: `${after.order.id}:${request.step}`, text: stepNoticeText(after, request.step) }, now);
  if (request.step === "unpaid") await afterUnpaid(c.env, after, now);
  return c.json(await detailOf(c.env, after, actorId, now), 200);
});

const postMessage = createRoute({
  method: "post",
  path: "/{id}/messages",
  tags: ["Orders"],
  summary: "Write to the other party of the order; they are notified",
  security: authenticated,
  request: { params: OrderId, body: jsonBody(OrderMessageRequest) },
  responses: { 201: jsonContent(OrderMessage, "The message"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

orderRoutes.openapi(postMessage, async (c) => {
  const { body } = c.req.valid("json");
  const found = await visibleOrder(c.env, c.get("auth").user, c.req.valid("param").id);
  const author = c.get("auth").user;
  if (roleIn(found.order, author.id) === null) throw new ApiError(403, "FORBIDDEN", "Only the buyer and the seller write on an order");
  const now = Date.now();
  const message = await addOrderMessage(c.env.DB, { orderId: found.order.id, authorId: author.id, body, now });
  if (!message) throw new ApiError(409, "ORDER_THREAD_FULL", "This order's thread is full; use email to continue");
  const preview = body.length > 200 ? `${body.slice(0, 199)}…` : body;
  await tellOtherParty(
    c.env,
    found,
    author.id,
    { event: "order_message", occurrence: message.id, text: orderMessageText(found, author.displayName, preview) },
    now,
  );
  return c.json({ id: message.id, authorId: author.id, authorName: author.displayName, body, createdAt: now }, 201);
});
