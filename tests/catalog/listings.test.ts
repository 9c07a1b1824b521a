import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuctionDetail } from "../../schema";
import { auctionInput, bidOver, createAuction, flushSummary, TEST_CATEGORY_ID, verifiedAccount } from "../auction-helpers";
import { call, expectError, registerAccount } from "../helpers";

function post(path: string, token: string, body: unknown) {
  return call(path, { method: "POST", token, body });
}

function patch(id: string, token: string, body: unknown) {
  return call(`/api/auctions/${id}`, { method: "PATCH", token, body });
}

describe("listing validation", () => {
  it.each([
    ["a short title", { title: "Cat" }, "title"],
    ["a long title", { title: "x".repeat(121) }, "title"],
    ["a short description", { description: "Too short" }, "description"],
    ["a long description", { description: "x".repeat(5001) }, "description"],
    ["no category", { categoryId: undefined }, "categoryId"],
    ["a malformed category id", { categoryId: "electronics" }, "categoryId"],
    ["an unknown category", { categoryId: crypto.randomUUID() }, "categoryId"],
    ["an unknown condition", { condition: "mint" }, "condition"],
    ["an empty location", { location: " " }, "location"],
    ["a lowercase currency", { currency: "eur" }, "currency"],
    ["a negative starting price", { startingPrice: -5 }, "startingPrice"],
    ["a fractional price", { startingPrice: 10.5 }, "startingPrice"],
    ["a reserve below the start", { reservePrice: 500 }, "reservePrice"],
    ["buy-it-now under the reserve", { reservePrice: 5000, buyNowPrice: 4000 }, "buyNowPrice"],
    ["a bid cap of zero", { bidCapPerBidder: 0 }, "bidCapPerBidder"],
    ["a soft close of two hours", { softCloseMinutes: 120 }, "softCloseMinutes"],
    ["an end before the start", { endsAt: new Date(Date.now() - 1000).toISOString() }, "endsAt"],
    ["a 31-day auction", { endsAt: new Date(Date.now() + 31 * 86_400_000).toISOString() }, "endsAt"],
    ["a start in the past", { startsAt: "2020-01-01T00:00:00.000Z", endsAt: "2020-01-02T00:00:00.000Z" }, "startsAt"],
    ["a malformed date", { startsAt: "tomorrow" }, "startsAt"],
    ["eleven images", { imageIds: Array.from({ length: 11 }, () => crypto.randomUUID()) }, "imageIds"],
    ["someone else's image", { imageIds: [crypto.randomUUID()] }, "imageIds"],
  ] as const)("refuses %s with a field error", async (_, overrides, field) => {
    const seller = await verifiedAccount(["seller"]);
    const body = await expectError(await post("/api/auctions", seller.auth.accessToken, auctionInput(overrides)), 400, "VALIDATION_FAILED");
    expect(body.error.details.fieldErrors).toHaveProperty(field);
  });

  it.each([
    ["a minimum budget above the maximum", { budgetMin: 30_000, budgetMax: 20_000 }, "budgetMin"],
    ["a deadline before offers close", { deadline: new Date(Date.now() + 60_000).toISOString() }, "deadline"],
    ["a condition", { condition: "new" }, "condition"],
  ] as const)("refuses a service request with %s", async (_, overrides, field) => {
    const requester = await verifiedAccount();
    const body = await expectError(await post("/api/auctions", requester.auth.accessToken, auctionInput({ format: "reverse", ...overrides })), 400, "VALIDATION_FAILED");
    expect(body.error.details.fieldErrors).toHaveProperty(field);
  });

  it.each(["currentPrice", "sellerId", "status", "role", "bidCount", "featuredAt"])("refuses mass assignment of %s on create and edit", async (key) => {
    const seller = await verifiedAccount(["seller"]);
    const created = await expectError(await post("/api/auctions", seller.auth.accessToken, { ...auctionInput(), [key]: "x" }), 400, "VALIDATION_FAILED");
    expect(created.error.details.fieldErrors).toHaveProperty(key);
    const auction = await createAuction(seller);
    const edited = await expectError(await patch(auction.id, seller.auth.accessToken, { [key]: "live" }), 400, "VALIDATION_FAILED");
    expect(edited.error.details.fieldErrors).toHaveProperty(key);
  });
});

