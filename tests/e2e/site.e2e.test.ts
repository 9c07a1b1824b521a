import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionDetail, AuctionPage, AuthResult, CategoryTree } from "../../schema";
import { artifactsDir, launchBrowser, logIn, waitForHydration } from "./browser";

/**
 * The site's states and phone layout (issue 14): buy it now and the ended
 * panel, the 360 px header and bid bar, the error summary, the verify banner,
 * thumbnails and typo-tolerant search, and an axe check of every page visited
 * in both themes. One bidder logs in once; the seller works over the API.
 */
const baseUrl = inject("baseUrl");
const PASSWORD = "gavel-demo-pass";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
let browser: Browser;
let sellerToken: string;
let categoryId: string;
let bidder: BrowserContext;
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

async function createLive(title: string, extra: Record<string, unknown> = {}): Promise<AuctionDetail> {
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
      ...extra,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as AuctionDetail;
}

async function newContext(viewport: { width: number; height: number }, storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, ...(storageState ? { storageState } : {}) });
  contexts.push(context);
  return context;
}

async function openLive(page: Page, id: string): Promise<void> {
  await page.goto(`${baseUrl}/auctions/${id}`);
  await waitForHydration(page);
  await expect.poll(() => page.getByTestId("connection").getAttribute("data-state")).toBe("connected");
}

