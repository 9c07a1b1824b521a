import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionSnapshot, AuthResult, CategoryTree, ServerFrame } from "../../schema";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A token client: no Origin header, so the API answers with bearer tokens. */
async function loginAs(email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "gavel-demo-pass" }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as AuthResult).accessToken;
}

async function anyCategoryId(): Promise<string> {
  const tree = (await (await fetch(`${baseUrl}/api/categories`)).json()) as CategoryTree;
  return tree.items[0]!.id;
}

describe("live auction through the site's origin", () => {
  it("a browser watching over the WebSocket sees a bid placed over HTTP", async () => {
    const seller = await loginAs("seller@gavel.test");
    const bidder = await loginAs("bidder1@gavel.test");
    const now = Date.now();
    const created = await fetch(`${baseUrl}/api/auctions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${seller}` },
      body: JSON.stringify({
        title: "Live e2e lamp",
        description: "A brass desk lamp with a green glass shade, rewired.",
        categoryId: await anyCategoryId(),
        condition: "good",
        location: "Leeds, UK",
        publish: true,
        format: "forward",
        currency: "EUR",
        startingPrice: 2500,
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      }),
    });
    expect(created.status).toBe(201);
    const auction = (await created.json()) as AuctionSnapshot;

    const page = await browser.newPage();
    await page.goto(baseUrl);
    await page.evaluate((url) => {
      const frames: unknown[] = [];
      Object.assign(window, { liveFrames: frames });
      const socket = new WebSocket(url);
      socket.addEventListener("message", (event) => frames.push(JSON.parse(String(event.data))));
    }, `${baseUrl.replace("http", "ws")}/api/auctions/${auction.id}/live`);
    const frames = () => page.evaluate(() => (window as unknown as { liveFrames: ServerFrame[] }).liveFrames);
    await expect.poll(async () => (await frames())[0]?.type).toBe("state");

    const bid = await fetch(`${baseUrl}/api/auctions/${auction.id}/bids`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${bidder}`, "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({ amount: 3000 }),
    });
    expect(await bid.json()).toEqual({ seq: 1 });
    await expect
      .poll(async () => (await frames()).find((frame) => frame.type === "bid"))
      .toMatchObject({ type: "bid", seq: 1, amount: 2500, bidder: "Bidder 1" });
    await page.close();
  });
});
