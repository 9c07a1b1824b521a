import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Category, CategoryTree } from "../../schema";
import { artifactsDir, launchBrowser, logIn, waitForHydration } from "./browser";
import { solidPng } from "./png";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A category below the top level, so searching its own slug proves the filter goes past the roots. */
async function someSubcategory(): Promise<Category> {
  const response = await fetch(`${baseUrl}/api/categories`);
  expect(response.status).toBe(200);
  const { items } = (await response.json()) as CategoryTree;
  const category = items.find((item) => item.depth > 0) ?? items[0];
  if (!category) throw new Error("the demo data has no categories");
  return category;
}

describe("catalog journey", () => {
  it("a seller lists an item with two photos, and a visitor finds it by word, category and price", async () => {
    const category = await someSubcategory();
    const word = `zephyr${Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => String.fromCharCode(97 + (byte % 26))).join("")}`;
    const title = `Brass ship chronometer ${word}`;
    const seller = await browser.newContext({ timezoneId: "America/New_York" });
    const page = await seller.newPage();
    await logIn(page, baseUrl, "seller@gavel.test", "/sell");
    await page.getByRole("heading", { name: "Sell an item" }).waitFor();
    await waitForHydration(page);

    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill("Too short");
    await page.getByLabel("Category").selectOption(category.id);
    await page.getByLabel("Condition").selectOption("good");
    await page.getByLabel("Location").fill("Lisbon, Portugal");
    await page.getByLabel("Starting price (EUR)").fill("12.50");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => page.locator("#field-description-error").textContent()).toMatch(/20/);
    expect(page.url()).toBe(`${baseUrl}/sell`);

    await page.getByLabel("Description").fill(`A marine chronometer in a brass case, keeps time well.\n\nThe ${word} edition, with its original key.`);
    await page.getByLabel("Photos", { exact: true }).setInputFiles([
      { name: "wide.png", mimeType: "image/png", buffer: solidPng(48, 32, [200, 90, 30]) },
      { name: "tall.png", mimeType: "image/png", buffer: solidPng(24, 36, [30, 90, 200]) },
    ]);
    const uploaded = page.locator('[data-testid="photo"][data-status="uploaded"]');
    await expect.poll(() => uploaded.count()).toBe(2);
    // The tall photo becomes the cover.
    await page.getByRole("button", { name: "Move wide.png down" }).click();
    await expect.poll(() => page.getByTestId("photo").first().textContent()).toContain("tall.png");

    await page.getByRole("button", { name: "Publish" }).click();
    await page.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    const auctionUrl = page.url();
    await page.getByRole("heading", { name: title }).waitFor();
    expect(await page.getByTestId("auction-status").textContent()).toBe("Live");
    expect(await page.getByTestId("auction-price").textContent()).toBe("€12.50");
    expect(await page.getByRole("list", { name: "Photos" }).getByRole("listitem").count()).toBe(2);
    const cover = page.getByTestId("gallery-main");
    expect([await cover.getAttribute("width"), await cover.getAttribute("height")]).toEqual(["24", "36"]);
    await page.getByRole("link", { name: "Show photo 2 of 2" }).click();
    await expect.poll(() => cover.getAttribute("width")).toBe("48");
    await page.screenshot({ path: join(artifactsDir, "auction.png"), fullPage: true });
    await seller.close();

    const visitor = await browser.newContext();
    const search = await visitor.newPage();
    await search.goto(`${baseUrl}/search`);
    await waitForHydration(search);
    await search.getByLabel("Search", { exact: true }).fill(word);
    await search.getByLabel("Category").selectOption(category.slug);
    await search.getByLabel("From", { exact: true }).fill("10");
    await search.getByLabel("To", { exact: true }).fill("20");
    await search.getByRole("button", { name: "Search" }).click();
    await search.waitForURL((url) => url.searchParams.get("q") === word);
    const params = new URL(search.url()).searchParams;
    expect(Object.fromEntries(params)).toMatchObject({ category: category.slug, minPrice: "1000", maxPrice: "2000" });
    expect(params.has("min")).toBe(false);
    await expect.poll(() => search.getByTestId("result-count").textContent()).toMatch(/^\s*1 auction\b/);
    await search.screenshot({ path: join(artifactsDir, "search.png"), fullPage: true });

    // Outside the price range, the same words find nothing.
    await search.goto(`${baseUrl}/search?q=${word}&category=${category.slug}&minPrice=1300`);
    await expect.poll(() => search.getByTestId("result-count").textContent()).toMatch(/^\s*0 auctions\b/);
    await search.goBack();
    await search.getByRole("link", { name: title }).click();
    await search.waitForURL(auctionUrl);
    await search.getByRole("heading", { name: title }).waitFor();
    expect(await search.getByRole("link", { name: "Log in to watch" }).count()).toBe(1);
    await visitor.close();
  });

  it("sends visitors to log in before selling and tells bidders selling needs the seller capability", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sell`);
    expect(page.url()).toBe(`${baseUrl}/login?next=/sell`);
    await page.getByLabel("Email").fill("bidder1@gavel.test");
    await page.getByLabel("Password").fill("gavel-demo-pass");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${baseUrl}/sell`);
    await page.getByTestId("seller-required").waitFor();
    expect(await page.getByLabel("Title").count()).toBe(0);
    await context.close();
  });

  it("works without JavaScript: search with typed prices lands on the canonical URL", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/search`);
    await page.getByLabel("From", { exact: true }).fill("5");
    await page.getByLabel("To", { exact: true }).fill("2500.5");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.has("maxPrice"));
    const params = new URL(page.url()).searchParams;
    expect([params.get("minPrice"), params.get("maxPrice"), params.has("min")]).toEqual(["500", "250050", false]);
    expect(await page.getByLabel("To", { exact: true }).inputValue()).toBe("2500.50");
    await context.close();
  });

  it("has no horizontal scroll on a 360 px phone", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const overflowOf = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const path of ["/", "/search"]) {
      await page.goto(`${baseUrl}${path}`);
      expect(await overflowOf(), path).toBeLessThanOrEqual(0);
    }
    const firstResult = page.getByTestId("auction-card").first().getByRole("link");
    if ((await firstResult.count()) > 0) {
      await firstResult.click();
      await page.waitForURL(/\/auctions\//);
      expect(await overflowOf(), page.url()).toBeLessThanOrEqual(0);
    }
    await logIn(page, baseUrl, "seller@gavel.test", "/sell");
    expect(await overflowOf(), "/sell").toBeLessThanOrEqual(0);
    await context.close();
  });
});