describe("drafts, publishing and ownership", () => {
  it("saves a draft only its owner can see, then publishes it", async () => {
    const seller = await verifiedAccount(["seller"]);
    const other = await verifiedAccount(["seller"]);
    const draft = (await (await post("/api/auctions", seller.auth.accessToken, auctionInput({ publish: false }))).json()) as AuctionDetail;
    expect(draft).toMatchObject({ status: "draft", title: "Omega Speedmaster 1969", categoryPath: [{ id: TEST_CATEGORY_ID, slug: "test-things" }] });

    await expectError(await call(`/api/auctions/${draft.id}`), 404, "NOT_FOUND");
    await expectError(await call(`/api/auctions/${draft.id}`, { token: other.auth.accessToken }), 404, "NOT_FOUND");
    await expectError(await patch(draft.id, other.auth.accessToken, { title: "Mine now, thanks" }), 404, "NOT_FOUND");
    await expectError(await post(`/api/auctions/${draft.id}/publish`, other.auth.accessToken, {}), 404, "NOT_FOUND");
    await expectError(await call(`/api/auctions/${draft.id}`, { method: "DELETE", token: other.auth.accessToken }), 404, "NOT_FOUND");
    const search = (await (await call("/api/auctions?q=speedmaster&status=all")).json()) as { items: Array<{ id: string }> };
    expect(search.items.map((item) => item.id)).not.toContain(draft.id);

    expect((await call(`/api/auctions/${draft.id}`, { token: seller.auth.accessToken })).status).toBe(200);
    const published = await post(`/api/auctions/${draft.id}/publish`, seller.auth.accessToken, {});
    expect(published.status).toBe(200);
    expect(((await published.json()) as AuctionDetail).status).toBe("live");
    expect((await call(`/api/auctions/${draft.id}`)).status).toBe(200);
    await expectError(await post(`/api/auctions/${draft.id}/publish`, seller.auth.accessToken, {}), 409, "RULE_VIOLATION");
  });

  it("lets only the owner edit or cancel a published listing", async () => {
    const seller = await verifiedAccount(["seller"]);
    const other = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    await expectError(await patch(auction.id, other.auth.accessToken, { title: "Mine now, thanks" }), 403, "FORBIDDEN");
    await expectError(await post(`/api/auctions/${auction.id}/cancel`, other.auth.accessToken, {}), 403, "FORBIDDEN");
    const cancelled = await post(`/api/auctions/${auction.id}/cancel`, seller.auth.accessToken, {});
    expect(((await cancelled.json()) as AuctionDetail).status).toBe("cancelled");
  });

  it("needs a reason when an admin cancels someone's auction with bids", async () => {
    const seller = await verifiedAccount(["seller"]);
    const admin = await verifiedAccount(["admin"]);
    const auction = await createAuction(seller);
    expect((await bidOver(auction.id, await verifiedAccount(), { amount: 1000 })).status).toBe(201);
    await expectError(await post(`/api/auctions/${auction.id}/cancel`, seller.auth.accessToken, {}), 409, "RULE_VIOLATION");
    const missing = await expectError(await post(`/api/auctions/${auction.id}/cancel`, admin.auth.accessToken, {}), 400, "VALIDATION_FAILED");
    expect(missing.error.details.fieldErrors).toHaveProperty("reason");
    const cancelled = (await (await post(`/api/auctions/${auction.id}/cancel`, admin.auth.accessToken, { reason: "Counterfeit reported" })).json()) as AuctionDetail;
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "Counterfeit reported" });
  });

  it("lets any verified account post a service request, but only sellers list items", async () => {
    const member = await verifiedAccount();
    await expectError(await post("/api/auctions", member.auth.accessToken, auctionInput()), 403, "SELLER_ROLE_REQUIRED");
    const request = await createAuction(member, { format: "reverse" });
    expect(request).toMatchObject({ format: "reverse", budgetMin: 5_000, startingPrice: 20_000, condition: null });
    const unverified = await registerAccount();
    await expectError(await post("/api/auctions", unverified.auth.accessToken, auctionInput({ format: "reverse" })), 403, "NOT_VERIFIED");
  });

  it("deletes drafts but not published listings", async () => {
    const seller = await verifiedAccount(["seller"]);
    const draft = (await (await post("/api/auctions", seller.auth.accessToken, auctionInput({ publish: false }))).json()) as AuctionDetail;
    const auction = await createAuction(seller);
    expect((await call(`/api/auctions/${draft.id}`, { method: "DELETE", token: seller.auth.accessToken })).status).toBe(204);
    await expectError(await call(`/api/auctions/${draft.id}`, { token: seller.auth.accessToken }), 404, "NOT_FOUND");
    await expectError(await call(`/api/auctions/${auction.id}`, { method: "DELETE", token: seller.auth.accessToken }), 409, "RULE_VIOLATION");
  });
});

