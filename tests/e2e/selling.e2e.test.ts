import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { CategoryTree } from "../../schema";
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

/**
 * A new seller, the way one starts: registers in the browser, verifies with the
 * code from the dev outbox page, and is given the seller capability by an admin.
 */
async function registerSeller(page: Page): Promise<void> {
  const email = `seller-${crypto.randomUUID()}@example.com`;
  await page.goto(`${baseUrl}/register`);
  await page.getByLabel("Display name").fill("Nina Newseller");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByTestId("nav-account").waitFor();
  await page.goto(`${baseUrl}/dev/outbox`);
  const code = /\b(\d{6})\b/.exec((await page.getByTestId("outbox-message").filter({ hasText: email }).first().textContent()) ?? "")![1]!;
  await page.goto(`${baseUrl}/verify-email`);
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(`${baseUrl}/account?verified=1`);

  const me = (await (await page.request.get(`${baseUrl}/api/me`)).json()) as { user: { id: string } };
  const admin = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@gavel.test", password: "gavel-demo-pass" }),
  });
  const { accessToken } = (await admin.json()) as { accessToken: string };
  const granted = await fetch(`${baseUrl}/api/admin/users/${me.user.id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ roles: ["seller"] }),
  });
  expect(granted.status).toBe(200);
}

/** Drops files onto an element the way a desktop drag-and-drop does. */
async function dropFiles(page: Page, testId: string, files: Array<{ name: string; type: string; bytes: Buffer }>): Promise<void> {
  const payload = files.map((file) => ({ name: file.name, type: file.type, base64: file.bytes.toString("base64") }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, payload);
  const zone = page.getByTestId(testId);
  for (const type of ["dragenter", "dragover", "drop"]) await zone.dispatchEvent(type, { dataTransfer });
}

const randomWord = (prefix: string) =>
  `${prefix}${Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => String.fromCharCode(97 + (byte % 26))).join("")}`;

const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function categories(): Promise<CategoryTree["items"]> {
  const response = await fetch(`${baseUrl}/api/categories`);
  expect(response.status).toBe(200);
  return ((await response.json()) as CategoryTree).items;
}

describe("selling journey", () => {
  it("a new seller registers and verifies, drops two photos (one resized in the browser), saves a draft, publishes it from the edit page, edits it again and finds it by a description word", async () => {
    const items = await categories();
    const category = items.find((item) => item.depth > 0 && !item.slug.includes("service")) ?? items[0]!;
    const word = randomWord("quillon");
    const title = `Victorian writing slope ${randomWord("ws")}`;
    const seller = await browser.newContext({ timezoneId: "Europe/Lisbon" });
    const page = await seller.newPage();
    await registerSeller(page);
    await page.goto(`${baseUrl}/sell`);
    await page.getByRole("heading", { name: "Sell an item" }).waitFor();
    await waitForHydration(page);

    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill(`A walnut writing slope with brass corners and a velvet surface.\n\nMarked ${word} inside the lid.`);
    await page.getByLabel("Category").selectOption(category.id);
    await page.getByLabel("Condition").selectOption("good");
    await page.getByLabel("Location").fill("Porto, Portugal");
    await page.getByLabel("Starting price (EUR)").fill("40");

    // A 3000 × 2000 photo is scaled to 2048 px in the browser before upload; a small one goes up as it is.
    await dropFiles(page, "photo-drop-zone", [
      { name: "big.png", type: "image/png", bytes: solidPng(3000, 2000, [120, 60, 20]) },
      { name: "small.png", type: "image/png", bytes: solidPng(30, 40, [20, 60, 120]) },
    ]);
    const uploaded = page.locator('[data-testid="photo"][data-status="uploaded"]');
    await expect.poll(() => uploaded.count(), { timeout: 20_000 }).toBe(2);
    const big = page.getByTestId("photo").filter({ hasText: "big.png" });
    expect(await big.textContent()).toContain("2048 × 1365 (resized from 3000 × 2000)");
    expect(await page.getByTestId("photo").filter({ hasText: "small.png" }).textContent()).toContain("30 × 40");
    expect(await page.getByTestId("photo").filter({ hasText: "small.png" }).textContent()).not.toContain("resized");
    await page.getByRole("button", { name: "Move small.png up" }).click();
    await expect.poll(() => page.getByTestId("photo").first().textContent()).toContain("small.png");

    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    const auctionId = new URL(page.url()).pathname.split("/").pop()!;

    // The draft is in My listings with its badge and an edit link.
    await page.goto(`${baseUrl}/my/listings`);
    const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title, exact: true }) });
    await expect.poll(() => card.getByTestId("listing-status").textContent()).toBe("Draft");
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await overflowOf(page), "/my/listings").toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 720 });
    await card.getByRole("link", { name: `Edit ${title}` }).click();
    await page.waitForURL(`${baseUrl}/my/listings/${auctionId}/edit`);
    expect(await page.getByLabel("Title").inputValue()).toBe(title);
    expect(await page.getByLabel("Starting price (EUR)").inputValue()).toBe("40.00");
    expect(await page.getByTestId("photo").count()).toBe(2);

    // Publish from the edit page, with a better title.
    const publishedTitle = `${title} in walnut`;
    await page.getByLabel("Title").fill(publishedTitle);
    await page.getByRole("button", { name: "Save and publish" }).click();
    await page.waitForURL(`${baseUrl}/auctions/${auctionId}`);
    await page.getByRole("heading", { name: publishedTitle }).waitFor();

    // Before any bid, everything can still change: only the changed title is sent.
    await page.goto(`${baseUrl}/my/listings/${auctionId}/edit`);
    expect(await page.getByTestId("edit-status").textContent()).toMatch(/Live|Upcoming/);
    expect(await page.getByTestId("edit-locked").count()).toBe(0);
    const finalTitle = `Edited writing slope ${randomWord("ed")}`;
    await page.getByLabel("Title").fill(finalTitle);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByTestId("edit-saved").textContent()).toBe("Your changes are saved.");
    const detail = (await (await fetch(`${baseUrl}/api/auctions/${auctionId}`)).json()) as { title: string; images: Array<{ width: number; height: number }> };
    expect(detail.title).toBe(finalTitle);
    expect(detail.images.map((image) => [image.width, image.height])).toEqual([
      [30, 40],
      [2048, 1365],
    ]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await overflowOf(page), "edit page").toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifactsDir, "edit-listing-360.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.goto(`${baseUrl}/my/listings`);
    const published = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: finalTitle, exact: true }) });
    await expect.poll(() => published.getByTestId("listing-status").textContent()).toBe("Item");
    expect(await published.getByRole("button", { name: `Publish ${finalTitle}` }).count()).toBe(0);
    await page.screenshot({ path: join(artifactsDir, "my-listings.png"), fullPage: true });

    // The profile summary on the account page counts the published listing.
    await page.goto(`${baseUrl}/account`);
    await expect.poll(() => page.getByTestId("profile-counts").textContent()).toMatch(/Listings published/);
    await seller.close();

    // A visitor finds it by a word that is only in the description.
    const visitor = await browser.newContext();
    const search = await visitor.newPage();
    await search.goto(`${baseUrl}/search?q=${word}`);
    await expect.poll(() => search.getByTestId("result-count").textContent()).toMatch(/^\s*1 auction\b/);
    await search.getByRole("link", { name: finalTitle }).waitFor();
    await visitor.close();
  });

  it("a bidder posts a service request through /requests/new and lands on it", async () => {
    const items = await categories();
    const plumbing = items.find((item) => item.slug === "plumbing") ?? items.find((item) => item.depth > 0)!;
    const title = `Replace a leaking kitchen tap ${randomWord("rq")}`;
    const context = await browser.newContext({ timezoneId: "Europe/Berlin" });
    const page = await context.newPage();
    await logIn(page, baseUrl, "bidder1@gavel.test", "/requests/new");
    await waitForHydration(page);
    await page.getByRole("heading", { name: "Post a service request" }).waitFor();
    // Service categories come first.
    const firstOption = await page.getByLabel("Category").locator("option").nth(1).textContent();
    expect(firstOption?.trim()).toBe("Home services");
    expect(await page.getByTestId("nav-my").textContent()).toBe("My Gavel");

    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill("The mixer tap drips constantly and the cartridge seems worn; the sink is in a small flat.");
    await page.getByLabel("Category").selectOption(plumbing.id);
    await page.getByLabel("Location").fill("Berlin, Germany");
    await page.getByLabel("Budget from (EUR)").fill("150");
    await page.getByLabel("Budget up to (EUR)").fill("80");
    await page.getByLabel("Requirements (optional)").fill("Insured; can start within the week.");
    await page.getByRole("button", { name: "Post request" }).click();
    // The shared schema's cross-field rule, next to its field.
    await expect.poll(() => page.locator("#field-budgetMin-error").textContent()).toMatch(/minimum budget/i);
    expect(page.url()).toBe(`${baseUrl}/requests/new`);

    await page.getByLabel("Budget up to (EUR)").fill("250.50");
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await overflowOf(page), "/requests/new").toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole("button", { name: "Post request" }).click();
    await page.waitForURL(/\/auctions\/[0-9a-f-]{36}$/);
    const auctionId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByRole("heading", { name: title }).waitFor();

    const response = await fetch(`${baseUrl}/api/auctions/${auctionId}`);
    const detail = (await response.json()) as { format: string; status: string; budgetMin: number; startingPrice: number; currency: string; requirements: string };
    expect(detail).toMatchObject({ format: "reverse", status: "live", budgetMin: 15000, startingPrice: 25050, currency: "EUR", requirements: "Insured; can start within the week." });

    // It is among the requester's own listings.
    await page.goto(`${baseUrl}/my/listings`);
    const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title, exact: true }) });
    await expect.poll(() => card.getByTestId("listing-status").textContent()).toBe("Service request");
    await context.close();
  });
});