/** No serious or critical axe violation on the page as it is now, in the light and the dark theme. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((chosen) => (document.documentElement.dataset.theme = chosen), theme);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`);
    expect(serious, `${name} in the ${theme} theme`).toEqual([]);
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  sellerToken = await tokenFor("seller@gavel.test");
  categoryId = ((await (await fetch(`${baseUrl}/api/categories`)).json()) as CategoryTree).items[0]!.id;
  bidder = await newContext(DESKTOP);
  const page = await bidder.newPage();
  await logIn(page, baseUrl, "bidder3@gavel.test", "/");
  await page.close();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("the bid box on the page", () => {
  it("buys it now with its own confirmation, then shows the ended panel", async () => {
    const auction = await createLive("Site e2e buy-it-now writing box", { buyNowPrice: 25_000 });
    const page = await bidder.newPage();
    await openLive(page, auction.id);
    await expectAccessible(page, "a live auction");

    await page.getByTestId("buy-now").click();
    const confirm = page.getByTestId("buy-now-confirm");
    expect(await confirm.textContent()).toContain("Buy it now for €250?");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("buy-now-yes");
    await page.getByTestId("buy-now-yes").click();

    await expect.poll(() => page.getByTestId("auction-status").textContent()).toBe("Ended");
    expect(await page.getByTestId("price-label").textContent()).toBe("Sold for");
    expect(await page.getByTestId("auction-price").textContent()).toBe("€250");
    await expect.poll(() => page.getByTestId("bid-cue").textContent()).toBe("You won this auction");
    expect(await page.getByTestId("connection").count()).toBe(0);
    expect(await page.getByTestId("bid-amount").count()).toBe(0);
    const panel = (await page.locator("section.panel").textContent()) ?? "";
    expect(panel).not.toMatch(/Current bid|Leading|● Live/);
    await page.screenshot({ path: join(artifactsDir, "site-ended-panel.png"), fullPage: true });
    await expectAccessible(page, "an ended auction");
    await page.close();
  });
});

describe("phones first", () => {
  it("fits the header on one row at 360 px, with a menu, and keeps a bid bar at hand", async () => {
    const auction = await createLive("Site e2e phone writing box");
    const phone = await newContext(PHONE, await bidder.storageState());
    const page = await phone.newPage();
    await openLive(page, auction.id);

    const boxes = await Promise.all(["header .brand", '[data-testid="header-search"]', '[data-testid="menu-button"]'].map((selector) => page.locator(selector).boundingBox()));
    const tops = boxes.map((box) => Math.round(box!.y + box!.height / 2));
    expect(Math.max(...tops) - Math.min(...tops), "brand, search and menu share one row").toBeLessThanOrEqual(8);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.getByTestId("nav-my").isVisible()).toBe(false);
    await page.getByTestId("menu-button").click();
    expect(await page.getByTestId("menu-button").getAttribute("aria-expanded")).toBe("true");
    expect(await page.getByTestId("nav-my").isVisible()).toBe(true);
    await page.screenshot({ path: join(artifactsDir, "site-phone-menu.png") });
    await page.getByTestId("menu-button").click();

    const bar = page.getByTestId("bid-bar");
    expect(await bar.isVisible()).toBe(true);
    const barBox = (await bar.boundingBox())!;
    expect(Math.round(barBox.y + barBox.height)).toBe(PHONE.height);
    expect(await bar.textContent()).toContain("€25");
    await page.screenshot({ path: join(artifactsDir, "site-phone-bid-bar.png") });
    await page.getByTestId("bid-bar-button").click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("bid-amount");
    await page.screenshot({ path: join(artifactsDir, "site-phone-auction.png"), fullPage: true });
    await expectAccessible(page, "a live auction at 360 px");
    await page.close();
  });
});

describe("forms that help", () => {
  it("puts an error summary at the top of the sell form and gives it focus", async () => {
    const seller = await newContext(DESKTOP);
    const page = await seller.newPage();
    await logIn(page, baseUrl, "seller@gavel.test", "/sell");
    await waitForHydration(page);
    await expectAccessible(page, "/sell");
    await page.getByRole("button", { name: "Publish" }).click();
    const summary = page.getByTestId("error-summary");
    await summary.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("error-summary");
    const text = (await summary.textContent()) ?? "";
    expect(text).toContain("Title: Use at least 5 characters.");
    expect(text).not.toMatch(/Too small|expected string/);
    await summary.getByRole("link", { name: /^Title:/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("field-title");
    await page.screenshot({ path: join(artifactsDir, "site-error-summary.png") });
    await expectAccessible(page, "/sell with errors");
  });

  it("greets a new account with Welcome and asks it to verify on every page", async () => {
    const visitor = await newContext(DESKTOP);
    const page = await visitor.newPage();
    await page.goto(`${baseUrl}/register`);
    await waitForHydration(page);
    await page.getByLabel("Display name").fill("Vera Newcomer");
    await page.getByLabel("Email").fill(`newcomer-${crypto.randomUUID()}@example.com`);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Welcome, Vera Newcomer" }).waitFor();
    const banner = page.getByTestId("verify-banner");
    expect(await banner.getByRole("link", { name: "Enter the code" }).getAttribute("href")).toBe("/verify-email");
    await expectAccessible(page, "home, new account");
    await page.goto(`${baseUrl}/search`);
    expect(await page.getByTestId("verify-banner").count()).toBe(1);
  });
});

describe("light pages", () => {
  it("finds a demo listing despite a typo, with a card thumbnail under 60 KB", async () => {
    const visitor = await newContext(DESKTOP);
    const page = await visitor.newPage();
    await page.goto(`${baseUrl}/search?q=omgea`);
    await waitForHydration(page);
    const card = page.getByTestId("auction-card").filter({ hasText: "Omega Seamaster" });
    await card.waitFor();
    const image = card.getByTestId("card-image");
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.currentSrc !== "")).toBe(true);
    const shown = await image.evaluate((element: HTMLImageElement) => element.currentSrc);
    const bytes = (await (await fetch(shown)).arrayBuffer()).byteLength;
    expect(bytes).toBeLessThan(60 * 1024);
    expect(await page.getByRole("group", { name: "Price (in each listing's currency)" }).count()).toBe(1);
    await expectAccessible(page, "/search");
  });

  it("weighs the home and search pages on a desktop screen", async () => {
    const visitor = await newContext(DESKTOP);
    const figures: Record<string, { transferred: number; images: number; imagesAtFullSize: number }> = {};
    for (const path of ["/", "/search"]) {
      const page = await visitor.newPage();
      const cdp = await visitor.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      let transferred = 0;
      let images = 0;
      const imageUrls = new Set<string>();
      const types = new Map<string, string>();
      cdp.on("Network.responseReceived", (event) => {
        types.set(event.requestId, event.type);
        if (event.type === "Image") imageUrls.add(new URL(event.response.url).pathname);
      });
      cdp.on("Network.loadingFinished", (event) => {
        transferred += event.encodedDataLength;
        if (types.get(event.requestId) === "Image") images += event.encodedDataLength;
      });
      await page.goto(`${baseUrl}${path}`, { waitUntil: "networkidle" });
      // What the same cards would cost with the photos themselves (the page before thumbnails).
      const listed = (await (await fetch(`${baseUrl}/api/auctions?limit=100`)).json()) as AuctionPage;
      const full = listed.items.flatMap((item) => (item.image?.thumbnail && imageUrls.has(item.image.thumbnail.url) ? [item.image.bytes - item.image.thumbnail.bytes] : []));
      figures[path] = { transferred, images, imagesAtFullSize: images + full.reduce((sum, extra) => sum + extra, 0) };
      await page.close();
    }
    writeFileSync(join(artifactsDir, "site-page-weight.json"), `${JSON.stringify(figures, null, 2)}\n`);
    // The issue measured 818 KB and 942 KB before; well under half is the goal.
    expect(figures["/"]!.transferred).toBeLessThan(409 * 1024);
    expect(figures["/search"]!.transferred).toBeLessThan(471 * 1024);
  });
});
