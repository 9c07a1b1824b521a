import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionDetail, AuthResult, CategoryTree, OutboxList } from "../../schema";
import { launchBrowser, logIn, waitForHydration } from "./browser";

/**
 * A bidder who chose Japanese with the header's language switch is outbid,
 * and the mail the local stack sends them (the dev outbox page) is Japanese,
 * with the same links as in every language. Fresh accounts, so no other test
 * sees the language change.
 */
const baseUrl = inject("baseUrl");
const PASSWORD = "gavel-demo-pass";
let browser: Browser;
const contexts: BrowserContext[] = [];

async function apiCall(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      "idempotency-key": crypto.randomUUID(),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** Registers through the API and verifies with the code from the outbox, as a person would from their inbox. */
async function verifiedAccount(name: string): Promise<{ email: string; token: string }> {
  const email = `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const registered = await apiCall("/api/auth/register", { method: "POST", body: { email, password: PASSWORD, displayName: name } });
  expect(registered.status).toBe(201);
  const token = ((await registered.json()) as AuthResult).accessToken;
  const outbox = (await (await fetch(`${baseUrl}/api/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as OutboxList;
  const code = /\b(\d{6})\b/.exec(outbox.items[0]!.subject)![1];
  expect((await apiCall("/api/auth/verify-email", { method: "POST", token, body: { code } })).status).toBe(200);
  return { email, token };
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("mail in the recipient's language", () => {
  it("a Japanese account gets its outbid mail in Japanese", async () => {
    const login = await apiCall("/api/auth/login", { method: "POST", body: { email: "seller@gavel.test", password: PASSWORD } });
    const sellerToken = ((await login.json()) as AuthResult).accessToken;
    const categoryId = ((await (await fetch(`${baseUrl}/api/categories`)).json()) as CategoryTree).items[0]!.id;
    const now = Date.now();
    const created = await apiCall("/api/auctions", {
      method: "POST",
      token: sellerToken,
      body: {
        title: `Brass telescope ${crypto.randomUUID().slice(0, 8)}`,
        description: "A brass ship's telescope with its leather case, fully extending.",
        categoryId,
        condition: "good",
        location: "Bristol, UK",
        publish: true,
        format: "forward",
        currency: "JPY",
        startingPrice: 20_000,
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const auction = (await created.json()) as AuctionDetail;
    const [tanaka, rival] = [await verifiedAccount("tanaka"), await verifiedAccount("rival")];

    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await logIn(page, baseUrl, tanaka.email, "/");
    await waitForHydration(page);
    const languageSwitch = page.getByTestId("header-language");
    await languageSwitch.getByRole("combobox").selectOption("ja");
    await languageSwitch.getByRole("button").click();
    await page.locator('html[lang="ja"]').waitFor({ state: "attached" });

    const bid = await page.request.post(`${baseUrl}/api/auctions/${auction.id}/bids`, {
      headers: { origin: baseUrl, "idempotency-key": crypto.randomUUID() },
      data: { amount: 20_000 },
    });
    expect(bid.status()).toBe(201);
    expect((await apiCall(`/api/auctions/${auction.id}/bids`, { method: "POST", token: rival.token, body: { amount: 30_000 } })).status).toBe(201);

    const subject = `高値で入札されました：${auction.title}`;
    const mail = page.getByTestId("outbox-message").filter({ hasText: tanaka.email }).filter({ hasText: subject });
    await expect
      .poll(
        async () => {
          await page.goto(`${baseUrl}/dev/outbox`);
          return mail.count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(1);
    const text = (await mail.textContent()) ?? "";
    expect(text).toContain(`「${auction.title}」の現在の価格は`);
    expect(text).toContain("あなたは最高入札者ではなくなりました");
    expect(text).toContain("このメールの配信を停止する：");
    expect(text).not.toContain("You were outbid");
    // The same address as in every language: the page opens in Japanese because the account chose it.
    expect(text).toContain(`/auctions/${auction.id}\n`);

    await page.goto(`${baseUrl}/auctions/${auction.id}`);
    expect(await page.locator("html").getAttribute("lang")).toBe("ja");
  });
});
