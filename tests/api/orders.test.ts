import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderMessage } from "../../schema";
import { defaultSiteSettings } from "../../schema/api/site-settings";
import { DAY_MS } from "../../worker/orders/rules";
import { bidOver, createAuction, endNow, verifiedAccount } from "../auction-helpers";
import { call, expectError } from "../helpers";
import { notificationsOf } from "../notifications/channel";
import { orderOf, ordersOf, passPaymentDeadline, settle, soldAuction, takeStep } from "../order-helpers";

describe("orders are written with the result", () => {
  it("takes the payment deadline from the site settings in force when the sale settles", async () => {
    await env.DB.prepare("INSERT INTO site_settings (id, settings, updated_at) VALUES (1, ?, 0)")
      .bind(JSON.stringify({ ...defaultSiteSettings, paymentDeadlineDays: 9 }))
      .run();
    try {
      const { orderId } = await soldAuction();
      const row = await env.DB.prepare("SELECT payment_due_at - created_at AS window FROM orders WHERE id = ?").bind(orderId).first<{ window: number }>();
      expect(row?.window).toBe(9 * DAY_MS);
    } finally {
      await env.DB.prepare("DELETE FROM site_settings WHERE id = 1").run();
    }
  });

  it("creates one order for a won auction, even when the result is written again", async () => {
    const { seller, buyer, auction, orderId } = await soldAuction();
    await settle(auction.id, seller);
    const rows = await env.DB.prepare("SELECT buyer_id, seller_id, price, status, payment_due_at - created_at AS window FROM orders WHERE auction_id = ?")
      .bind(auction.id)
      .all();
    expect(rows.results).toEqual([
      { buyer_id: buyer.auth.user.id, seller_id: seller.auth.user.id, price: 1100, status: "awaiting_payment", window: defaultSiteSettings.paymentDeadlineDays * DAY_MS },
    ]);
    const order = await orderOf(orderId, buyer);
    expect(order).toMatchObject({
      auctionId: auction.id,
      title: auction.title,
      price: 1100,
      currency: "EUR",
      status: "awaiting_payment",
      role: "buyer",
      buyer: { id: buyer.auth.user.id, email: buyer.email },
      seller: { id: seller.auth.user.id, email: seller.email },
      steps: [],
    });
    expect((await orderOf(orderId, seller)).steps).toEqual(["paid"]);
  });

  it("creates an order for a buy-it-now and for an awarded service request (the requester buys)", async () => {
    const seller = await verifiedAccount(["seller"]);
    const buyer = await verifiedAccount();
    const auction = await createAuction(seller, { buyNowPrice: 5000 });
    expect((await bidOver(auction.id, buyer, { amount: 5000 })).status).toBe(201);
    await settle(auction.id, seller);
    expect((await ordersOf(buyer, "?role=buyer")).items).toEqual([expect.objectContaining({ auctionId: auction.id, price: 5000, role: "buyer" })]);

    const requester = await verifiedAccount();
    const provider = await verifiedAccount(["seller"]);
    const request = await createAuction(requester, { format: "reverse", startingPrice: 20_000 });
    expect((await bidOver(request.id, provider, { amount: 18_000, details: { description: "New cartridge", estimatedDuration: "1 hour" } })).status).toBe(201);
    expect((await call(`/api/auctions/${request.id}/award`, { method: "POST", token: requester.auth.accessToken, body: { seq: 1 } })).status).toBe(200);
    await settle(request.id, requester);
    const [bought] = (await ordersOf(requester, "?role=buyer")).items;
    expect(bought).toMatchObject({ auctionId: request.id, price: 18_000, format: "reverse", buyer: { id: requester.auth.user.id }, seller: { id: provider.auth.user.id } });
    expect((await ordersOf(provider, "?role=seller")).items.map((item) => item.id)).toEqual([bought!.id]);
  });

  it("creates no order when nobody won: no bids, reserve not met, cancelled", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const unsold = await createAuction(seller);
    const belowReserve = await createAuction(seller, { reservePrice: 50_000 });
    expect((await bidOver(belowReserve.id, bidder, { amount: 1000 })).status).toBe(201);
    const cancelled = await createAuction(seller);
    expect((await call(`/api/auctions/${cancelled.id}/cancel`, { method: "POST", token: seller.auth.accessToken })).status).toBe(200);
    for (const auction of [unsold, belowReserve]) await endNow(auction.id);
    for (const auction of [unsold, belowReserve, cancelled]) await settle(auction.id, seller);
    const { results } = await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE seller_id = ?").bind(seller.auth.user.id).all();
    expect(results).toEqual([{ n: 0 }]);
  });
});

