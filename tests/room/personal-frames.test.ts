import { describe, expect, it } from "vitest";
import type { ServerFrame } from "../../schema";
import { createAuction, verifiedAccount } from "../auction-helpers";
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
