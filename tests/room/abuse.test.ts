import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuctionRoom } from "../../worker/auction/room";
import { bidOver, createAuction, endNow, roomOf, verifiedAccount } from "../auction-helpers";
import { call, expectError } from "../helpers";
import { LiveClient } from "./sockets";

const BID_FRAMES_PER_SECOND = Number(env.LIVE_BID_FRAMES_PER_SECOND);

/** Log rows written straight into the room's storage: replay reads rows, it does not re-check them. */
async function seedLog(auctionId: string, count: number): Promise<void> {
  await runInDurableObject(roomOf(auctionId), (_instance: AuctionRoom, state) => {
    for (let seq = 1; seq <= count; seq += 1) {
      state.storage.sql.exec(
        "INSERT INTO bids (seq, bidder_id, alias, display_name, amount, kind, at, ends_at, details, hash) VALUES (?, 'b', 'Bidder 1', 'B', ?, 'bid', 0, 0, NULL, 'x')",
        seq,
        1000 + seq,
      );
    }
  });
}

describe("abuse that could starve a room", () => {
  it("closes a socket that floods bid frames with RATE_LIMITED and 1008", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const client = await LiveClient.connect(auction.id, { token: bidder.auth.accessToken });
    const sent = 10 * BID_FRAMES_PER_SECOND;
    for (let index = 0; index < sent; index += 1) {
      client.send({ type: "bid", requestId: crypto.randomUUID(), amount: 1000 + 100 * index });
    }
    await client.next((frame) => frame.type === "error" && frame.code === "RATE_LIMITED");
    expect(await client.closed).toBe(1008);
    const answered = client.frames.filter((frame) => frame.type === "ack" || (frame.type === "error" && frame.code !== "RATE_LIMITED"));
    // The burst is answered (plus whatever refilled while the room worked), the rest of the flood is not.
    expect(answered.length).toBeGreaterThanOrEqual(2 * BID_FRAMES_PER_SECOND);
    expect(answered.length).toBeLessThan(sent / 2);
  });

  it("closes a socket that floods sync frames, after answering its burst", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const watcher = await LiveClient.connect(auction.id);
    for (let index = 0; index < 8; index += 1) watcher.send({ type: "sync", since: 0 });
    await watcher.next((frame) => frame.type === "error" && frame.code === "RATE_LIMITED");
    expect(await watcher.closed).toBe(1008);
    expect(watcher.frames.filter((frame) => frame.type === "bids")).toHaveLength(5);
  });

  it("replays the log a page at a time", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    await seedLog(auction.id, 230);
    const watcher = await LiveClient.connect(auction.id);
    watcher.send({ type: "sync", since: 0 });
    const first = await watcher.next((frame) => frame.type === "bids");
    expect(first.items.map((item) => item.seq)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    watcher.frames.length = 0;
    watcher.send({ type: "sync", since: 200 });
    const rest = await watcher.next((frame) => frame.type === "bids");
    expect(rest.items.map((item) => item.seq)).toEqual(Array.from({ length: 30 }, (_, index) => index + 201));
    watcher.close();
  });

  it("answers an oversized frame with FRAME_TOO_LARGE and closes the socket with 1009", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const watcher = await LiveClient.connect(auction.id);
    watcher.send(JSON.stringify({ type: "sync", since: 0, pad: "x".repeat(1 << 20) }));
    await watcher.next((frame) => frame.type === "error" && frame.code === "FRAME_TOO_LARGE");
    expect(await watcher.closed).toBe(1009);
  });

  it("caps anonymous watchers per address, not logged-in ones or other addresses", async () => {
    const seller = await verifiedAccount(["seller"]);
    const viewer = await verifiedAccount();
    const auction = await createAuction(seller);
    const ip = "203.0.113.7";
    const watchers = await Promise.all(Array.from({ length: 20 }, () => LiveClient.connect(auction.id, { ip })));
    await expect(LiveClient.connect(auction.id, { ip })).rejects.toThrow(/429/);
    const response = await call(`/api/auctions/${auction.id}/live`, { headers: { upgrade: "websocket", "cf-connecting-ip": ip } });
    await expectError(response, 429, "RATE_LIMITED");
    const elsewhere = await LiveClient.connect(auction.id, { ip: "198.51.100.1" });
    const loggedIn = await LiveClient.connect(auction.id, { ip, token: viewer.auth.accessToken });
    watchers[0]!.close();
    await watchers[0]!.closed;
    const again = await LiveClient.connect(auction.id, { ip });
    for (const socket of [...watchers, elsewhere, loggedIn, again]) socket.close();
  });

  it("verifies each log entry once, continuing from the verified prefix", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const verify = async () => (await call(`/api/auctions/${auction.id}/bids/verify`)).json();
    const tamper = (seq: number) =>
      runInDurableObject(roomOf(auction.id), (_instance: AuctionRoom, state) => {
        state.storage.sql.exec("UPDATE bids SET amount = 1 WHERE seq = ?", seq);
      });
    await bidOver(auction.id, await verifiedAccount(), { amount: 1000 });
    expect(await verify()).toMatchObject({ valid: true, length: 1 });
    await bidOver(auction.id, await verifiedAccount(), { amount: 1100 });
    // Entry 1 is verified already: tampering with it now goes unseen until the room reloads; entry 2 is checked.
    await tamper(1);
    expect(await verify()).toMatchObject({ valid: true, length: 2 });
    await bidOver(auction.id, await verifiedAccount(), { amount: 1200 });
    await tamper(3);
    expect(await verify()).toMatchObject({ valid: false, brokenAtSeq: 3 });
    await evictDurableObject(roomOf(auction.id));
    expect(await verify()).toMatchObject({ valid: false, brokenAtSeq: 1 });
  });

  it("forgets an auction's idempotency records a set time after it settles", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const key = crypto.randomUUID();
    expect(await (await bidOver(auction.id, bidder, { amount: 1000 }, key)).json()).toEqual({ seq: 1 });
    await endNow(auction.id);
    await runDurableObjectAlarm(roomOf(auction.id));
    const requests = () =>
      runInDurableObject(roomOf(auction.id), (_instance: AuctionRoom, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM bid_requests").one().n);
    // Within the retention a retry still gets its original answer.
    expect(await (await bidOver(auction.id, bidder, { amount: 1000 }, key)).json()).toEqual({ seq: 1 });
    await expectError(await bidOver(auction.id, bidder, { amount: 5000 }), 422, "AUCTION_ENDED");
    expect(await requests()).toBe(1);

    await runInDurableObject(roomOf(auction.id), (_instance: AuctionRoom, state) => {
      state.storage.sql.exec("UPDATE room_meta SET value = ? WHERE key = 'requests_prune_at'", String(Date.now() - 1));
    });
    await evictDurableObject(roomOf(auction.id));
    await runDurableObjectAlarm(roomOf(auction.id));
    expect(await requests()).toBe(0);
    await expectError(await bidOver(auction.id, bidder, { amount: 1000 }, key), 422, "AUCTION_ENDED");
    expect(await requests()).toBe(0);
  });
});
