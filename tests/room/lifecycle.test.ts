import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuctionDetail, AuctionSnapshot } from "../../schema";
import type { AuctionRoom } from "../../worker/auction/room";
import { bidOver, createAuction, endNow, roomOf, verifiedAccount } from "../auction-helpers";
import { call, expectError } from "../helpers";
import { LiveClient } from "./sockets";

async function resultRows(auctionId: string) {
  return (await env.DB.prepare("SELECT * FROM auction_results WHERE auction_id = ?").bind(auctionId).all()).results;
}

describe("eviction", () => {
  it("rebuilds the same state from storage and keeps bidding from the next seq", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [alice, bob] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    await bidOver(auction.id, alice, { amount: 1000, maxAmount: 2500 });
    await bidOver(auction.id, bob, { amount: 1500 });
    const before = await (await call(`/api/auctions/${auction.id}`)).json();

    const watcher = await LiveClient.connect(auction.id);
    await evictDurableObject(roomOf(auction.id), { webSockets: "hibernate" });
    expect(await (await call(`/api/auctions/${auction.id}`)).json()).toEqual(before);

    const response = await bidOver(auction.id, bob, { amount: 2000 });
    expect(await response.json()).toEqual({ seq: 5 });
    const seen = await watcher.next((frame) => (frame.type === "bid" || frame.type === "bids") && JSON.stringify(frame).includes('"seq":5'));
    expect(seen).toBeDefined();
    expect(await (await call(`/api/auctions/${auction.id}/bids/verify`)).json()).toMatchObject({ valid: true, length: 5 });
    watcher.close();
  });
});

describe("ending", () => {
  it("closes lazily on the first request after the end, even with no alarm", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    await bidOver(auction.id, bidder, { amount: 1000 });
    await endNow(auction.id);
    await expectError(await bidOver(auction.id, bidder, { amount: 5000 }), 422, "AUCTION_ENDED");
    const snapshot = (await (await call(`/api/auctions/${auction.id}`)).json()) as AuctionSnapshot;
    expect(snapshot.status).toBe("ended");
  });

  it("writes the result to D1 exactly once, even when the alarm runs twice (a sole bidder pays the opening price)", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    await bidOver(auction.id, bidder, { amount: 1200 });
    await endNow(auction.id);
    expect(await runDurableObjectAlarm(roomOf(auction.id))).toBe(true);
    await runDurableObjectAlarm(roomOf(auction.id));
    const rows = await resultRows(auction.id);
    expect(rows).toEqual([expect.objectContaining({ status: "ended", winner_id: bidder.auth.user.id, final_price: 1000, bid_count: 1, reserve_met: 1 })]);
    const catalog = await env.DB.prepare("SELECT status, current_price, bid_count FROM auctions WHERE id = ?").bind(auction.id).first();
    expect(catalog).toEqual({ status: "ended", current_price: 1000, bid_count: 1 });
  });

  it("retries the result write until D1 takes it", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    await bidOver(auction.id, bidder, { amount: 1000 });
    await endNow(auction.id);

    await env.DB.exec("ALTER TABLE auction_results RENAME TO auction_results_offline");
    try {
      await runDurableObjectAlarm(roomOf(auction.id));
      const pending = await runInDurableObject(roomOf(auction.id), (_instance: AuctionRoom, state) =>
        state.storage.sql.exec<{ id: string; attempts: number }>("SELECT id, attempts FROM outbox WHERE id = 'result'").toArray(),
      );
      expect(pending).toEqual([{ id: "result", attempts: 1 }]);
      expect(await runInDurableObject(roomOf(auction.id), (_instance: AuctionRoom, state) => state.storage.getAlarm())).not.toBeNull();
    } finally {
      await env.DB.exec("ALTER TABLE auction_results_offline RENAME TO auction_results");
    }
    await runInDurableObject(roomOf(auction.id), (_instance: AuctionRoom, state) => {
      state.storage.sql.exec("UPDATE outbox SET due_at = 0");
    });
    await evictDurableObject(roomOf(auction.id));
    await runDurableObjectAlarm(roomOf(auction.id));
    expect(await resultRows(auction.id)).toHaveLength(1);
    await runDurableObjectAlarm(roomOf(auction.id));
    expect(await resultRows(auction.id)).toHaveLength(1);
  });

  it("tells watchers the auction ended", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    await endNow(auction.id);
    const watcher = await LiveClient.connect(auction.id);
    const state = watcher.frames[0]!;
    expect(state.type === "state" && state.auction.status).toBe("ended");
    watcher.close();
  });
});

