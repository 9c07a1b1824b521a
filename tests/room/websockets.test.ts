import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { IDENTITY_HEADER } from "../../worker/auction/room";
import { createAuction, roomOf, verifiedAccount } from "../auction-helpers";
import { ORIGIN, call, expectError } from "../helpers";
import { LiveClient } from "./sockets";

describe("live protocol", () => {
  it("sends a state snapshot with the server clock on connect", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const watcher = await LiveClient.connect(auction.id);
    const state = watcher.frames[0]!;
    expect(state.type).toBe("state");
    expect(state.type === "state" && state.auction).toMatchObject({ id: auction.id, status: "live", seq: 0 });
    expect(Math.abs(state.now - Date.now())).toBeLessThan(5000);
    watcher.close();
  });

  it("refuses permessage-deflate, which would cost the room one compression per socket per frame", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const offer = { upgrade: "websocket", "sec-websocket-extensions": "permessage-deflate; client_max_window_bits" };
    const upgrade = await exports.default.fetch(new Request(`${ORIGIN}/api/auctions/${auction.id}/live`, { headers: offer }));
    expect(upgrade.status).toBe(101);
    expect(upgrade.headers.get("sec-websocket-extensions")).toBeNull();
    upgrade.webSocket!.accept();
    upgrade.webSocket!.close(1000, "done");
  });

  it("lets anonymous sockets watch but not bid", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const watcher = await LiveClient.connect(auction.id);
    expect(await watcher.bid(5000)).toMatchObject({ type: "error", code: "UNAUTHENTICATED" });
    watcher.close();
  });

  it("acks a bid to its bidder and broadcasts it to every watcher", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const watcher = await LiveClient.connect(auction.id);
    const client = await LiveClient.connect(auction.id, { token: bidder.auth.accessToken });
    expect(await client.bid(1000)).toMatchObject({ type: "ack", seq: 1 });
    const seen = await watcher.next((frame) => frame.type === "bid" || frame.type === "bids");
    expect(seen).toMatchObject({ type: "bid", seq: 1, amount: 1000, bidder: "Bidder 1", kind: "bid" });
    await watcher.next((frame) => frame.type === "leaderboard");
    watcher.close();
    client.close();
  });

  it("replays the original ack for a retried requestId", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const client = await LiveClient.connect(auction.id, { token: bidder.auth.accessToken });
    const requestId = crypto.randomUUID();
    const first = await client.bid(1000, {}, requestId);
    client.frames.length = 0;
    const retry = await client.bid(1000, {}, requestId);
    expect(retry).toMatchObject({ type: "ack", seq: (first as { seq: number }).seq });
    const snapshot = await (await call(`/api/auctions/${auction.id}`)).json();
    expect(snapshot).toMatchObject({ bidCount: 1 });
    client.close();
  });

  it("answers malformed and invalid frames with an error and stays usable", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const client = await LiveClient.connect(auction.id, { token: bidder.auth.accessToken });
    client.send("{not json");
    await client.next((frame) => frame.type === "error" && frame.code === "MALFORMED_FRAME");
    client.send({ type: "bid", requestId: "not-a-uuid", amount: 1000 });
    await client.next((frame) => frame.type === "error" && frame.code === "INVALID_FRAME");
    client.send({ type: "bid", requestId: crypto.randomUUID(), amount: "1000" });
    await client.next((frame) => frame.type === "error" && frame.code === "INVALID_FRAME" && frame.message.includes("amount"));
    client.send({ type: "shout" });
    client.send({ type: "bid", requestId: crypto.randomUUID(), amount: 1000, bidderId: seller.auth.user.id });
    await client.next((frame) => frame.type === "error" && frame.code === "INVALID_FRAME" && frame.message.includes("bidderId"));
    expect(await client.bid(1000)).toMatchObject({ type: "ack", seq: 1 });
    client.close();
  });

  it("replays exactly the missed bids after a reconnect with sync", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [alice, bob] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    const aliceSocket = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    await aliceSocket.bid(1000);
    aliceSocket.close();

    const bobSocket = await LiveClient.connect(auction.id, { token: bob.auth.accessToken });
    await bobSocket.bid(1200);
    await bobSocket.bid(1300, { maxAmount: 2000 });

    const again = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    again.send({ type: "sync", since: 1 });
    const replay = await again.next((frame) => frame.type === "bids");
    expect(replay.type === "bids" && replay.items.map((item) => item.seq)).toEqual([2, 3]);
    again.close();
    bobSocket.close();
  });

  it("refuses upgrades from a foreign origin and non-upgrade requests", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    await expect(LiveClient.connect(auction.id, { origin: "https://evil.example" })).rejects.toThrow(/403/);
    const sameOrigin = await LiveClient.connect(auction.id, { origin: ORIGIN });
    sameOrigin.close();
    await expectError(await call(`/api/auctions/${auction.id}/live`), 400, "VALIDATION_FAILED");
  });

  it("makes a socket re-authenticate once its identity lapses (suspensions reach open sockets)", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const identity = { userId: bidder.auth.user.id, displayName: "Late", verified: true, roles: [], validUntil: Date.now() - 1 };
    const response = await roomOf(auction.id).fetch(`${ORIGIN}/live`, { headers: { upgrade: "websocket", [IDENTITY_HEADER]: JSON.stringify(identity) } });
    response.webSocket!.accept();
    const client = new LiveClient(response.webSocket!);
    expect(await client.bid(1000)).toMatchObject({ type: "error", code: "UNAUTHENTICATED" });
    client.close();
  });

  it("answers ping with pong without waking the room's code", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const watcher = await LiveClient.connect(auction.id);
    const pong = new Promise<string>((resolve) => watcher.socket.addEventListener("message", (event) => event.data === "pong" && resolve("pong")));
    watcher.socket.send("ping");
    expect(await pong).toBe("pong");
    watcher.close();
  });
});
