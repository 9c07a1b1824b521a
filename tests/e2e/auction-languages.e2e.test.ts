import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionDetail, AuthResult, CategoryTree, OutboxList } from "../../schema";
import { launchBrowser, logIn, waitForHydration } from "./browser";

/**
 * Issue 18 on the auction pages: a German bidder reads the bid box and the
 * price panel in German, with German prices, types a bid the German way
 * ("1.300,50") and has exactly that amount placed; the search page counts in
 * German and reads its price filter with German separators.
 */
const baseUrl = inject("baseUrl");
const PASSWORD = "gavel-demo-pass";
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function post<T>(path: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** A new account with its email verified through the dev outbox, so it may bid. */
async function verifiedBidder(): Promise<string> {
  const email = `bieter-${crypto.randomUUID()}@example.com`;
  const registered = await post<AuthResult>("/api/auth/register", { email, password: PASSWORD, displayName: "Bieterin Berta" });
  expect(registered.status).toBe(201);
  const outbox = (await (await fetch(`${baseUrl}/api/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as OutboxList;
  const code = /\b(\d{6})\b/.exec(outbox.items[0]!.text)![1]!;
  expect((await post("/api/auth/verify-email", { code }, registered.body.accessToken)).status).toBe(200);
  return email;
}

const plain = (text: string | null) => (text ?? "").replace(/[\u00a0\u202f]/g, " ").trim();

describe("the auction pages in German", () => {
  it("a German bidder bids 1.300,50 € on a page entirely in German, and search counts and filters the German way", async () => {
    const word = `kuckuck${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;
    const seller = await post<AuthResult>("/api/auth/login", { email: "seller@gavel.test", password: PASSWORD });
    expect(seller.status).toBe(200);
    const categoryId = ((await (await fetch(`${baseUrl}/api/categories`)).json()) as CategoryTree).items[0]!.id;
    const now = Date.now();
    const created = await post<AuctionDetail>(
      "/api/auctions",
      {
        title: `Schwarzwälder Kuckucksuhr ${word}`,
        description: "Eine handgeschnitzte Kuckucksuhr mit Gewichten und Pendel, läuft zuverlässig.",
        categoryId,
        condition: "good",
        location: "Triberg, Deutschland",
        publish: true,
        format: "forward",
        currency: "EUR",
        startingPrice: 123_450,
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      },
      seller.body.accessToken,
    );
    expect(created.status).toBe(201);

    const email = await verifiedBidder();
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, baseUrl, email, "/");
    // The language switch's cookie, as the header's switch sets it.
    await context.addCookies([{ name: "locale", value: "de", url: baseUrl }]);

    await page.goto(`${baseUrl}/auctions/${created.body.id}`);
    await waitForHydration(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("de");
    expect(plain(await page.getByTestId("auction-status").textContent())).toBe("Läuft");
    expect(plain(await page.getByTestId("price-label").textContent())).toBe("Startpreis");
    expect(plain(await page.getByTestId("auction-price").textContent())).toBe("1.234,50 €");
    expect(plain(await page.getByTestId("bid-minimum").textContent())).toBe("Mindestens 1.234,50 €");
    expect(await page.getByTestId("bid-amount").inputValue()).toBe("1234,50");
    await page.getByLabel("Ihr Gebot (EUR)").waitFor();
    await expect.poll(() => page.getByTestId("connection").getAttribute("data-state")).toBe("connected");

    await page.getByTestId("bid-amount").fill("1.300,50");
    await page.getByRole("button", { name: "Gebot abgeben", exact: true }).click();
    await expect.poll(async () => plain(await page.getByTestId("bid-placed").textContent())).toBe("Gebot abgegeben: 1.300,50 €. Sie sind Höchstbietender.");
    // The first bid holds the price at the start; the room took 1.300,50 as the bidder's amount (the message quotes what was sent).
    const placed = (await (await fetch(`${baseUrl}/api/auctions/${created.body.id}`)).json()) as AuctionDetail;
    expect(placed.bidCount).toBe(1);
    // Nothing on the panel or in the box is left in English.
    const panel = plain(await page.locator(".summary").textContent());
    for (const english of ["Current bid", "Bid placed", "Minimum", "Maximum bid", "Place bid", "Ends", "Bids"]) expect(panel).not.toContain(english);

    await page.goto(`${baseUrl}/search?q=${word}`);
    await waitForHydration(page);
    await expect.poll(async () => plain(await page.getByTestId("result-count").textContent())).toMatch(/^1 Auktion\b/);
    // A German price bound: "1.200,00" is twelve hundred (the price is 1.234,50 €), and the URL keeps minor units.
    await page.getByLabel("Von", { exact: true }).fill("1.200,00");
    await page.getByRole("button", { name: "Suchen", exact: true }).click();
    await page.waitForURL(/minPrice=120000/);
    await expect.poll(async () => plain(await page.getByTestId("result-count").textContent())).toMatch(/^1 Auktion\b/);
    await context.close();
  });
});
