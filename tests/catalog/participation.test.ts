import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuctionDetail, AuctionPage, PrivateProfile, PublicProfile, WatchState } from "../../schema";
import { bidOver, createAuction, endNow, flushSummary, roomOf, verifiedAccount } from "../auction-helpers";
import { call, expectError, type Account } from "../helpers";

async function listOf(account: Account, path: string): Promise<string[]> {
  const response = await call(`/api/me/${path}`, { token: account.auth.accessToken });
  expect(response.status).toBe(200);
  return ((await response.json()) as AuctionPage).items.map((item) => item.id);
}

function watch(account: Account, auctionId: string, method: "PUT" | "DELETE") {
  return call(`/api/auctions/${auctionId}/watch`, { method, token: account.auth.accessToken });
}

describe("watchlist", () => {
  it("watches and unwatches idempotently, keeping the count exact", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [alice, bob] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await (await watch(alice, auction.id, "PUT")).json()) as WatchState).toEqual({ watching: true, watchCount: 1 });
    }
    expect(((await (await watch(bob, auction.id, "PUT")).json()) as WatchState).watchCount).toBe(2);
    expect(await listOf(alice, "watchlist")).toEqual([auction.id]);
    const detail = (await (await call(`/api/auctions/${auction.id}`, { token: alice.auth.accessToken })).json()) as AuctionDetail;
    expect(detail).toMatchObject({ watching: true, watchCount: 2 });
    expect((await (await watch(alice, auction.id, "DELETE")).json()) as WatchState).toEqual({ watching: false, watchCount: 1 });
    expect((await (await watch(alice, auction.id, "DELETE")).json()) as WatchState).toEqual({ watching: false, watchCount: 1 });
    expect(await listOf(alice, "watchlist")).toEqual([]);
    await expectError(await call(`/api/auctions/${auction.id}/watch`, { method: "PUT" }), 401, "UNAUTHENTICATED");
  });

  it("cannot watch someone's draft", async () => {
    const seller = await verifiedAccount(["seller"]);
    const draft = await createAuction(seller, { publish: false });
    await expectError(await watch(await verifiedAccount(), draft.id, "PUT"), 404, "NOT_FOUND");
  });
});

describe("my lists and profiles", () => {
  it("tracks auctions I bid on, won, listed, and counts them on profiles", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [winner, loser] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller, { endsAt: new Date(Date.now() + 2 * 60_000).toISOString() });
    const draft = await createAuction(seller, { publish: false });
    expect((await bidOver(auction.id, loser, { amount: 1000 })).status).toBe(201);
    expect((await bidOver(auction.id, winner, { amount: 2000 })).status).toBe(201);
    await flushSummary(auction.id);

    expect(await listOf(winner, "auctions")).toEqual([auction.id]);
    const mine = (await (await call("/api/me/auctions", { token: loser.auth.accessToken })).json()) as AuctionPage;
    expect(mine.items[0]!.yourBids).toEqual({ count: 1, highest: 1000 });
    const publicList = (await (await call(`/api/auctions?q=speedmaster&status=all`)).json()) as AuctionPage;
    expect(publicList.items.every((item) => item.yourBids === null)).toBe(true);
    expect(await listOf(loser, "auctions")).toEqual([auction.id]);
    expect(await listOf(seller, "listings")).toEqual(expect.arrayContaining([auction.id, draft.id]));
    expect(await listOf(winner, "won")).toEqual([]);

    await endNow(auction.id);
    await expectError(await bidOver(auction.id, loser, { amount: 5000 }), 422, "AUCTION_ENDED");
    await runDurableObjectAlarm(roomOf(auction.id));
    expect(await listOf(winner, "won")).toEqual([auction.id]);
    const listings = (await (await call("/api/me/listings?status=ended", { token: seller.auth.accessToken })).json()) as AuctionPage;
    expect(listings.items).toEqual([expect.objectContaining({ id: auction.id, result: { sold: true, finalPrice: 1100, reserveMet: true } })]);
    const drafts = (await (await call("/api/me/listings?status=draft", { token: seller.auth.accessToken })).json()) as AuctionPage;
    expect(drafts.items.map((item) => item.id)).toEqual([draft.id]);
    expect(await listOf(loser, "won")).toEqual([]);

    const profile = (await (await call(`/api/me/profile`, { token: winner.auth.accessToken })).json()) as PrivateProfile;
    expect(profile.counts).toMatchObject({ bids: 1, auctionsBidOn: 1, won: 1, watching: 0 });
    const sellerProfile = (await (await call(`/api/users/${seller.auth.user.id}`)).json()) as PublicProfile;
    expect(sellerProfile).toMatchObject({ displayName: "Test User", counts: { listings: 1, sold: 1, completedRequests: 0 } });
    expect(sellerProfile).not.toHaveProperty("email");
    await expectError(await call(`/api/users/${crypto.randomUUID()}`), 404, "NOT_FOUND");
  });

  it("keeps my lists private", async () => {
    await expectError(await call("/api/me/watchlist"), 401, "UNAUTHENTICATED");
    await expectError(await call("/api/me/won"), 401, "UNAUTHENTICATED");
  });
});
