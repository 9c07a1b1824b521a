import { describe, expect, it } from "vitest";
import type { AuctionSnapshot } from "../../schema";
import { auctionInput, bidOver, createAuction, verifiedAccount } from "../auction-helpers";
import { call, expectError, registerAccount } from "../helpers";

describe("creating auctions", () => {
  it("schedules a forward auction for a seller and opens it at its start", async () => {
    const seller = await verifiedAccount(["seller"]);
    const snapshot = await createAuction(seller);
    expect(snapshot).toMatchObject({ status: "live", currentPrice: null, nextBidLimit: 1000, bidCount: 0, seq: 0, format: "forward" });
    const fetched = await call(`/api/auctions/${snapshot.id}`);
    expect(((await fetched.json()) as AuctionSnapshot).id).toBe(snapshot.id);
  });

  it("needs the seller capability for forward auctions and a verified email", async () => {
    const bidder = await verifiedAccount();
    await expectError(await call("/api/auctions", { method: "POST", token: bidder.auth.accessToken, body: auctionInput() }), 403, "SELLER_ROLE_REQUIRED");
    const unverified = await registerAccount();
    const response = await call("/api/auctions", { method: "POST", token: unverified.auth.accessToken, body: auctionInput({ format: "reverse" }) });
    await expectError(response, 403, "NOT_VERIFIED");
    await expectError(await call("/api/auctions", { method: "POST", body: auctionInput() }), 401, "UNAUTHENTICATED");
  });

  it.each([
    ["a one-second auction", { endsAt: new Date(Date.now() + 1000).toISOString() }, "endsAt"],
    ["a start in the past", { startsAt: "2020-01-01T00:00:00.000Z", endsAt: "2020-01-02T00:00:00.000Z" }, "startsAt"],
    ["a reserve below the start", { reservePrice: 500 }, "reservePrice"],
    ["a fractional price", { startingPrice: 10.5 }, "startingPrice"],
    ["a lowercase currency", { currency: "eur" }, "currency"],
    ["a service request with buy-it-now", { format: "reverse", buyNowPrice: 5000 }, "buyNowPrice"],
  ] as const)("refuses %s with a field error", async (_, overrides, field) => {
    const seller = await verifiedAccount(["seller"]);
    const response = await call("/api/auctions", { method: "POST", token: seller.auth.accessToken, body: auctionInput(overrides) });
    const body = await expectError(response, 400, "VALIDATION_FAILED");
    expect(body.error.details.fieldErrors).toHaveProperty(field);
  });

  it("answers 404 for an unknown auction and 400 for a malformed id", async () => {
    await expectError(await call(`/api/auctions/${crypto.randomUUID()}`), 404, "NOT_FOUND");
    await expectError(await call("/api/auctions/not-an-id"), 400, "VALIDATION_FAILED");
  });
});

describe("bidding over HTTP", () => {
  it("accepts a bid, gives it a seq and updates the snapshot", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const response = await bidOver(auction.id, bidder, { amount: 1000 });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ seq: 1 });
    const snapshot = (await (await call(`/api/auctions/${auction.id}`, { token: bidder.auth.accessToken })).json()) as AuctionSnapshot;
    expect(snapshot).toMatchObject({ currentPrice: 1000, nextBidLimit: 1100, bidCount: 1, you: { alias: "Bidder 1", leading: true } });
  });

  it("answers a retry with the same Idempotency-Key with the original result, never bidding twice", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const key = crypto.randomUUID();
    const responses = await Promise.all([1, 2, 3].map(() => bidOver(auction.id, bidder, { amount: 1500 }, key)));
    for (const response of responses) expect(await response.json()).toEqual({ seq: 1 });
    const other = await verifiedAccount();
    const lowKey = crypto.randomUUID();
    await expectError(await bidOver(auction.id, other, { amount: 500 }, lowKey), 422, "BID_TOO_LOW");
    await expectError(await bidOver(auction.id, other, { amount: 5000 }, lowKey), 422, "BID_TOO_LOW");
    const snapshot = (await (await call(`/api/auctions/${auction.id}`)).json()) as AuctionSnapshot;
    expect(snapshot.bidCount).toBe(1);
  });

  it("refuses a key reused by another bidder", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [alice, bob] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    const key = crypto.randomUUID();
    expect((await bidOver(auction.id, alice, { amount: 1000 }, key)).status).toBe(201);
    await expectError(await bidOver(auction.id, bob, { amount: 2000 }, key), 409, "REQUEST_ID_REUSED");
  });

  it("enforces who may bid", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    await expectError(await bidOver(auction.id, seller, { amount: 5000 }), 422, "SELF_BIDDING");
    await expectError(await bidOver(auction.id, await registerAccount(), { amount: 5000 }), 403, "NOT_VERIFIED");
    const anonymous = await call(`/api/auctions/${auction.id}/bids`, {
      method: "POST",
      headers: { "idempotency-key": crypto.randomUUID() },
      body: { amount: 5000 },
    });
    await expectError(anonymous, 401, "UNAUTHENTICATED");
  });

  it.each([["a string", "1000"], ["a negative amount", -1], ["zero", 0], ["a fraction", 10.5], ["1e308", 1e308], ["null", null]])(
    "refuses %s as an amount with 400",
    async (_, amount) => {
      const seller = await verifiedAccount(["seller"]);
      const auction = await createAuction(seller);
      await expectError(await bidOver(auction.id, await verifiedAccount(), { amount }), 400, "VALIDATION_FAILED");
    },
  );

  it("needs an Idempotency-Key", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const response = await call(`/api/auctions/${auction.id}/bids`, { method: "POST", token: bidder.auth.accessToken, body: { amount: 1000 } });
    await expectError(response, 400, "VALIDATION_FAILED");
  });

  it("keeps a verifiable hash chain over the log", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const [alice, bob] = [await verifiedAccount(), await verifiedAccount()];
    await bidOver(auction.id, alice, { amount: 1000, maxAmount: 3000 });
    await bidOver(auction.id, bob, { amount: 2000 });
    const verify = await call(`/api/auctions/${auction.id}/bids/verify`);
    expect(await verify.json()).toMatchObject({ valid: true, length: 3 });
    const history = (await (await call(`/api/auctions/${auction.id}/bids`)).json()) as { items: Array<{ seq: number; kind: string; amount: number; bidder: string }> };
    expect(history.items.map((bid) => [bid.seq, bid.kind, bid.amount, bid.bidder])).toEqual([
      [1, "bid", 1000, "Bidder 1"],
      [2, "bid", 2000, "Bidder 2"],
      [3, "proxy", 2100, "Bidder 1"],
    ]);
    expect(JSON.stringify(history)).not.toContain("3000");
  });
});
