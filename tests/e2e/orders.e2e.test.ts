import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionDetail, AuthResult, CategoryTree, NotificationList, OrderPage, OutboxList } from "../../schema";
import { launchBrowser, logIn, waitForHydration } from "./browser";

/**
 * After the hammer, in the browser: orders between buyer and seller, second
 * chance, relisting and awarded service requests. The accounts are new (so
 * the demo bidders' notifications stay as other tests expect). Nothing waits
 * for a clock: the auctions are ended once bid on, through the local stack's
 * dev route (POST /api/dev/auctions/{id}/end, the alarm's end brought
 * forward), and the payment deadline (days) is moved by rewriting the stored
 * time in the stack's local D1.
 */
const baseUrl = inject("baseUrl");
const stateDir = inject("stateDir");
const PASSWORD = "orders e2e password";
const MINUTE = 60_000;
/** Each form posts, the API answers and the page reloads its data; a busy machine needs a few seconds. */
const SLOW = { timeout: 15_000, interval: 250 };

interface Member {
  email: string;
  token: string;
  id: string;
  displayName: string;
  page: Page;
}

let browser: Browser;
const contexts: BrowserContext[] = [];
let seller: Member;
let buyer: Member;
let runnerUp: Member;
let categoryId: string;
let won: AuctionDetail;
let unpaid: AuctionDetail;
let unsold: AuctionDetail;
let request: AuctionDetail;

async function api<T>(path: string, token: string | null, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${baseUrl}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: response.status, body: (await response.json().catch(() => null)) as T };
}

/** A new verified account (the code comes from the dev outbox), logged in through the site in its own browser context. */
async function member(prefix: string, displayName: string): Promise<Member> {
  const email = `${prefix}-${crypto.randomUUID().slice(0, 8)}@orders.test`;
  const registered = await api<AuthResult>("/api/auth/register", null, { method: "POST", body: { email, password: PASSWORD, displayName } });
  expect(registered.status).toBe(201);
  const token = registered.body.accessToken;
  const mail = await api<OutboxList>(`/api/dev/outbox?to=${encodeURIComponent(email)}`, null);
  const code = /\b(\d{6})\b/.exec(mail.body.items[0]!.text)![1]!;
  expect((await api("/api/auth/verify-email", token, { method: "POST", body: { code } })).status).toBe(200);
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login?next=/my`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${baseUrl}/my`);
  return { email, token, id: registered.body.user.id, displayName, page };
}

async function listing(owner: Member, body: Record<string, unknown>): Promise<AuctionDetail> {
  const now = Date.now();
  const created = await api<AuctionDetail>("/api/auctions", owner.token, {
    method: "POST",
    body: {
      description: "A pocket barometer in a brass case, with its original leather pouch.",
      categoryId,
      location: "Ghent, BE",
      currency: "EUR",
      publish: true,
      softCloseMinutes: 0,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 60 * MINUTE).toISOString(),
      ...body,
    },
  });
  expect(created.status).toBe(201);
  return created.body;
}

