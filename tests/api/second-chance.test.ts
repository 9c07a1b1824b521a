import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderDetail, SecondChanceOffer } from "../../schema";
import { sweepExpiredOffers } from "../../worker/orders/second-chance";
import { bidOver, createAuction, endNow, verifiedAccount } from "../auction-helpers";
import { call, expectError, type Account } from "../helpers";
import { notificationsOf } from "../notifications/channel";
import { orderIdOf, orderOf, passPaymentDeadline, settle, soldAuction, takeStep, type Sale } from "../order-helpers";

async function unpaidSale(overrides: Record<string, unknown> = {}): Promise<Sale> {
  const sale = await soldAuction(overrides);
  await passPaymentDeadline(sale.orderId);
  expect((await takeStep(sale.orderId, sale.seller, { step: "unpaid" })).status).toBe(200);
  return sale;
}

function offer(orderId: string, seller: Account, body?: Record<string, unknown>) {
  return call(`/api/orders/${orderId}/second-chance`, { method: "POST", token: seller.auth.accessToken, ...(body ? { body } : {}) });
}

function answer(offerId: string, account: Account, verb: "accept" | "decline") {
  return call(`/api/second-chance/${offerId}/${verb}`, { method: "POST", token: account.auth.accessToken });
}

async function offered(sale: Sale): Promise<SecondChanceOffer> {
  const response = await offer(sale.orderId, sale.seller);
  expect(response.status).toBe(201);
  return (await response.json()) as SecondChanceOffer;
}