describe("editing", () => {
  it("changes anything before the first bid, and the room follows", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const edited = await patch(auction.id, seller.auth.accessToken, { title: "Omega Speedmaster Professional", startingPrice: 5000 });
    expect(edited.status).toBe(200);
    expect((await edited.json()) as AuctionDetail).toMatchObject({ title: "Omega Speedmaster Professional", startingPrice: 5000, nextBidLimit: 5000 });
    await expectError(await bidOver(auction.id, await verifiedAccount(), { amount: 1000 }), 422, "BID_TOO_LOW");
  });

  it("reschedules a live listing without bids, and the catalog row follows the room", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const hour = 3_600_000;
    const startsAt = new Date(Date.now() + hour).toISOString();
    const edited = await patch(auction.id, seller.auth.accessToken, { startsAt, endsAt: new Date(Date.now() + 3 * hour).toISOString() });
    expect((await edited.json()) as AuctionDetail).toMatchObject({ status: "scheduled", startsAt: Date.parse(startsAt) });
    await flushSummary(auction.id);
    const row = await env.DB.prepare("SELECT status, starts_at FROM auctions WHERE id = ?").bind(auction.id).first();
    expect(row).toEqual({ status: "scheduled", starts_at: Date.parse(startsAt) });
  });

  it("re-checks the merged listing, not just the fields sent", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller, { reservePrice: 3000 });
    const body = await expectError(await patch(auction.id, seller.auth.accessToken, { startingPrice: 5000 }), 400, "VALIDATION_FAILED");
    expect(body.error.details.fieldErrors).toHaveProperty("reservePrice");
  });

  it("after the first bid allows only description additions and images", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    expect((await bidOver(auction.id, await verifiedAccount(), { amount: 1000 })).status).toBe(201);
    for (const change of [{ title: "A different watch" }, { startingPrice: 1 }, { description: "Completely new description of the item." }]) {
      await expectError(await patch(auction.id, seller.auth.accessToken, change), 409, "LISTING_LOCKED");
    }
    const appended = await patch(auction.id, seller.auth.accessToken, { appendDescription: "The box has a small dent." });
    expect(appended.status).toBe(200);
    const detail = (await appended.json()) as AuctionDetail;
    expect(detail.description).toMatch(/^Calibre 861.*\n\nAdded \d{4}-\d\d-\d\d: The box has a small dent\.$/s);
    expect(detail.title).toBe("Omega Speedmaster 1969");
    expect(detail.bidCount).toBe(1);
  });

  it("refuses edits once the auction is over", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    await post(`/api/auctions/${auction.id}/cancel`, seller.auth.accessToken, {});
    await expectError(await patch(auction.id, seller.auth.accessToken, { appendDescription: "Too late" }), 409, "RULE_VIOLATION");
  });
});