describe("who sees an order", () => {
  it("answers 404 to anyone but the buyer, the seller and admins, and lists only the caller's orders", async () => {
    const { buyer, seller, runnerUp, auction, orderId } = await soldAuction();
    await expectError(await call(`/api/orders/${orderId}`, { token: runnerUp.auth.accessToken }), 404, "NOT_FOUND");
    await expectError(await call(`/api/orders/${crypto.randomUUID()}`, { token: buyer.auth.accessToken }), 404, "NOT_FOUND");
    await expectError(await call(`/api/orders/not-a-uuid`, { token: buyer.auth.accessToken }), 400, "VALIDATION_FAILED");
    await expectError(await call(`/api/orders/${orderId}`), 401, "UNAUTHENTICATED");
    await expectError(await takeStep(orderId, runnerUp, { step: "paid" }), 404, "NOT_FOUND");
    await expectError(await call(`/api/orders/${orderId}/messages`, { method: "POST", token: runnerUp.auth.accessToken, body: { body: "hi" } }), 404, "NOT_FOUND");

    const admin = await verifiedAccount(["admin"]);
    expect(await orderOf(orderId, admin)).toMatchObject({ role: null, steps: [] });
    await expectError(await takeStep(orderId, admin, { step: "paid" }), 403, "FORBIDDEN");

    expect((await ordersOf(runnerUp)).items).toEqual([]);
    expect((await ordersOf(seller, "?role=seller")).items.map((item) => item.id)).toEqual([orderId]);
    expect((await ordersOf(seller, "?role=buyer")).items).toEqual([]);
    expect((await ordersOf(buyer, `?auctionId=${auction.id}`)).items.map((item) => item.role)).toEqual(["buyer"]);
    const listed = (await ordersOf(buyer)).items[0]!;
    expect(listed).not.toHaveProperty("buyer.email");
  });

  it("pages the list with a cursor", async () => {
    const first = await soldAuction();
    const seller = first.seller;
    const second = await createAuction(seller);
    expect((await bidOver(second.id, first.buyer, { amount: 1000 })).status).toBe(201);
    await endNow(second.id);
    await settle(second.id, seller);
    const page = await ordersOf(seller, "?limit=1");
    expect(page.items).toHaveLength(1);
    const rest = await ordersOf(seller, `?limit=1&cursor=${page.nextCursor}`);
    expect([...page.items, ...rest.items].map((item) => item.auctionId).sort()).toEqual([first.auction.id, second.id].sort());
    expect(rest.nextCursor).toBeNull();
    await expectError(await call("/api/orders?cursor=garbage", { token: seller.auth.accessToken }), 400, "VALIDATION_FAILED");
  });
});