describe("second-chance offers", () => {
  it("offer the runner-up the item at their own highest bid, once however often the seller clicks", async () => {
    const sale = await unpaidSale();
    const burst = await Promise.all(Array.from({ length: 5 }, () => offer(sale.orderId, sale.seller)));
    expect(burst.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const offers = (await Promise.all(burst.map((response) => response.json()))) as SecondChanceOffer[];
    expect(new Set(offers.map((item) => item.id)).size).toBe(1);
    expect(offers[0]).toMatchObject({ price: 1000, status: "pending", buyer: { id: sale.runnerUp.auth.user.id }, orderId: null });
    expect(offers[0]!.expiresAt - offers[0]!.createdAt).toBe(48 * 60 * 60 * 1000);
    const told = (await notificationsOf(sale.auction.id)).filter((row) => row.event === "second_chance");
    expect(told.map((row) => row.user_id)).toEqual([sale.runnerUp.auth.user.id]);
    expect((await orderOf(sale.orderId, sale.seller)).secondChance).toMatchObject({ id: offers[0]!.id });
    expect((await orderOf(sale.orderId, sale.buyer)).secondChance).toBeNull();
  });

  it("refuses a price above the runner-up's bid, an order not marked unpaid, and anyone but the seller", async () => {
    const paid = await soldAuction();
    await expectError(await offer(paid.orderId, paid.seller), 409, "ORDER_STEP_OUT_OF_ORDER");
    const sale = await unpaidSale();
    await expectError(await offer(sale.orderId, sale.seller, { price: 1001 }), 422, "RULE_VIOLATION");
    await expectError(await offer(sale.orderId, sale.buyer), 403, "FORBIDDEN");
    await expectError(await offer(sale.orderId, sale.runnerUp), 404, "NOT_FOUND");
    await expectError(await offer(sale.orderId, sale.seller, { price: -5 }), 400, "VALIDATION_FAILED");
    const lower = await offer(sale.orderId, sale.seller, { price: 900 });
    expect(await lower.json()).toMatchObject({ price: 900 });
    // Twice: the second attempt makes nothing new, even at another price.
    expect(await (await offer(sale.orderId, sale.seller, { price: 800 })).json()).toMatchObject({ price: 900 });
  });

  it("makes exactly one order when the runner-up accepts, however many times at once", async () => {
    const sale = await unpaidSale();
    const { id } = await offered(sale);
    await expectError(await answer(id, sale.seller, "accept"), 403, "FORBIDDEN");
    await expectError(await answer(id, await verifiedAccount(), "accept"), 404, "NOT_FOUND");
    const burst = await Promise.all(Array.from({ length: 5 }, () => answer(id, sale.runnerUp, "accept")));
    expect(burst.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const answers = (await Promise.all(burst.map((response) => response.json()))) as SecondChanceOffer[];
    expect(new Set(answers.map((item) => item.orderId)).size).toBe(1);
    const orderId = await orderIdOf(sale.auction.id, "second_chance");
    expect(answers[0]!.orderId).toBe(orderId);
    const { results } = await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE auction_id = ? AND source = 'second_chance'").bind(sale.auction.id).all();
    expect(results).toEqual([{ n: 1 }]);
    const order: OrderDetail = await orderOf(orderId, sale.runnerUp);
    expect(order).toMatchObject({ price: 1000, status: "awaiting_payment", role: "buyer", seller: { id: sale.seller.auth.user.id, email: sale.seller.email } });
    await expectError(await answer(id, sale.runnerUp, "decline"), 409, "SECOND_CHANCE_UNAVAILABLE");
    const accepted = (await notificationsOf(sale.auction.id)).filter((row) => row.event === "second_chance" && row.user_id === sale.seller.auth.user.id);
    expect(accepted).toHaveLength(1);
    await expectError(await call(`/api/auctions/${sale.auction.id}/relist`, { method: "POST", token: sale.seller.auth.accessToken }), 409, "LISTING_SOLD");
  });

  it("expires after 48 hours: no acceptance, and the sweep frees the item for relisting", async () => {
    const sale = await unpaidSale();
    const { id } = await offered(sale);
    await expectError(await call(`/api/auctions/${sale.auction.id}/relist`, { method: "POST", token: sale.seller.auth.accessToken }), 409, "SECOND_CHANCE_PENDING");
    await env.DB.prepare("UPDATE second_chance_offers SET expires_at = ? WHERE id = ?").bind(Date.now() - 1, id).run();
    await expectError(await answer(id, sale.runnerUp, "accept"), 422, "OFFER_EXPIRED");
    expect(await sweepExpiredOffers(env, Date.now())).toBeGreaterThanOrEqual(1);
    const stored = await env.DB.prepare("SELECT status FROM second_chance_offers WHERE id = ?").bind(id).first();
    expect(stored).toEqual({ status: "expired" });
    expect((await call(`/api/auctions/${sale.auction.id}/relist`, { method: "POST", token: sale.seller.auth.accessToken })).status).toBe(201);
  });

  it("can be declined, after which it cannot be accepted", async () => {
    const sale = await unpaidSale();
    const { id } = await offered(sale);
    expect(await (await answer(id, sale.runnerUp, "decline")).json()).toMatchObject({ status: "declined" });
    await expectError(await answer(id, sale.runnerUp, "accept"), 409, "SECOND_CHANCE_UNAVAILABLE");
    expect((await call(`/api/second-chance/${id}`, { token: sale.seller.auth.accessToken })).status).toBe(200);
    await expectError(await call(`/api/second-chance/${id}`, { token: (await verifiedAccount()).auth.accessToken }), 404, "NOT_FOUND");
  });

  it("is offered by itself when the listing asked for it, and says so when nobody else bid", async () => {
    const sale = await unpaidSale({ autoSecondChance: true });
    const row = await env.DB.prepare("SELECT buyer_id, price, status FROM second_chance_offers WHERE unpaid_order_id = ?").bind(sale.orderId).first();
    expect(row).toEqual({ buyer_id: sale.runnerUp.auth.user.id, price: 1000, status: "pending" });

    const seller = await verifiedAccount(["seller"]);
    const only = await verifiedAccount();
    const auction = await createAuction(seller);
    await bidOver(auction.id, only, { amount: 1000 });
    await endNow(auction.id);
    await settle(auction.id, seller);
    const orderId = await orderIdOf(auction.id);
    await passPaymentDeadline(orderId);
    await takeStep(orderId, seller, { step: "unpaid" });
    await expectError(await offer(orderId, seller), 422, "SECOND_CHANCE_UNAVAILABLE");
  });
});
