import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionDetail, AuthResult, CategoryTree, NotificationPreferences, OutboxList } from "../../schema";
import { launchBrowser, logIn, waitForHydration } from "./browser";

/**
 * Notifications in the browser: bidder A keeps an auction page open while
 * bidder B outbids them; A's page hears it live (toast and bell), the list
 * and the mail have it, and the mail's unsubscribe link turns that email off.
 * Logins are rate limited, so each bidder logs in once, in a context of its own.
 */
const baseUrl = inject("baseUrl");
// bidder3 has no bids in the demo data, so no seeded auction notifies A in the middle of a test.
const BIDDER_A = "bidder3@gavel.test";
const BIDDER_B = "bidder2@gavel.test";
const OUTBID_LABEL = "Someone outbid you (or undercut your offer)";
let browser: Browser;
let sellerToken: string;
let categoryId: string;
let contested: AuctionDetail;
/** A is its only bidder; the last test ends it (the local stack's dev route) while A's list is open. */
let quick: AuctionDetail;
let adminToken: string;
let bidderA: Page;
let bidderB: Page;
const contexts: BrowserContext[] = [];

async function createForward(title: string, durationMs: number): Promise<AuctionDetail> {
  const now = Date.now();
  const response = await fetch(`${baseUrl}/api/auctions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${sellerToken}` },
    body: JSON.stringify({
      title,
      description: "A brass ship's telescope with its leather case, fully extending.",
      categoryId,
      condition: "good",
      location: "Bristol, UK",
      publish: true,
      format: "forward",
      currency: "EUR",
      startingPrice: 2500,
      softCloseMinutes: 0,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + durationMs).toISOString(),
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as AuctionDetail;
}

async function loggedInPage(email: string, next: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await logIn(page, baseUrl, email, next);
  await waitForHydration(page);
  return page;
}

/** The unread count as the bell's accessible name says it. */
async function bellCount(page: Page): Promise<number> {
  const label = (await page.getByTestId("notification-bell").getAttribute("aria-label")) ?? "";
  return Number(/, (\d+) unread$/.exec(label)?.[1] ?? 0);
}

async function openAuction(page: Page, id: string): Promise<void> {
  await page.goto(`${baseUrl}/auctions/${id}`);
  await expect.poll(() => page.getByTestId("connection").getAttribute("data-state")).toBe("connected");
  await expect.poll(() => page.getByTestId("notification-bell").getAttribute("data-connection")).toBe("connected");
}

async function outbidMailText(title: string): Promise<string> {
  let text = "";
  await expect
    .poll(
      async () => {
        const outbox = (await (await fetch(`${baseUrl}/api/dev/outbox?to=${encodeURIComponent(BIDDER_A)}`)).json()) as OutboxList;
        text = outbox.items.find((message) => message.subject === `You were outbid: ${title}`)?.text ?? "";
        return text;
      },
      { timeout: 15_000 },
    )
    .not.toBe("");
  return text;
}

async function outbidEmailOn(page: Page): Promise<boolean> {
  const response = await page.request.get(`${baseUrl}/api/me/notifications/preferences`);
  return ((await response.json()) as NotificationPreferences).email.outbid === true;
}

beforeAll(async () => {
  browser = await launchBrowser();
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "seller@gavel.test", password: "gavel-demo-pass" }),
  });
  sellerToken = ((await login.json()) as AuthResult).accessToken;
  const adminLogin = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@gavel.test", password: "gavel-demo-pass" }),
  });
  adminToken = ((await adminLogin.json()) as AuthResult).accessToken;
  categoryId = ((await (await fetch(`${baseUrl}/api/categories`)).json()) as CategoryTree).items[0]!.id;
  const suffix = crypto.randomUUID().slice(0, 8);
  quick = await createForward(`Quick telescope ${suffix}`, 3_600_000);
  contested = await createForward(`Contested telescope ${suffix}`, 3_600_000);
  bidderA = await loggedInPage(BIDDER_A, "/notifications/preferences");
  const bid = await bidderA.request.post(`${baseUrl}/api/auctions/${quick.id}/bids`, {
    headers: { origin: baseUrl, "idempotency-key": crypto.randomUUID() },
    data: { amount: 2500 },
  });
  expect(bid.status()).toBe(201);
  bidderB = await loggedInPage(BIDDER_B, "/");
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("notifications in the browser", () => {
  it("saves email settings from the preferences form", async () => {
    const outbid = bidderA.getByLabel(OUTBID_LABEL);
    // Whatever an earlier run left: switch it off, then on again.
    await outbid.setChecked(false);
    await bidderA.getByRole("button", { name: "Save email settings" }).click();
    await expect.poll(() => bidderA.getByTestId("preferences-saved").textContent()).toBe("Email settings saved.");
    await expect.poll(() => outbidEmailOn(bidderA)).toBe(false);
    await outbid.setChecked(true);
    await bidderA.getByRole("button", { name: "Save email settings" }).click();
    await expect.poll(() => outbidEmailOn(bidderA)).toBe(true);
    expect(await bidderA.getByText("can't be turned off").count()).toBe(1);
  });

  it("tells the outbid bidder at once on the page they have open: a toast and a higher count, without reloading", async () => {
    await openAuction(bidderA, contested.id);
    const before = await bellCount(bidderA);
    // A reload or navigation would drop this mark.
    await bidderA.evaluate(() => (document.documentElement.dataset.samePage = "yes"));

    await bidderA.getByTestId("bid-submit").click();
    await expect.poll(() => bidderA.getByTestId("bid-placed").textContent()).toMatch(/You're the highest bidder\.$/);
    await openAuction(bidderB, contested.id);
    await bidderB.getByTestId("bid-submit").click();
    await expect.poll(() => bidderB.getByTestId("bid-placed").textContent()).toMatch(/You're the highest bidder\.$/);

    const toast = bidderA.getByTestId("notification-toast");
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.textContent()).toContain(`You were outbid: ${contested.title}`);
    expect(await toast.getByRole("link").getAttribute("href")).toBe(`/auctions/${contested.id}`);
    expect(await bidderA.getByTestId("notification-toast-region").getAttribute("role")).toBe("status");
    await expect.poll(() => bellCount(bidderA)).toBeGreaterThan(before);
    expect(await bidderA.getByTestId("notification-bell").getAttribute("aria-label")).toMatch(/^Notifications, \d+ unread$/);
    expect(await bidderA.evaluate(() => document.documentElement.dataset.samePage)).toBe("yes");

    await toast.getByRole("button", { name: "Dismiss notification" }).click();
    expect(await toast.count()).toBe(0);
  });

  it("lists the notification, filters unread ones and marks them read", async () => {
    await bidderA.getByTestId("notification-bell").click();
    await bidderA.waitForURL(`${baseUrl}/notifications`);
    await waitForHydration(bidderA);
    const outbid = bidderA.getByTestId("notification").filter({ hasText: `You were outbid: ${contested.title}` });
    expect(await outbid.getAttribute("data-unread")).toBe("true");
    expect(await outbid.getByRole("link", { name: `You were outbid: ${contested.title}` }).getAttribute("href")).toBe(`/auctions/${contested.id}`);
    expect(await outbid.textContent()).toContain("you are no longer the highest bidder");

    await bidderA.getByLabel("Show unread only").check();
    await bidderA.waitForURL(`${baseUrl}/notifications?unread=true`);
    expect(await bidderA.locator('[data-testid="notification"][data-unread="false"]').count()).toBe(0);
    expect(await outbid.count()).toBe(1);

    const before = await bellCount(bidderA);
    await outbid.getByRole("button", { name: /^Mark read/ }).click();
    await expect.poll(() => outbid.getAttribute("data-unread")).toBe("false");
    await expect.poll(() => bellCount(bidderA)).toBe(before - 1);

    await bidderA.getByTestId("mark-all-read").click();
    await expect.poll(() => bidderA.getByTestId("notification-bell").getAttribute("aria-label")).toBe("Notifications");
    expect(await bidderA.locator('[data-testid="notification"][data-unread="true"]').count()).toBe(0);
  });

  it("mails the outbid bidder, and the mail's unsubscribe link turns that email off only once confirmed", async () => {
    const text = await outbidMailText(contested.title);
    expect(text).toContain(`/auctions/${contested.id}`);
    const link = new URL(/Turn these emails off: (\S+)/.exec(text)![1]!);
    expect(link.pathname).toBe("/unsubscribe");

    // Mail is often read on another device: no login needed.
    const elsewhere = await browser.newContext();
    contexts.push(elsewhere);
    const page = await elsewhere.newPage();
    await page.goto(`${baseUrl}${link.pathname}${link.search}`);
    await waitForHydration(page);
    expect(await page.getByTestId("unsubscribe-label").textContent()).toBe(OUTBID_LABEL);
    // Opening the link (as a mail scanner would) changed nothing.
    expect(await outbidEmailOn(bidderA)).toBe(true);

    await page.getByRole("button", { name: "Turn off these emails" }).click();
    await expect.poll(() => page.getByTestId("unsubscribed").textContent()).toContain(OUTBID_LABEL);
    await page.getByRole("link", { name: "Change your notification settings" }).click();
    await page.waitForURL(`${baseUrl}/login?next=/notifications/preferences`);

    await bidderA.goto(`${baseUrl}/notifications/preferences`);
    expect(await bidderA.getByLabel(OUTBID_LABEL).isChecked()).toBe(false);
    expect(await bidderA.getByLabel("You won an auction").isChecked()).toBe(true);
  });

  it("explains a link that is damaged, forged or missing its token", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/unsubscribe`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("This link doesn't work");
    expect(await page.getByRole("alert").textContent()).toContain("missing its code");
    await page.goto(`${baseUrl}/unsubscribe?token=garbage`);
    expect(await page.getByRole("alert").textContent()).toContain("damaged or incomplete");

    // Well formed but not signed by Gavel: the API's check refuses it before any button is offered.
    const text = await outbidMailText(contested.title);
    const token = new URL(/Turn these emails off: (\S+)/.exec(text)![1]!).searchParams.get("token")!;
    const forged = `${token.slice(0, token.lastIndexOf(".") + 1)}${"A".repeat(43)}`;
    await page.goto(`${baseUrl}/unsubscribe?token=${encodeURIComponent(forged)}`);
    expect(await page.getByRole("alert").textContent()).toContain("damaged or incomplete");
    expect(await page.getByRole("button", { name: "Turn off these emails" }).count()).toBe(0);
    await page.close();
  });

  it("shows a win live at the top of the open list", async () => {
    await bidderA.goto(`${baseUrl}/notifications`);
    await waitForHydration(bidderA);
    await expect.poll(() => bidderA.getByTestId("notification-bell").getAttribute("data-connection")).toBe("connected");
    const title = `You won: ${quick.title}`;
    const won = bidderA.getByTestId("notification").first();
    // The auction ends only now, with the list open: it cannot have come with the page from the server.
    expect(await bidderA.getByTestId("notification").filter({ hasText: title }).count()).toBe(0);
    const ended = await fetch(`${baseUrl}/api/dev/auctions/${quick.id}/end`, { method: "POST", headers: { authorization: `Bearer ${adminToken}` } });
    expect(ended.status).toBe(204);
    await expect.poll(() => won.locator("h2").textContent(), { timeout: 30_000, interval: 500 }).toBe(title);
    expect(await won.getAttribute("data-unread")).toBe("true");
    expect(await bidderA.getByTestId("notification-toast").textContent()).toContain(title);
    expect(await bellCount(bidderA)).toBeGreaterThan(0);
  });
});
