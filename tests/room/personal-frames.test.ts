import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ServerFrame } from "../../schema";
import type { Notice } from "../../worker/auction/notices";
import { queueNotices } from "../../worker/auction/outbox";
import type { AuctionRoom } from "../../worker/auction/room";
import { RoomStorage } from "../../worker/auction/room-storage";
import { createAuction, roomOf, verifiedAccount } from "../auction-helpers";
import { LiveClient } from "./sockets";

const isYou = (frame: ServerFrame): frame is Extract<ServerFrame, { type: "you" }> => frame.type === "you";

describe("personal frames", () => {
  it("tells each viewer whose standing changed, after the bids, and nobody else", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [alice, bob, carol] = [await verifiedAccount(), await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller, { bidCapPerBidder: 3 });
    const aliceSocket = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    const bobSocket = await LiveClient.connect(auction.id, { token: bob.auth.accessToken });
    const carolSocket = await LiveClient.connect(auction.id, { token: carol.auth.accessToken });
    const watcher = await LiveClient.connect(auction.id);

    expect(await aliceSocket.bid(1000, { maxAmount: 1500 })).toMatchObject({ type: "ack", seq: 1 });
    const leading = await aliceSocket.next((frame) => isYou(frame) && frame.seq === 1);
    expect(leading).toMatchObject({ you: { alias: "Bidder 1", leading: true, limit: 1500, bidCount: 1, bidsLeft: 2 } });

    expect(await bobSocket.bid(2000)).toMatchObject({ type: "ack", seq: 3 });
    const outbid = await aliceSocket.next((frame) => isYou(frame) && frame.seq === 3);
    expect(outbid).toMatchObject({ you: { leading: false, limit: 1500, bidCount: 1 } });
    const bobLeads = await bobSocket.next((frame) => isYou(frame) && frame.seq === 3);
    expect(bobLeads).toMatchObject({ you: { alias: "Bidder 2", leading: true, limit: 2000, bidCount: 1, bidsLeft: 2 } });

    // The price arrives before the standing that depends on it, with what the entries alone do not say.
    const aliceFrames = aliceSocket.frames;
    const bidsAt = aliceFrames.findIndex((frame) => (frame.type === "bid" || frame.type === "bids") && JSON.stringify(frame).includes('"seq":3'));
    expect(bidsAt).toBeGreaterThan(-1);
    expect(bidsAt).toBeLessThan(aliceFrames.indexOf(outbid));
    expect(aliceFrames[bidsAt]).toMatchObject({ reserveMet: true, buyNowPrice: null });

    await watcher.next((frame) => frame.type === "leaderboard");
    await carolSocket.next((frame) => frame.type === "leaderboard");
    expect(watcher.frames.filter(isYou)).toEqual([]);
    expect(carolSocket.frames.filter(isYou)).toEqual([]);
    // A refused bid changes nobody's standing.
    expect(await carolSocket.bid(1000)).toMatchObject({ type: "error", code: "BID_TOO_LOW" });
    for (const socket of [aliceSocket, bobSocket, carolSocket, watcher]) socket.close();
  });

  it("carries the viewer's standing in the snapshot too", async () => {
    const seller = await verifiedAccount(["seller"]);
    const alice = await verifiedAccount();
    const auction = await createAuction(seller);
    const first = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    await first.bid(1000, { maxAmount: 3000 });
    first.close();
    const again = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    const state = again.frames[0];
    expect(state?.type === "state" && state.auction.you).toEqual({ alias: "Bidder 1", leading: true, isSeller: false, limit: 3000, bidCount: 1, bidsLeft: null });
    again.close();
  });
});

describe("outbid notices in a bidding war", () => {
  it("wait in the outbox as one entry per bidder, the latest replacing the earlier, other notices apart", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const facts = { price: 1100, bidCount: 2, winnerId: null, reserveMet: true, startsAt: 0, endsAt: 0 };
    const notice = (event: Notice["event"], userId: string, occurrence: string, price: number): Notice => ({
      event,
      occurrence,
      userIds: [userId],
      watchers: false,
      excludeIds: [],
      facts: { ...facts, price },
    });
    const waiting = await runInDurableObject(roomOf(auction.id), (_instance: AuctionRoom, state) => {
      const store = new RoomStorage(state.storage);
      // Far in the future, so no alarm delivers them while the test looks.
      const now = Date.now() + 3_600_000;
      queueNotices(store, auction.id, [notice("outbid", "alice", "2", 1100), notice("outbid", "bob", "3", 1200)], now);
      queueNotices(store, auction.id, [notice("outbid", "alice", "4", 1300), notice("ending_soon", "alice", "", 1300)], now + 10);
      return state.storage.sql.exec<{ id: string; payload: string; due_at: number }>("SELECT id, payload, due_at FROM outbox WHERE id LIKE 'notice:outbid:%' OR id = 'notice:ending_soon:' ORDER BY id").toArray();
    });
    expect(waiting.map((entry) => entry.id)).toEqual(["notice:ending_soon:", "notice:outbid:alice", "notice:outbid:bob"]);
    const alice = waiting[1]!;
    expect(JSON.parse(alice.payload)).toMatchObject({ message: { occurrence: "4", facts: { price: 1300 } } });
    // The first outbid's due time stands: a war does not postpone the notice forever.
    expect(alice.due_at).toBe(waiting[2]!.due_at);
  });
});
