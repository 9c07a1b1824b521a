import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionDetail, AuthResult, CategoryTree, OutboxList } from "../../schema";
import { artifactsDir, launchBrowser } from "./browser";

/**
 * Live bidding in the browser. Logins are rate limited, so each user logs in
 * once: the seller over the API, the bidders in one browser context each,
 * reused by every test here.
 */
const baseUrl = inject("baseUrl");
const PASSWORD = "gavel-demo-pass";
let browser: Browser;
let sellerToken: string;
let categoryId: string;
let forward: AuctionDetail;
const contexts: BrowserContext[] = [];

async function tokenFor(email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as AuthResult).accessToken;
}

/**
 * A second provider: registered, verified with the code from the dev outbox,
 * and given the seller capability by the admin, all over the API.
 */
async function newProviderToken(): Promise<string> {
  const email = `provider-${crypto.randomUUID()}@example.com`;
  const registered = await fetch(`${baseUrl}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "a long provider password", displayName: "Second Provider" }),
  });
  expect(registered.status).toBe(201);
  const auth = (await registered.json()) as AuthResult;
  const outbox = (await (await fetch(`${baseUrl}/api/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as OutboxList;
  const code = /\b(\d{6})\b/.exec(outbox.items[0]!.text)![1]!;
  const verified = await fetch(`${baseUrl}/api/auth/verify-email`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${auth.accessToken}` },
    body: JSON.stringify({ code }),
  });
  expect(verified.status).toBe(200);
  const granted = await fetch(`${baseUrl}/api/admin/users/${auth.user.id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", authorization: `Bearer ${await tokenFor("admin@gavel.test")}` },
    body: JSON.stringify({ roles: ["seller"] }),
  });
  expect(granted.status).toBe(200);
  return auth.accessToken;
}

/** A browser context logged in through the site's own login form. */
async function loggedInPage(email: string, options: { width?: number } = {}): Promise<Page> {
  const context = await browser.newContext(options.width ? { viewport: { width: options.width, height: 800 } } : {});
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByTestId("nav-account").waitFor();
  return page;
}

async function openLive(page: Page, id: string): Promise<void> {
  await page.goto(`${baseUrl}/auctions/${id}`);
  await expect.poll(() => page.getByTestId("connection").getAttribute("data-state")).toBe("connected");
}

function historySeqs(page: Page): Promise<string[]> {
  return page.locator('[data-testid="bid-history"] li').evaluateAll((items) => items.map((item) => item.getAttribute("data-seq") ?? ""));
}

async function createForward(title: string): Promise<AuctionDetail> {
  const now = Date.now();
  const response = await fetch(`${baseUrl}/api/auctions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${sellerToken}` },
    body: JSON.stringify({
      title,
      description: "A walnut writing box with brass corners and the original key.",
      categoryId,
      condition: "good",
      location: "Bath, UK",
      publish: true,
      format: "forward",
      currency: "EUR",
      startingPrice: 2500,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as AuctionDetail;
}

let bidder1: Page;
let bidder2: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  sellerToken = await tokenFor("seller@gavel.test");
  categoryId = ((await (await fetch(`${baseUrl}/api/categories`)).json()) as CategoryTree).items[0]!.id;
  forward = await createForward("Live bidding e2e writing box");
  bidder1 = await loggedInPage("bidder1@gavel.test");
  bidder2 = await loggedInPage("bidder2@gavel.test");
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("live bidding in the browser", () => {
  it("(b) two bidders see each other's bids within a second, and the outbid one is told", async () => {
    await openLive(bidder1, forward.id);
    await openLive(bidder2, forward.id);
    expect(await bidder1.getByTestId("bid-amount").inputValue()).toBe("25.00");

    await bidder1.getByTestId("bid-submit").click();
    const firstSeen = Date.now();
    await bidder2.locator('[data-testid="bid-history"] li[data-seq="1"]').waitFor({ timeout: 1000 });
    expect(Date.now() - firstSeen).toBeLessThan(1000);
    await expect.poll(() => bidder1.getByTestId("bid-placed").textContent()).toBe("Bid placed: €25. You're the highest bidder.");
    // The minimum moved with the bid: €25 + €1.
    await expect.poll(() => bidder2.getByTestId("bid-amount").inputValue()).toBe("26.00");

    await bidder2.getByTestId("bid-submit").click();
    const secondSeen = Date.now();
    await bidder1.locator('[data-testid="bid-history"] li[data-seq="2"]').waitFor({ timeout: 1000 });
    expect(Date.now() - secondSeen).toBeLessThan(1000);
    await expect.poll(() => bidder1.getByTestId("bid-cue").textContent()).toBe("You've been outbid");
    await expect.poll(() => bidder2.getByTestId("bid-placed").textContent()).toBe("Bid placed: €26. You're the highest bidder.");
    expect(await bidder1.getByTestId("auction-price").textContent()).toBe("€26");
    expect(await bidder1.getByTestId("bid-announcement").textContent()).toMatch(/New bid: €26 by /);
  });

  it("(b) checks the minimum before sending, lets the leader raise, and asks before a bid far above the minimum", async () => {
    await bidder1.getByTestId("bid-amount").fill("26");
    await bidder1.getByTestId("bid-submit").click();
    await expect.poll(() => bidder1.getByTestId("bid-error").textContent()).toBe("Bid at least €27.");

    // The leader bidding again raises their hidden maximum (eBay rules); the price stays.
    await bidder2.getByTestId("bid-amount").fill("27");
    await bidder2.getByTestId("bid-submit").click();
    await expect.poll(() => bidder2.getByTestId("bid-placed").textContent()).toBe("Bid placed: €27. You're the highest bidder.");
    expect(await bidder2.getByTestId("auction-price").textContent()).toBe("€26");

    await bidder1.getByTestId("bid-amount").fill("90");
    await bidder1.getByTestId("bid-submit").click();
    await bidder1.getByTestId("bid-confirm").waitFor();
    await bidder1.getByRole("button", { name: "Change amount" }).click();
    expect(await bidder1.getByTestId("bid-confirm").count()).toBe(0);
  });

  it("(c) a bidder who was offline gets the bid they missed exactly once after reconnecting", async () => {
    const context = bidder2.context();
    await context.setOffline(true);
    await expect.poll(() => bidder2.getByTestId("connection").getAttribute("data-state")).not.toBe("connected");

    await bidder1.getByTestId("bid-amount").fill("30");
    await bidder1.getByTestId("bid-submit").click();
    await expect.poll(() => bidder1.getByTestId("bid-placed").textContent()).toBe("Bid placed: €30. You're the highest bidder.");
    const missed = (await historySeqs(bidder1))[0]!;
    expect(await historySeqs(bidder2)).not.toContain(missed);

    await context.setOffline(false);
    await expect.poll(() => bidder2.getByTestId("connection").getAttribute("data-state"), { timeout: 15_000 }).toBe("connected");
    await expect.poll(() => historySeqs(bidder2)).toContain(missed);
    const seqs = await historySeqs(bidder2);
    expect(seqs.filter((seq) => seq === missed)).toHaveLength(1);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(await historySeqs(bidder1));
    await expect.poll(() => bidder2.getByTestId("bid-cue").textContent()).toBe("You've been outbid");
  });

  it("(f) fits a 360 px wide screen", async () => {
    await bidder1.setViewportSize({ width: 360, height: 800 });
    await openLive(bidder1, forward.id);
    await bidder1.screenshot({ path: join(artifactsDir, "bidding-360.png"), fullPage: true });
    expect(await bidder1.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await bidder1.setViewportSize({ width: 1280, height: 800 });
  });

  it("(d) two providers bid lower on a service request and the requester awards an offer in the browser", async () => {
    const requester = await loggedInPage("bidder3@gavel.test");
    const now = Date.now();
    const created = await requester.request.post(`${baseUrl}/api/auctions`, {
      headers: { origin: baseUrl },
      data: {
        format: "reverse",
        title: "Repaint a garden fence",
        description: "About 20 metres of wooden fence to sand, prime and paint in dark green.",
        categoryId,
        location: "York, UK",
        currency: "EUR",
        budgetMin: 20_000,
        budgetMax: 50_000,
        deadline: new Date(now + 7 * 86_400_000).toISOString(),
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        publish: true,
      },
    });
    expect(created.status()).toBe(201);
    const request = (await created.json()) as AuctionDetail;

    await openLive(requester, request.id);
    expect(await requester.getByTestId("offer-box").count()).toBe(1);
    expect(await requester.getByTestId("offer-amount").count()).toBe(0);

    const secondProvider = await newProviderToken();
    const offer = async (token: string, amount: number, description: string) => {
      const response = await fetch(`${baseUrl}/api/auctions/${request.id}/bids`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": crypto.randomUUID() },
        body: JSON.stringify({ amount, details: { description, estimatedDuration: "3 days", notes: "Paint included" } }),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    };
    expect(await offer(sellerToken, 45_000, "Two coats of exterior paint")).toMatchObject({ status: 201 });
    await requester.locator('[data-testid="offer"][data-seq="1"]').waitFor();
    const second = await offer(secondProvider, 40_000, "Two coats, and I fix the loose boards");
    expect(second).toMatchObject({ status: 201 });

    const offers = requester.getByTestId("offer");
    await expect.poll(() => offers.count()).toBe(2);
    await expect.poll(() => offers.first().textContent()).toContain("fix the loose boards");
    expect(await offers.first().textContent()).toContain("€400");
    expect(await offers.first().textContent()).toContain("3 days");

    await offers.first().getByRole("button", { name: /^Award/ }).click();
    await requester.getByRole("button", { name: "Award for €400" }).click();
    await expect.poll(() => requester.getByTestId("award-result").textContent()).toMatch(/Awarded to .+ for €400/);
    await expect.poll(() => requester.getByTestId("auction-status").textContent()).toBe("Awarded");
  });
});
