import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionDetail, CategoryTree } from "../../schema";
import { launchBrowser, logIn, waitForHydration } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

async function apiToken(email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "gavel-demo-pass" }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** A live CHF listing by the demo seller at CHF 2,374.00, with a title no other listing has. */
async function chfListing(marker: string): Promise<AuctionDetail> {
  const seller = await apiToken("seller@gavel.test");
  const categories = (await (await fetch(`${baseUrl}/api/categories`)).json()) as CategoryTree;
  const now = Date.now();
  const response = await fetch(`${baseUrl}/api/auctions`, {
    method: "POST",
    headers: { authorization: `Bearer ${seller}`, "content-type": "application/json" },
    body: JSON.stringify({
      format: "forward",
      title: `Chronograph ${marker}`,
      description: "A Swiss chronograph, serviced, with box and papers.",
      categoryId: categories.items.find((category) => category.slug === "watches")!.id,
      condition: "good",
      location: "Zurich",
      currency: "CHF",
      startingPrice: 237_400,
      increment: { kind: "fixed", amount: 100 },
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 2 * 60 * 60 * 1000).toISOString(),
      publish: true,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as AuctionDetail;
}

/** Intl puts a no-break space between "CHF" and the amount. */
const plain = (text: string | null) => text?.replace(/[\u00a0\u202f]/g, " ") ?? null;

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await waitForHydration(page);
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("prices in the viewer's currency", () => {
  it("show a CHF auction at about ¥ to a viewer who chose JPY, while the bid box and the bids stay in CHF", async () => {
    // An admin loads the day's ECB rates in the console.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await logIn(admin, baseUrl, "admin@gavel.test", "/admin/rates");
    await waitForHydration(admin);
    await admin.getByLabel("Base currency (ISO 4217)").fill("EUR");
    await admin.getByLabel("Source").fill("ECB");
    await admin.getByLabel("Rates", { exact: true }).fill("CHF 0.9362\nJPY 162.47\nUSD 1.0523");
    await admin.getByRole("button", { name: "Load rates" }).click();
    await admin.getByRole("status").filter({ hasText: "Loaded 3 EUR rates" }).waitFor();
    expect(await admin.getByTestId("rates-table").textContent()).toContain("1 EUR = JPY");
    await adminContext.close();

    const marker = crypto.randomUUID().slice(0, 8);
    const auction = await chfListing(marker);

    // A bidder picks yen on the search page (a cookie: no JavaScript needed) and opens the auction.
    const context = await browser.newContext({ locale: "en-US" });
    const viewer = await context.newPage();
    await logIn(viewer, baseUrl, "bidder1@gavel.test", `/search?q=${marker}`);
    await waitForHydration(viewer);
    await viewer.getByLabel("Also show prices in").selectOption("JPY");
    await viewer.getByTestId("currency-picker").getByRole("button").click();
    // CHF 2,374.00 / 0.9362 × 162.47 = ¥411,989, on the search result's card too.
    const card = viewer.locator(`[data-testid="auction-card"][data-id="${auction.id}"]`);
    await expect.poll(() => card.getByTestId("approx-price").textContent()).toContain("≈ ¥411,989");

    const page = await open(context, `/auctions/${auction.id}`);
    expect(plain(await page.getByTestId("auction-price").textContent())).toBe("CHF 2,374");
    const approximate = page.getByTestId("approx-price");
    expect(await approximate.locator('[aria-hidden="true"]').textContent()).toBe("≈ ¥411,989");
    expect(await approximate.getAttribute("title")).toMatch(/^Approximately ¥411,989: converted from CHF .* Bids are in CHF\.$/);

    // The bid box speaks CHF only: its label, its minimum, and what it sends.
    expect(await page.locator("label", { hasText: "Your bid" }).textContent()).toContain("CHF");
    expect(await page.getByTestId("bid-minimum").textContent()).toContain("CHF");
    expect(await page.getByTestId("bid-minimum").textContent()).not.toContain("¥");
    expect(await page.getByTestId("bid-amount").inputValue()).toBe("2374.00");
    await page.getByTestId("bid-submit").click();
    await page.locator('[data-testid="bid-history"] li[data-seq="1"]').waitFor();
    expect(plain(await page.locator('[data-testid="bid-history"] li[data-seq="1"] .amount').textContent())).toBe("CHF 2,374");

    // The room took the bid in CHF minor units, exactly as typed.
    const bids = (await (await fetch(`${baseUrl}/api/auctions/${auction.id}/bids`)).json()) as { items: Array<{ amount: number }> };
    expect(bids.items.map((bid) => bid.amount)).toEqual([237_400]);
    const detail = (await (await fetch(`${baseUrl}/api/auctions/${auction.id}`)).json()) as AuctionDetail;
    expect({ currency: detail.currency, currentPrice: detail.currentPrice }).toEqual({ currency: "CHF", currentPrice: 237_400 });
    await context.close();
  });
});