function bid(auctionId: string, bidder: Member, body: Record<string, unknown>) {
  return fetch(`${baseUrl}/api/auctions/${auctionId}/bids`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${bidder.token}`, "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify(body),
  });
}

async function orderOf(auctionId: string, viewer: Member): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        id = (await api<OrderPage>(`/api/orders?auctionId=${auctionId}`, viewer.token)).body.items[0]?.id;
        return id;
      },
      { timeout: 2 * MINUTE, interval: 1000 },
    )
    .toBeTruthy();
  return id!;
}

/** Rewrites a stored time in the stack's D1 (a SQLite file under the state dir), as if days had passed. */
function rewriteD1(statement: string, ...values: Array<string | number>): void {
  const root = join(stateDir, "v3", "d1");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".sqlite"));
  let changed = 0;
  for (const file of files) {
    const db = new DatabaseSync(join(root, file));
    try {
      const hasOrders = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'orders'").get();
      if (hasOrders) changed += Number(db.prepare(statement).run(...values).changes);
    } finally {
      db.close();
    }
  }
  expect(changed).toBeGreaterThan(0);
}

beforeAll(async () => {
  browser = await launchBrowser();
  [seller, buyer, runnerUp] = await Promise.all([member("seller", "Sofie Seller"), member("buyer", "Bram Buyer"), member("runner", "Rita Runner")]);
  const admin = await api<AuthResult>("/api/auth/login", null, { method: "POST", body: { email: "admin@gavel.test", password: "gavel-demo-pass" } });
  expect((await api(`/api/admin/users/${seller.id}`, admin.body.accessToken, { method: "PATCH", body: { roles: ["seller"] } })).status).toBe(200);
  categoryId = (await api<CategoryTree>("/api/categories", null)).body.items.find((category) => category.depth > 0)!.id;

  const forward = { format: "forward", condition: "good", startingPrice: 1000, increment: { kind: "fixed", amount: 100 } };
  [won, unpaid, unsold] = await Promise.all([
    listing(seller, { ...forward, title: "Pocket barometer, brass" }),
    listing(seller, { ...forward, title: "Ship's clock, bakelite" }),
    listing(seller, { ...forward, title: "Sextant in a wooden box" }),
  ]);
  expect((await bid(won.id, buyer, { amount: 1000 })).status).toBe(201);
  expect((await bid(unpaid.id, runnerUp, { amount: 1000 })).status).toBe(201);
  expect((await bid(unpaid.id, buyer, { amount: 1100 })).status).toBe(201);
  for (const ending of [won, unpaid, unsold]) {
    expect((await api(`/api/dev/auctions/${ending.id}/end`, admin.body.accessToken, { method: "POST" })).status).toBe(204);
  }

  const now = Date.now();
  request = await listing(buyer, {
    format: "reverse",
    title: "Restore a barometer dial",
    description: "The paper dial of an aneroid barometer is stained; it needs careful restoration.",
    budgetMin: 5000,
    budgetMax: 20000,
    deadline: new Date(now + 7 * 24 * 60 * MINUTE).toISOString(),
    endsAt: new Date(now + 60 * MINUTE).toISOString(),
  });
  expect((await bid(request.id, seller, { amount: 15000, details: { description: "Clean, consolidate and retouch the dial", estimatedDuration: "2 weeks" } })).status).toBe(201);
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("after the hammer", () => {
  it("(a) winner and seller see each other on the order, talk, go paid → shipped → received, and the feedback shows on the seller's profile", async () => {
    const orderId = await orderOf(won.id, buyer);
    const { page: buyerPage } = buyer;
    await buyerPage.goto(`${baseUrl}/my/bought`);
    await buyerPage.getByRole("link", { name: won.title }).click();
    await buyerPage.waitForURL(`${baseUrl}/orders/${orderId}`);
    await waitForHydration(buyerPage);
    await expect.poll(() => buyerPage.getByTestId("order-seller").textContent(), SLOW).toContain(seller.email);
    expect(await buyerPage.getByTestId("order-buyer").textContent()).toContain(buyer.email);
    await buyerPage.getByLabel(`Message to ${seller.displayName}`).fill("Hello! Bank transfer is fine for me.");
    await buyerPage.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => buyerPage.getByTestId("order-messages").textContent(), SLOW).toContain("Bank transfer is fine");

    const { page: sellerPage } = seller;
    await sellerPage.goto(`${baseUrl}/my/sold`);
    await sellerPage.getByRole("link", { name: won.title }).click();
    await sellerPage.waitForURL(`${baseUrl}/orders/${orderId}`);
    await waitForHydration(sellerPage);
    expect(await sellerPage.getByTestId("order-buyer").textContent()).toContain(buyer.email);
    expect(await sellerPage.getByTestId("order-messages").textContent()).toContain("Bank transfer is fine");
    await sellerPage.getByLabel(`Message to ${buyer.displayName}`).fill("Great, details follow by mail.");
    await sellerPage.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => sellerPage.getByTestId("order-messages").textContent(), SLOW).toContain("details follow");
    await sellerPage.getByRole("button", { name: "Mark as paid" }).click();
    await expect.poll(() => sellerPage.getByTestId("order-status").textContent(), SLOW).toBe("Paid");
    await sellerPage.getByLabel("Tracking note (optional)").fill("PostNL 3SABC123456");
    await sellerPage.getByRole("button", { name: "Mark as shipped" }).click();
    await expect.poll(() => sellerPage.getByTestId("order-status").textContent(), SLOW).toBe("Shipped");

    await buyerPage.reload();
    await waitForHydration(buyerPage);
    expect(await buyerPage.getByTestId("order-messages").textContent()).toContain("details follow");
    expect(await buyerPage.getByTestId("order-tracking").textContent()).toBe("PostNL 3SABC123456");
    await buyerPage.getByRole("button", { name: "I received it" }).click();
    await expect.poll(() => buyerPage.getByTestId("order-status").textContent(), SLOW).toBe("Completed");
    await buyerPage.getByLabel("Positive").check();
    await buyerPage.getByLabel("Comment (optional)").fill("Exactly as described, well packed.");
    await buyerPage.getByRole("button", { name: "Leave feedback" }).click();
    await expect.poll(() => buyerPage.getByTestId("feedback-item").count(), SLOW).toBe(1);

    await buyerPage.goto(`${baseUrl}/auctions/${won.id}`);
    await buyerPage.getByTestId("seller-link").click();
    await buyerPage.waitForURL(`${baseUrl}/users/${seller.id}`);
    expect(await buyerPage.getByTestId("feedback-score").textContent()).toContain("Score 1");
    expect(await buyerPage.getByTestId("feedback-item").first().textContent()).toContain("Exactly as described, well packed.");
  }, 4 * MINUTE);

  it("(b) the seller marks an unpaid order and the runner-up accepts the second-chance offer", async () => {
    const orderId = await orderOf(unpaid.id, seller);
    rewriteD1("UPDATE orders SET payment_due_at = ? WHERE id = ?", Date.now() - 1000, orderId);
    const { page: sellerPage } = seller;
    await sellerPage.goto(`${baseUrl}/orders/${orderId}`);
    await waitForHydration(sellerPage);
    await sellerPage.getByRole("button", { name: "Mark as unpaid" }).click();
    await expect.poll(() => sellerPage.getByTestId("order-status").textContent(), SLOW).toBe("Unpaid");
    await sellerPage.getByRole("button", { name: "Offer to the runner-up" }).click();
    await expect.poll(() => sellerPage.getByTestId("second-chance-status").textContent(), SLOW).toContain(runnerUp.displayName);

    const notifications = await api<NotificationList>("/api/me/notifications", runnerUp.token);
    const offer = notifications.body.items.find((item) => item.event === "second_chance")!;
    const { page: runnerPage } = runnerUp;
    await runnerPage.goto(`${baseUrl}${offer.link}`);
    await waitForHydration(runnerPage);
    expect(await runnerPage.getByTestId("offer-price").textContent()).toContain("10");
    await runnerPage.getByRole("button", { name: "Accept and buy" }).click();
    await runnerPage.waitForURL(/\/orders\/[0-9a-f-]+$/);
    expect(await runnerPage.getByTestId("order-status").textContent()).toBe("Awaiting payment");
    expect(await runnerPage.getByTestId("order-seller").textContent()).toContain(seller.email);

    await sellerPage.reload();
    const newOrder = await sellerPage.getByRole("link", { name: "Go to the new order" }).getAttribute("href");
    expect(newOrder).not.toBe(`/orders/${orderId}`);
    await sellerPage.goto(`${baseUrl}${newOrder}`);
    expect(await sellerPage.getByTestId("order-buyer").textContent()).toContain(runnerUp.email);
  }, 3 * MINUTE);

  it("(c) an unsold auction is relisted in one click", async () => {
    await orderOf(won.id, seller);
    const { page } = seller;
    await expect
      .poll(async () => (await api<AuctionDetail>(`/api/auctions/${unsold.id}`, seller.token)).body.status, { timeout: MINUTE, interval: 1000 })
      .toBe("ended");
    await page.goto(`${baseUrl}/auctions/${unsold.id}`);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Relist" }).click();
    await page.waitForURL(/\/my\/listings\/[^/]+\/edit$/);
    expect(await page.getByLabel("Title").inputValue()).toBe(unsold.title);
    const copyId = /\/my\/listings\/([^/]+)\/edit$/.exec(page.url())![1]!;
    expect((await api<AuctionDetail>(`/api/auctions/${copyId}`, seller.token)).body).toMatchObject({ status: "draft", relistedFromId: unsold.id });
  }, 3 * MINUTE);

  it("(d) an awarded service request becomes an order that the requester and the provider both see", async () => {
    const { page: requesterPage } = buyer;
    await requesterPage.goto(`${baseUrl}/auctions/${request.id}`);
    await waitForHydration(requesterPage);
    await requesterPage.getByRole("button", { name: /^Award to/ }).click();
    await requesterPage.getByRole("button", { name: /^Award for/ }).click();
    await expect.poll(() => requesterPage.getByTestId("award-result").count(), SLOW).toBe(1);

    const orderId = await orderOf(request.id, buyer);
    await requesterPage.goto(`${baseUrl}/my/bought`);
    await requesterPage.getByRole("link", { name: request.title }).click();
    await requesterPage.waitForURL(`${baseUrl}/orders/${orderId}`);
    expect(await requesterPage.getByTestId("order-seller").textContent()).toContain(seller.email);

    const { page: providerPage } = seller;
    await providerPage.goto(`${baseUrl}/my/sold`);
    await providerPage.getByRole("link", { name: request.title }).click();
    await providerPage.waitForURL(`${baseUrl}/orders/${orderId}`);
    expect(await providerPage.getByTestId("order-buyer").textContent()).toContain(buyer.email);
    expect(await providerPage.getByTestId("order-price").textContent()).toContain("150");
  }, 3 * MINUTE);
});
