import { createHash } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { commitmentPreimage, type AuctionDetail, type AuthResult, type CategoryTree, type Opening, type OutboxList } from "../../schema";
import { launchBrowser, waitForHydration } from "./browser";

/**
 * A sealed service request end to end: one provider commits and reveals in
 * the browser, a second over the API, and the requester awards the lower
 * offer in the browser. The deadline comes when both have committed: the
 * local stack's dev route (POST /api/dev/auctions/{id}/end) brings it
 * forward, and the open pages learn of it live, as at a real deadline.
 */
const baseUrl = inject("baseUrl");
const PASSWORD = "gavel-demo-pass";
let browser: Browser;
const contexts: BrowserContext[] = [];

async function api(path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function tokenFor(email: string): Promise<string> {
  const login = await api("/api/auth/login", { method: "POST", body: { email, password: PASSWORD } });
  expect(login.status).toBe(200);
  return (login.body as AuthResult).accessToken;
}

/** A second provider: registered, verified from the dev outbox, given the seller capability by the admin. */
async function newProvider(): Promise<AuthResult> {
  const email = `sealed-provider-${crypto.randomUUID()}@example.com`;
  const registered = await api("/api/auth/register", { method: "POST", body: { email, password: "a long provider password", displayName: "Sealed Provider" } });
  expect(registered.status).toBe(201);
  const auth = registered.body as AuthResult;
  const outbox = (await (await fetch(`${baseUrl}/api/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as OutboxList;
  const code = /\b(\d{6})\b/.exec(outbox.items[0]!.text)![1]!;
  expect((await api("/api/auth/verify-email", { method: "POST", token: auth.accessToken, body: { code } })).status).toBe(200);
  const granted = await api(`/api/admin/users/${auth.user.id}`, { method: "PATCH", token: await tokenFor("admin@gavel.test"), body: { roles: ["seller"] } });
  expect(granted.status).toBe(200);
  return auth;
}

async function loggedInPage(email: string): Promise<Page> {
  const context = await browser.newContext();
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

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("sealed service requests in the browser", () => {
  it("two providers commit, the deadline passes, both reveal, and the requester awards the lower", async () => {
    const categoryId = ((await (await fetch(`${baseUrl}/api/categories`)).json()) as CategoryTree).items[0]!.id;
    const second = await newProvider();
    const requester = await loggedInPage("bidder3@gavel.test");
    const provider = await loggedInPage("seller@gavel.test");

    const now = Date.now();
    const created = await requester.request.post(`${baseUrl}/api/auctions`, {
      headers: { origin: baseUrl },
      data: {
        format: "reverse",
        sealed: true,
        revealWindowHours: 1,
        title: `Sealed roof inspection ${crypto.randomUUID().slice(0, 8)}`,
        description: "Inspect a slate roof after a storm and report on what needs repairing.",
        categoryId,
        location: "Leeds, UK",
        currency: "EUR",
        budgetMin: 10_000,
        budgetMax: 60_000,
        deadline: new Date(now + 7 * 86_400_000).toISOString(),
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        publish: true,
      },
    });
    expect(created.status()).toBe(201);
    const request = (await created.json()) as AuctionDetail;
    expect(request.sealed).toMatchObject({ phase: "commit", commitments: 0 });

    // The first provider seals an offer of €450 in the browser.
    await openLive(provider, request.id);
    await provider.getByTestId("sealed-amount").fill("450");
    await provider.getByTestId("sealed-description").fill("Full inspection with photos and a written report");
    await provider.getByTestId("sealed-duration").fill("1 day");
    await provider.getByTestId("sealed-submit").click();
    await provider.getByTestId("sealed-committed").waitFor();
    expect(await provider.getByTestId("sealed-download").getAttribute("download")).toMatch(/^gavel-sealed-offer-.+\.json$/);

    // The second commits to €380 over the API, hashing the shared encoding itself.
    const opening: Opening = {
      amount: 38_000,
      details: { description: "Inspection from a drone, report the same day", estimatedDuration: "Half a day" },
      nonce: createHash("sha256").update(crypto.randomUUID()).digest("hex"),
    };
    const commitment = createHash("sha256").update(commitmentPreimage(request.id, second.user.id, opening)).digest("hex");
    const committed = await api(`/api/auctions/${request.id}/commitments`, { method: "POST", token: second.accessToken, headers: { "idempotency-key": crypto.randomUUID() }, body: { commitment } });
    expect(committed.status).toBe(201);

    // The requester sees how many offers there are, and no amount.
    await openLive(requester, request.id);
    await expect.poll(() => requester.getByTestId("sealed-counts").textContent()).toContain("2 sealed offers");
    const requesterText = (await requester.locator("main").textContent()) ?? "";
    expect(requesterText).not.toContain("€450");
    expect(requesterText).not.toContain("€380");

    // The deadline passes: the provider's page offers the reveal from the opening this browser kept.
    const ended = await fetch(`${baseUrl}/api/dev/auctions/${request.id}/end`, { method: "POST", headers: { authorization: `Bearer ${await tokenFor("admin@gavel.test")}` } });
    expect(ended.status).toBe(204);
    await provider.getByTestId("sealed-reveal").waitFor({ timeout: 30_000 });
    await provider.getByTestId("sealed-reveal").click();
    await provider.getByTestId("sealed-revealed").waitFor();
    const revealed = await api(`/api/auctions/${request.id}/reveals`, { method: "POST", token: second.accessToken, headers: { "idempotency-key": crypto.randomUUID() }, body: opening });
    expect(revealed.status).toBe(201);

    // Both revealed: the offers open, and the requester awards the lower one.
    const offers = requester.getByTestId("offer");
    await expect.poll(() => offers.count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => offers.first().textContent()).toContain("€380");
    expect(await offers.first().textContent()).toContain("Inspection from a drone");
    await offers.first().getByRole("button", { name: /^Award/ }).click();
    await requester.getByRole("button", { name: "Award for €380" }).click();
    await expect.poll(() => requester.getByTestId("award-result").textContent()).toMatch(/Awarded to Sealed Provider for €380/);

    const verified = await api(`/api/auctions/${request.id}/bids/verify`);
    expect(verified.body).toMatchObject({ valid: true, length: 4 });
  });

  it("a requester posts a sealed request through the form, with its reveal window", async () => {
    const items = ((await (await fetch(`${baseUrl}/api/categories`)).json()) as CategoryTree).items;
    const category = items.find((item) => item.depth > 0) ?? items[0]!;
    const title = `Sealed gutter cleaning ${crypto.randomUUID().slice(0, 8)}`;
    const page = await loggedInPage("bidder2@gavel.test");
    await page.goto(`${baseUrl}/requests/new`);
    await waitForHydration(page);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill("Clear the gutters of a two-storey house and check the downpipes.");
    await page.getByLabel("Category").selectOption(category.id);
    await page.getByLabel("Location").fill("Bath, UK");
    await page.getByLabel("Budget from (EUR)").fill("100");
    await page.getByLabel("Budget up to (EUR)").fill("300");
    await page.getByRole("checkbox", { name: /sealed/i }).check();
    await page.getByLabel("Reveal window (hours after offers close)").fill("6");
    await page.getByRole("button", { name: "Post request" }).click();
    await page.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const detail = (await api(`/api/auctions/${id}`)).body as AuctionDetail;
    expect(detail).toMatchObject({ title, softCloseMinutes: 0, sealed: { phase: "commit", revealWindowHours: 6, commitments: 0 } });
    await expect.poll(() => page.getByTestId("sealed-counts").textContent()).toContain("0 sealed offers");
  });
});
