import { createRoute, z } from "@hono/zod-openapi";
import { Feedback, FeedbackReplyRequest, FeedbackRequest } from "../../schema/api/feedback";
import { OrderDetail } from "../../schema/api/orders";
import { requireAuth } from "../auth/middleware";
import { database } from "../db/client";
import { findFeedback, insertFeedback, replyToFeedback } from "../db/feedback";
import { findOrder, roleIn } from "../db/orders";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { deliverDirect } from "../notifications/deliver";
import { decideFeedback } from "../orders/feedback-rules";
import { feedbackReplyText, feedbackText, orderLink } from "../orders/notices";
import { detailOf, visibleOrder } from "./orders";

/** Leaving feedback on an order (mounted under /api/orders, whose router already requires a login). */
export const orderFeedbackRoutes = createRouter();
orderFeedbackRoutes.use("/:id/feedback", requireAuth);

const leave = createRoute({
  method: "post",
  path: "/{id}/feedback",
  tags: ["Feedback"],
  summary: "Rate the other party of a completed order, once: positive, neutral or negative with a comment",
  security: authenticated,
  request: { params: z.object({ id: z.uuid() }), body: jsonBody(FeedbackRequest) },
  responses: { 201: jsonContent(OrderDetail, "The order with your feedback"), ...errorResponses(400, 401, 403, 404, 409, 415, 422) },
});

orderFeedbackRoutes.openapi(leave, async (c) => {
  const { rating, comment } = c.req.valid("json");
  const author = c.get("auth").user;
  const found = await visibleOrder(c.env, author, c.req.valid("param").id);
  const role = roleIn(found.order, author.id);
  const now = Date.now();
  const decision = decideFeedback(found.order, role, now);
  if (!decision.ok) throw new ApiError(decision.status, decision.code, decision.message);
  const subject = role === "buyer" ? found.seller : found.buyer;
  const db = database(c.env.DB);
  const id = await insertFeedback(db, { orderId: found.order.id, authorId: author.id, subjectId: subject.id, subjectRole: role === "buyer" ? "seller" : "buyer", rating, comment, now });
  if (id === null) throw new ApiError(409, "FEEDBACK_EXISTS", "You already left feedback on this order");
  await deliverDirect(
    c.env,
    {
      event: "feedback",
      auctionId: found.order.auctionId,
      occurrence: id,
      link: `/users/${subject.id}`,
      userId: subject.id,
      text: feedbackText({ title: found.title, author: author.displayName, rating, comment }),
    },
    now,
  );
  return c.json(await detailOf(c.env, found, author.id, now), 201);
});

/** Replies by the rated member. */
export const feedbackRoutes = createRouter();
feedbackRoutes.use("*", requireAuth);

const reply = createRoute({
  method: "post",
  path: "/{id}/reply",
  tags: ["Feedback"],
  summary: "Reply once to feedback about you",
  security: authenticated,
  request: { params: z.object({ id: z.uuid() }), body: jsonBody(FeedbackReplyRequest) },
  responses: { 200: jsonContent(Feedback, "The feedback with your reply"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

feedbackRoutes.openapi(reply, async (c) => {
  const { id } = c.req.valid("param");
  const user = c.get("auth").user;
  const db = database(c.env.DB);
  const found = await findFeedback(db, id);
  if (!found) throw new ApiError(404, "NOT_FOUND", "No feedback has this id");
  if (found.subjectId !== user.id) throw new ApiError(403, "FORBIDDEN", "Only the member the feedback is about can reply");
  const now = Date.now();
  const text = c.req.valid("json").reply;
  if (!(await replyToFeedback(db, { id, subjectId: user.id, reply: text, now }))) throw new ApiError(409, "FEEDBACK_EXISTS", "You already replied to this feedback");
  const order = await findOrder(db, found.orderId);
  if (order) {
    await deliverDirect(
      c.env,
      { event: "feedback", auctionId: order.order.auctionId, occurrence: `${id}:reply`, link: orderLink(found.orderId), userId: found.author.id, text: feedbackReplyText(user.displayName, text) },
      now,
    );
  }
  return c.json((await findFeedback(db, id))!, 200);
});