describe("order steps", () => {
  it("goes paid → shipped → received (completed), each step told to the other party once", async () => {
    const { buyer, seller, auction, orderId } = await soldAuction();
    await expectError(await takeStep(orderId, buyer, { step: "paid" }), 403, "FORBIDDEN");
    const paid = await takeStep(orderId, seller, { step: "paid" });
    expect(await paid.json()).toMatchObject({ status: "paid", paidAt: expect.any(Number), steps: ["shipped"] });
    const shipped = await takeStep(orderId, seller, { step: "shipped", trackingNote: "DHL 00340434161234567890" });
    expect(await shipped.json()).toMatchObject({ status: "shipped", trackingNote: "DHL 00340434161234567890" });
    expect((await orderOf(orderId, buyer)).steps).toEqual(["received"]);
    const received = await takeStep(orderId, buyer, { step: "received" });
    expect(await received.json()).toMatchObject({ status: "completed", receivedAt: expect.any(Number), completedAt: expect.any(Number), steps: [] });

    const told = (await notificationsOf(auction.id)).filter((row) => row.event === "order_update");
    expect(told.map((row) => [row.user_id, row.occurrence])).toEqual([
      [buyer.auth.user.id, `${orderId}:paid`],
      [buyer.auth.user.id, `${orderId}:shipped`],
      [seller.auth.user.id, `${orderId}:received`],
    ]);
    expect(told[1]!.body).toContain("DHL 00340434161234567890");
  });

  it("refuses steps out of order with 409, and lets only one of two racing clicks through", async () => {
    const { buyer, seller, orderId } = await soldAuction();
    await expectError(await takeStep(orderId, seller, { step: "shipped" }), 409, "ORDER_STEP_OUT_OF_ORDER");
    await expectError(await takeStep(orderId, buyer, { step: "received" }), 409, "ORDER_STEP_OUT_OF_ORDER");
    const burst = await Promise.all(Array.from({ length: 5 }, () => takeStep(orderId, seller, { step: "paid" })));
    expect(burst.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409]);
    await expectError(await takeStep(orderId, seller, { step: "paid" }), 409, "ORDER_STEP_OUT_OF_ORDER");
    await expectError(await takeStep(orderId, seller, { step: "unpaid" }), 409, "ORDER_STEP_OUT_OF_ORDER");
    await expectError(await takeStep(orderId, seller, { step: "paid", trackingNote: "x" }), 400, "VALIDATION_FAILED");
    await expectError(await takeStep(orderId, seller, { step: "refunded" }), 400, "VALIDATION_FAILED");
    await expectError(await takeStep(orderId, seller, { step: "shipped", trackingNote: "x".repeat(501) }), 400, "VALIDATION_FAILED");
  });

  it("lets the seller mark an order unpaid only after the payment deadline", async () => {
    const { buyer, seller, orderId } = await soldAuction();
    await expectError(await takeStep(orderId, seller, { step: "unpaid" }), 422, "PAYMENT_NOT_OVERDUE");
    await passPaymentDeadline(orderId);
    expect((await orderOf(orderId, seller)).steps).toEqual(["paid", "unpaid"]);
    await expectError(await takeStep(orderId, buyer, { step: "unpaid" }), 403, "FORBIDDEN");
    const unpaid = await takeStep(orderId, seller, { step: "unpaid" });
    expect(await unpaid.json()).toMatchObject({ status: "unpaid", unpaidAt: expect.any(Number) });
    await expectError(await takeStep(orderId, seller, { step: "paid" }), 409, "ORDER_STEP_OUT_OF_ORDER");
  });
});

describe("order messages", () => {
  it("keeps a thread between the two parties and tells the other one", async () => {
    const { buyer, seller, auction, orderId } = await soldAuction();
    const sent = await call(`/api/orders/${orderId}/messages`, { method: "POST", token: buyer.auth.accessToken, body: { body: "  Bank transfer OK?  " } });
    expect(sent.status).toBe(201);
    const message = (await sent.json()) as OrderMessage;
    expect(message).toMatchObject({ body: "Bank transfer OK?", authorId: buyer.auth.user.id });
    await call(`/api/orders/${orderId}/messages`, { method: "POST", token: seller.auth.accessToken, body: { body: "Yes, IBAN by mail." } });
    expect((await orderOf(orderId, seller)).messages.map((item) => [item.authorId, item.body])).toEqual([
      [buyer.auth.user.id, "Bank transfer OK?"],
      [seller.auth.user.id, "Yes, IBAN by mail."],
    ]);
    const told = (await notificationsOf(auction.id)).filter((row) => row.event === "order_message");
    expect(told.map((row) => [row.user_id, row.body])).toEqual([
      [seller.auth.user.id, "Bank transfer OK?"],
      [buyer.auth.user.id, "Yes, IBAN by mail."],
    ]);

    const admin = await verifiedAccount(["admin"]);
    await expectError(await call(`/api/orders/${orderId}/messages`, { method: "POST", token: admin.auth.accessToken, body: { body: "hello" } }), 403, "FORBIDDEN");
    await expectError(await call(`/api/orders/${orderId}/messages`, { method: "POST", token: buyer.auth.accessToken, body: { body: "   " } }), 400, "VALIDATION_FAILED");
    await expectError(await call(`/api/orders/${orderId}/messages`, { method: "POST", token: buyer.auth.accessToken, body: { body: "x".repeat(2001) } }), 400, "VALIDATION_FAILED");
  });

  it("refuses messages once the thread is full", async () => {
    const { buyer, orderId } = await soldAuction();
    await env.DB.prepare(
      `INSERT INTO order_messages (id, order_id, author_id, body, created_at)
       SELECT lower(hex(randomblob(16))), ?1, ?2, 'filler', value FROM json_each(?3)`,
    )
      .bind(orderId, buyer.auth.user.id, JSON.stringify(Array.from({ length: 200 }, (_, index) => index)))
      .run();
    await expectError(await call(`/api/orders/${orderId}/messages`, { method: "POST", token: buyer.auth.accessToken, body: { body: "one more" } }), 409, "ORDER_THREAD_FULL");
  });
});
