import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { FeedbackPage, OrderDetail, PublicProfile } from "../../schema";
import { FEEDBACK_AFTER_SHIPPED_MS, FEEDBACK_WINDOW_MS } from "../../worker/orders/feedback-rules";
import { verifiedAccount } from "../auction-helpers";
import { call, expectError, type Account } from "../helpers";
import { notificationsOf } from "../notifications/channel";
import { orderOf, soldAuction, takeStep, type Sale } from "../order-helpers";

function rate(orderId: string, author: Account, body: Record<string, unknown>) {
  return call(`/api/orders/${orderId}/feedback`, { method: "POST", token: author.auth.accessToken, body });
}

async function completedSale(): Promise<Sale> {
  const sale = await soldAuction();
  expect((await takeStep(sale.orderId, sale.seller, { step: "paid" })).status).toBe(200);
  expect((await takeStep(sale.orderId, sale.seller, { step: "shipped" })).status).toBe(200);
  expect((await takeStep(sale.orderId, sale.buyer, { step: "received" })).status).toBe(200);
  return sale;
}

/** Moves the order's step times back, as if that much time had passed. */
async function age(orderId: string, ms: number): Promise<void> {
  await env.DB.prepare("UPDATE orders SET shipped_at = shipped_at - ?1, completed_at = completed_at - ?1 WHERE id = ?2").bind(ms, orderId).run();
}

async function profileOf(account: Account): Promise<PublicProfile> {
  return (await (await call(`/api/users/${account.auth.user.id}`)).json()) as PublicProfile;
}

describe("feedback", () => {
  it("lets each party rate the other once after completion; the profile shows the score and the feedback", async () => {
    const { buyer, seller, auction, orderId } = await completedSale();
    const left = await rate(orderId, buyer, { rating: "positive", comment: "  Fast and well packed.  " });
    expect(left.status).toBe(201);
    const order = (await left.json()) as OrderDetail;
    expect(order.feedback).toMatchObject({ given: { rating: "positive", comment: "Fast and well packed.", subjectRole: "seller" }, received: null, canLeave: false });
    expect((await orderOf(orderId, seller)).feedback).toMatchObject({ received: { rating: "positive" }, given: null, canLeave: true });
    expect((await rate(orderId, seller, { rating: "neutral" })).status).toBe(201);

    await expectError(await rate(orderId, buyer, { rating: "negative", comment: "changed my mind" }), 409, "FEEDBACK_EXISTS");
    expect(await profileOf(seller)).toMatchObject({ feedback: { positive: 1, neutral: 0, negative: 0, score: 1 } });
    expect(await profileOf(buyer)).toMatchObject({ feedback: { positive: 0, neutral: 1, negative: 0, score: 0 } });
    const page = (await (await call(`/api/users/${seller.auth.user.id}/feedback`)).json()) as FeedbackPage;
    expect(page.items).toEqual([
      expect.objectContaining({ itemTitle: auction.title, comment: "Fast and well packed.", author: { id: buyer.auth.user.id, displayName: "Test User" } }),
    ]);
    const told = (await notificationsOf(auction.id)).filter((row) => row.event === "feedback");
    expect(told.map((row) => row.user_id).sort()).toEqual([buyer.auth.user.id, seller.auth.user.id].sort());
  });

  it("takes one reply, from the rated member only", async () => {
    const { buyer, seller, orderId } = await completedSale();
    const order = (await (await rate(orderId, buyer, { rating: "negative", comment: "Arrived late" })).json()) as OrderDetail;
    const id = order.feedback.given!.id;
    const reply = (body: unknown, account: Account) => call(`/api/feedback/${id}/reply`, { method: "POST", token: account.auth.accessToken, body });
    await expectError(await reply({ reply: "Not true" }, buyer), 403, "FORBIDDEN");
    await expectError(await reply({ reply: "" }, seller), 400, "VALIDATION_FAILED");
    const burst = await Promise.all([reply({ reply: "The carrier was on strike." }, seller), reply({ reply: "Sorry!" }, seller)]);
    expect(burst.map((response) => response.status).sort()).toEqual([200, 409]);
    const page = (await (await call(`/api/users/${seller.auth.user.id}/feedback`)).json()) as FeedbackPage;
    expect(page.items[0]!.reply).toMatch(/carrier|Sorry/);
    await expectError(await call(`/api/feedback/${crypto.randomUUID()}/reply`, { method: "POST", token: seller.auth.accessToken, body: { reply: "x" } }), 404, "NOT_FOUND");
  });

  it("refuses feedback twice at once, before completion, after 60 days, from outsiders and without an order", async () => {
    const sale = await soldAuction();
    await expectError(await rate(sale.orderId, sale.buyer, { rating: "positive" }), 422, "FEEDBACK_NOT_ALLOWED");
    await takeStep(sale.orderId, sale.seller, { step: "paid" });
    await takeStep(sale.orderId, sale.seller, { step: "shipped" });
    await expectError(await rate(sale.orderId, sale.seller, { rating: "positive" }), 422, "FEEDBACK_NOT_ALLOWED");
    // 14 days after shipping, the seller may rate a buyer who never confirmed receipt.
    await age(sale.orderId, FEEDBACK_AFTER_SHIPPED_MS);
    const burst = await Promise.all(Array.from({ length: 4 }, () => rate(sale.orderId, sale.seller, { rating: "positive" })));
    expect(burst.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
    await expectError(await rate(sale.orderId, sale.runnerUp, { rating: "negative" }), 404, "NOT_FOUND");
    await expectError(await rate(crypto.randomUUID(), sale.runnerUp, { rating: "negative" }), 404, "NOT_FOUND");
    const admin = await verifiedAccount(["admin"]);
    await expectError(await rate(sale.orderId, admin, { rating: "negative" }), 403, "FORBIDDEN");
    await expectError(await rate(sale.orderId, sale.buyer, { rating: "great", comment: "x" }), 400, "VALIDATION_FAILED");
    await expectError(await rate(sale.orderId, sale.buyer, { rating: "positive", comment: "x".repeat(501) }), 400, "VALIDATION_FAILED");

    await age(sale.orderId, FEEDBACK_WINDOW_MS + 1000);
    await expectError(await rate(sale.orderId, sale.buyer, { rating: "positive" }), 422, "FEEDBACK_NOT_ALLOWED");
    expect((await orderOf(sale.orderId, sale.buyer)).feedback.canLeave).toBe(false);
  });

  it("lists a member's listings on their public profile, and answers 404 for unknown members", async () => {
    const { seller, auction } = await soldAuction();
    const listings = (await (await call(`/api/users/${seller.auth.user.id}/listings`)).json()) as { items: Array<{ id: string }> };
    expect(listings.items.map((item) => item.id)).toEqual([auction.id]);
    await expectError(await call(`/api/users/${crypto.randomUUID()}/listings`), 404, "NOT_FOUND");
    await expectError(await call(`/api/users/${crypto.randomUUID()}/feedback`), 404, "NOT_FOUND");
  });
});
