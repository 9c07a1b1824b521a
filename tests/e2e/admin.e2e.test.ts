import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionDetail, CategoryTree, SiteSettings } from "../../schema";
import { artifactsDir, launchBrowser, logIn, waitForHydration } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
let adminToken: string;
let settingsBefore: SiteSettings;

async function apiToken(email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "gavel-demo-pass" }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function apiCall<T>(path: string, token: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  expect(response.ok, `${init.method ?? "GET"} ${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

beforeAll(async () => {
  browser = await launchBrowser();
  adminToken = await apiToken("admin@gavel.test");
  settingsBefore = await apiCall<SiteSettings>("/api/admin/settings", adminToken);
});

afterAll(async () => {
  // The stack is shared with the other browser tests: leave the settings as they were.
  if (settingsBefore) await apiCall("/api/admin/settings", adminToken, { method: "PUT", body: settingsBefore });
  await browser?.close();
});

/** A live listing by the demo seller, with a word no other listing has. */
async function listingToReport(marker: string): Promise<AuctionDetail> {
  const seller = await apiToken("seller@gavel.test");
  const categories = await (await fetch(`${baseUrl}/api/categories`)).json() as CategoryTree;
  const now = Date.now();
  return apiCall<AuctionDetail>("/api/auctions", seller, {
    method: "POST",
    body: {
      format: "forward",
      title: `Replica ${marker} wristwatch`,
      description: "Looks like a famous brand, sold as the real thing.",
      categoryId: categories.items.find((category) => category.slug === "watches")!.id,
      condition: "good",
      location: "Geneva",
      currency: "EUR",
      startingPrice: 5000,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 2 * 60 * 60 * 1000).toISOString(),
      publish: true,
    },
  });
}

async function newPage(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await waitForHydration(page);
  return page;
}

/** Registers in the browser and verifies with the code from the dev outbox, as a new user does. */
async function registerVerified(page: Page, email: string): Promise<void> {
  await page.goto(`${baseUrl}/register`);
  await waitForHydration(page);
  await page.getByLabel("Display name").fill("Vera Vintage");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByTestId("nav-account").waitFor();
  await page.goto(`${baseUrl}/dev/outbox`);
  const code = /\b(\d{6})\b/.exec((await page.getByTestId("outbox-message").filter({ hasText: email }).first().textContent()) ?? "")![1]!;
  await page.goto(`${baseUrl}/verify-email`);
  await waitForHydration(page);
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(`${baseUrl}/account?verified=1`);
}

async function auditShows(page: Page, query: Record<string, string>): Promise<void> {
  await page.goto(`${baseUrl}/admin/audit?${new URLSearchParams(query)}`);
  await expect(page.getByTestId("audit-entry").filter({ hasText: query.action! }).count()).resolves.toBeGreaterThan(0);
}

describe("the admin console", () => {
  it("hides a reported listing, approves a seller, changes a listing default, and finds all three in the audit log", async () => {
    const marker = `qz${crypto.randomUUID().slice(0, 8)}`;
    const auction = await listingToReport(marker);

    // A bidder reports the listing from its page.
    const bidder = await browser.newContext();
    const bidderPage = await bidder.newPage();
    await logIn(bidderPage, baseUrl, "bidder1@gavel.test", `/auctions/${auction.id}`);
    await waitForHydration(bidderPage);
    await bidderPage.getByText("Report this listing").click();
    await bidderPage.getByLabel("Counterfeit or replica").check();
    await bidderPage.getByLabel("Anything the moderators should know (optional)").fill("The crown logo is wrong.");
    await bidderPage.getByRole("button", { name: "Send report" }).click();
    await bidderPage.getByText("Thank you: the moderators will look at this listing.").waitFor();

    // The admin finds it in the reports queue and hides it.
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await logIn(adminPage, baseUrl, "admin@gavel.test", "/admin/reports");
    await waitForHydration(adminPage);
    const report = adminPage.getByTestId("report").filter({ hasText: marker });
    await report.getByLabel("Reason for the listing's owner and the log").fill("Counterfeit goods are not allowed");
    await report.getByRole("button", { name: "Hide listing" }).click();
    await report.getByText("The listing is hidden").waitFor();

    // The bidder no longer finds it, and its page says it was removed.
    await bidderPage.goto(`${baseUrl}/search?q=${marker}`);
    await expect(bidderPage.getByText(`Replica ${marker} wristwatch`).count()).resolves.toBe(0);
    const removed = await bidderPage.goto(`${baseUrl}/auctions/${auction.id}`);
    expect(removed?.status()).toBe(404);
    await bidderPage.getByText("This listing was removed by the moderators.").waitFor();

    // A new user asks to sell from the account page, in a context of their own.
    const newcomerEmail = `newcomer-${crypto.randomUUID()}@example.com`;
    const newcomer = await browser.newContext();
    const newcomerPage = await newcomer.newPage();
    await registerVerified(newcomerPage, newcomerEmail);
    await newcomerPage.goto(`${baseUrl}/sell`);
    await newcomerPage.getByTestId("seller-required").getByRole("link", { name: "Ask for it on your account page" }).click();
    await waitForHydration(newcomerPage);
    await newcomerPage.getByLabel("What you want to sell").fill("Restored mechanical watches from the 1960s.");
    await newcomerPage.getByRole("button", { name: "Ask to sell" }).click();
    await newcomerPage.getByText("Your request to sell is waiting for an administrator").waitFor();

    // The admin approves it.
    await adminPage.goto(`${baseUrl}/admin/applications`);
    await waitForHydration(adminPage);
    const application = adminPage.getByTestId("application").filter({ hasText: newcomerEmail });
    await application.getByLabel("Reason (mailed to them)").fill("Welcome, your references check out");
    await application.getByRole("button", { name: "Approve" }).click();
    await adminPage.getByText("Approved: they can sell now").waitFor();

    // The admin makes nine minutes the default soft close.
    await adminPage.goto(`${baseUrl}/admin/settings`);
    await waitForHydration(adminPage);
    await adminPage.getByLabel("Soft close (minutes)").fill("9");
    await adminPage.getByRole("button", { name: "Save settings" }).click();
    await adminPage.getByText("Saved. New listings take these defaults").waitFor();

    // The newcomer can now open /sell, which offers the new default.
    await newcomerPage.goto(`${baseUrl}/sell`);
    await newcomerPage.getByRole("heading", { name: "Sell an item" }).waitFor();
    await expect(newcomerPage.getByTestId("seller-required").count()).resolves.toBe(0);
    await expect(newcomerPage.getByLabel("Extend by (minutes)").inputValue()).resolves.toBe("9");

    // All three are in the audit log.
    const newcomerId = ((await (await newcomerPage.request.get(`${baseUrl}/api/me`)).json()) as { user: { id: string } }).user.id;
    await auditShows(adminPage, { action: "auction.hide", target: auction.id });
    await auditShows(adminPage, { action: "seller_application.approve", target: newcomerId });
    await auditShows(adminPage, { action: "settings.update", actor: "admin@gavel.test" });

    for (const context of [bidder, admin, newcomer]) await context.close();
  });

  it("is a 404 for anyone but an admin", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    expect((await page.goto(`${baseUrl}/admin`))?.status()).toBe(404);
    await logIn(page, baseUrl, "seller@gavel.test", "/");
    expect((await page.goto(`${baseUrl}/admin/users`))?.status()).toBe(404);
    await page.getByRole("heading", { name: "Not found" }).waitFor();
    await context.close();
  });

  it("fits a 360 px screen without sideways scrolling and works from the keyboard", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await logIn(page, baseUrl, "admin@gavel.test", "/admin");
    const overflowOf = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const path of ["/admin", "/admin/users", "/admin/applications", "/admin/reports", "/admin/catalog", "/admin/settings", "/admin/audit"]) {
      await page.goto(`${baseUrl}${path}`);
      expect(await overflowOf(), path).toBeLessThanOrEqual(0);
    }
    await page.goto(`${baseUrl}/admin`);
    await waitForHydration(page);
    await page.screenshot({ path: join(artifactsDir, "admin-360.png"), fullPage: true });

    // Keyboard only: type into the search and submit it with Enter.
    await page.goto(`${baseUrl}/admin/users`);
    await waitForHydration(page);
    await page.getByLabel("Email or name").focus();
    await page.keyboard.type("bidder1");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=bidder1/);
    await page.getByTestId("admin-users").getByText("bidder1@gavel.test").waitFor();
    await context.close();
  });
});