describe("cancel and award", () => {
  it("lets the seller cancel before the first bid only", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const first = await createAuction(seller);
    const cancelled = await call(`/api/auctions/${first.id}/cancel`, { method: "POST", token: seller.auth.accessToken });
    expect(((await cancelled.json()) as AuctionSnapshot).status).toBe("cancelled");
    await expectError(await bidOver(first.id, bidder, { amount: 1000 }), 422, "AUCTION_CANCELLED");

    const second = await createAuction(seller);
    await bidOver(second.id, bidder, { amount: 1000 });
    await expectError(await call(`/api/auctions/${second.id}/cancel`, { method: "POST", token: seller.auth.accessToken }), 409, "RULE_VIOLATION");
    await expectError(await call(`/api/auctions/${second.id}/cancel`, { method: "POST", token: bidder.auth.accessToken }), 403, "FORBIDDEN");
  });

  it("runs a reverse auction: providers undercut, the requester sees details and awards", async () => {
    const requester = await verifiedAccount();
    const [plumber, rival] = [await verifiedAccount(["seller"]), await verifiedAccount(["seller"])];
    const request = await createAuction(requester, { format: "reverse", title: "Fix a leaking tap", startingPrice: 20_000 });
    const details = { description: "New washer and cartridge", estimatedDuration: "1 hour" };
    await expectError(await bidOver(request.id, await verifiedAccount(), { amount: 15_000, details }), 403, "SELLER_ROLE_REQUIRED");
    expect((await bidOver(request.id, plumber, { amount: 18_000, details })).status).toBe(201);
    expect((await bidOver(request.id, rival, { amount: 16_000, details: { ...details, notes: "Weekends too" } })).status).toBe(201);
    await expectError(await bidOver(request.id, plumber, { amount: 16_000, details }), 422, "BID_TOO_HIGH");

    const asRequester = (await (await call(`/api/auctions/${request.id}/bids`, { token: requester.auth.accessToken })).json()) as { items: Array<Record<string, unknown>> };
    expect(asRequester.items[1]).toMatchObject({ amount: 16_000, details: { notes: "Weekends too" }, displayName: "Test User" });
    const asRival = (await (await call(`/api/auctions/${request.id}/bids`, { token: plumber.auth.accessToken })).json()) as { items: Array<Record<string, unknown>> };
    expect(asRival.items[1]).not.toHaveProperty("details");
    expect(asRival.items[1]).not.toHaveProperty("displayName");

    await expectError(await call(`/api/auctions/${request.id}/award`, { method: "POST", token: rival.auth.accessToken, body: { seq: 2 } }), 403, "FORBIDDEN");
    const awarded = await call(`/api/auctions/${request.id}/award`, { method: "POST", token: requester.auth.accessToken, body: { seq: 1 } });
    expect(((await awarded.json()) as AuctionSnapshot).status).toBe("awarded");
    await runDurableObjectAlarm(roomOf(request.id));
    expect(await resultRows(request.id)).toEqual([expect.objectContaining({ status: "awarded", winner_id: plumber.auth.user.id, final_price: 18_000 })]);
    // Anyone reading the request learns when, for how much and to whom it was awarded.
    const publicView = (await (await call(`/api/auctions/${request.id}`)).json()) as AuctionDetail;
    expect(publicView.award).toEqual({ at: expect.any(Number), price: 18_000, provider: { id: plumber.auth.user.id, displayName: "Test User" } });
  });
});
