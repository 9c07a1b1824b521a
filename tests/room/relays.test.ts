import { evictDurableObject, listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AUCTION_OVER_CLOSE_CODE, type ServerFrame } from "../../schema";
import type { AuctionRelay } from "../../worker/auction/relay";
import { relayStub } from "../../worker/auction/relay-tier";
import type { AuctionRoom } from "../../worker/auction/room";
import { bidOver, createAuction, endNow, roomOf, verifiedAccount } from "../auction-helpers";
import { userChannel } from "../../worker/realtime/connections";
import { call, expectError, ORIGIN } from "../helpers";
import { LiveClient } from "./sockets";

/**
 * The relay tier, with the threshold at 2 sockets (vitest.config.ts): the
 * first two sockets of an auction are the room's, the next two relay 0's,
 * then relay 1's.
 */

async function relaysOf(auctionId: string): Promise<number[]> {
  const existing = new Set((await listDurableObjectIds(env.AUCTION_RELAY)).map((id) => id.toString()));
  return [0, 1, 2, 3].filter((index) => existing.has(env.AUCTION_RELAY.idFromName(`${auctionId}/relay/${index}`).toString()));
}

async function hasRelaySocket(auctionId: string, index: number, count: number): Promise<void> {
  const sockets = await runInDurableObject(relayStub(env, auctionId, index), (_instance: AuctionRelay, state) => state.getWebSockets().length);
  expect(sockets).toBe(count);
}

async function lastSeqOf(auctionId: string): Promise<number> {
  return ((await (await call(`/api/auctions/${auctionId}`)).json()) as { seq: number }).seq;
}

const upTo = (last: number) => Array.from({ length: last }, (_, index) => index + 1);

const carries = (seq: number) => (frame: ServerFrame) => (frame.type === "bid" && frame.seq === seq) || (frame.type === "bids" && frame.items.some((item) => item.seq === seq));

/** The frames after `state`, as everyone sees them (personal frames aside). */
const publicFrames = (client: LiveClient) => client.frames.slice(1).filter((frame) => frame.type !== "you");

describe("the relay tier", () => {
  it("serves sockets beyond the threshold from relays, which see exactly the room's frames, in order, once", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [alice, bob] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    const onRoom = [await LiveClient.connect(auction.id), await LiveClient.connect(auction.id)];
    const onRelays = [await LiveClient.connect(auction.id), await LiveClient.connect(auction.id), await LiveClient.connect(auction.id)];
    expect(await relaysOf(auction.id)).toEqual([0, 1]);
    await hasRelaySocket(auction.id, 0, 2);
    await hasRelaySocket(auction.id, 1, 1);
    // Relayed sockets refuse compression too: a relay's sends are the fan-out's hot loop.
    for (const client of [...onRoom, ...onRelays]) expect(client.extensions).toBeNull();
    expect(onRelays[0]!.frames[0]).toMatchObject({ type: "state", auction: { id: auction.id, seq: 0, you: null } });

    // Proxy bids make several entries per decision; a beaten maximum changes the leaderboard.
    // Each bid waits for its entries to reach a watcher, so the frames come from several flushes.
    const everyone = [...onRoom, ...onRelays];
    for (const [bidder, body] of [[alice, { amount: 1000, maxAmount: 3000 }], [bob, { amount: 2000 }], [bob, { amount: 3500 }], [alice, { amount: 4000 }]] as const) {
      await bidOver(auction.id, bidder, body);
      await onRelays[2]!.next(carries(await lastSeqOf(auction.id)));
    }
    const finalSeq = await lastSeqOf(auction.id);
    const { currentPrice } = (await (await call(`/api/auctions/${auction.id}`)).json()) as { currentPrice: number };
    for (const client of everyone) await client.next(carries(finalSeq));
    for (const client of everyone) await client.next((frame) => frame.type === "leaderboard" && frame.items[0]?.amount === currentPrice);

    const expected = publicFrames(onRoom[0]!);
    expect(expected.length).toBeGreaterThan(2);
    for (const client of everyone) {
      expect(publicFrames(client)).toEqual(expected);
      expect(client.bidSeqs()).toEqual(upTo(finalSeq));
    }
    for (const client of everyone) client.close();
  });

  it("forwards a relay socket's bids to the room and its answer back, and routes its personal frames", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [alice, bob] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    const onRoom = [await LiveClient.connect(auction.id), await LiveClient.connect(auction.id)];
    const aliceSocket = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    const anonymous = await LiveClient.connect(auction.id);
    await hasRelaySocket(auction.id, 0, 2);
    expect(aliceSocket.frames[0]).toMatchObject({ type: "state", auction: { you: { alias: null, leading: false } } });

    expect(await aliceSocket.bid(1000, { maxAmount: 1500 })).toMatchObject({ type: "ack", seq: 1 });
    expect(await aliceSocket.next((frame) => frame.type === "you" && frame.seq === 1)).toMatchObject({ you: { leading: true, limit: 1500 } });
    expect(await aliceSocket.bid(1200)).toMatchObject({ type: "error", code: "ALREADY_LEADING" });
    // The same request id again gets the first answer, through the relay as through the room.
    const requestId = crypto.randomUUID();
    await bidOver(auction.id, bob, { amount: 2000 });
    const outbid = await aliceSocket.next((frame) => frame.type === "you" && frame.seq === 3);
    expect(outbid).toMatchObject({ you: { leading: false, limit: 1500 } });
    const acked = await aliceSocket.bid(2500, {}, requestId);
    if (acked.type !== "ack") throw new Error(`expected an ack, got ${JSON.stringify(acked)}`);
    expect(await aliceSocket.bid(2500, {}, requestId)).toMatchObject({ type: "ack", seq: acked.seq });
    expect(await anonymous.bid(5000)).toMatchObject({ type: "error", code: "UNAUTHENTICATED" });

    // Nobody else gets Alice's standing.
    await anonymous.next(carries(acked.seq));
    await onRoom[0]!.next(carries(acked.seq));
    expect([...anonymous.frames, ...onRoom[0]!.frames].some((frame) => frame.type === "you")).toBe(false);

    // `sync` from a relay socket is the room's own replay.
    anonymous.send({ type: "sync", since: 1 });
    const replay = await anonymous.next((frame) => frame.type === "bids" && frame.items[0]?.seq === 2 && !("reserveMet" in frame));
    expect(replay.type === "bids" && replay.items.map((item) => item.seq)).toEqual(Array.from({ length: acked.seq - 1 }, (_, index) => index + 2));
    expect(await anonymous.next((frame) => frame.type === "status")).toMatchObject({ status: "live" });
    for (const client of [...onRoom, aliceSocket, anonymous]) client.close();
  });

  it("closes a relay socket when its session ends", async () => {
    const seller = await verifiedAccount(["seller"]);
    const alice = await verifiedAccount();
    const auction = await createAuction(seller);
    const onRoom = [await LiveClient.connect(auction.id), await LiveClient.connect(auction.id)];
    const aliceSocket = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    await hasRelaySocket(auction.id, 0, 1);
    // The Worker notes the room in the user's channel after the upgrade: ending the session reaches it from there.
    const notedRooms = () =>
      runInDurableObject(userChannel(env, alice.auth.user.id), (_channel, state) => state.storage.sql.exec<{ auction_id: string }>("SELECT auction_id FROM rooms").toArray());
    await expect.poll(notedRooms).toEqual([{ auction_id: auction.id }]);
    expect((await call("/api/auth/logout", { method: "POST", token: alice.auth.accessToken })).status).toBe(204);
    expect(await aliceSocket.closed).toBe(4001);
    for (const client of onRoom) client.close();
  });

  it("resyncs a relay evicted mid-auction, with no gap and no duplicate", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [alice, bob] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    const onRoom = [await LiveClient.connect(auction.id), await LiveClient.connect(auction.id)];
    const watcher = await LiveClient.connect(auction.id);
    await bidOver(auction.id, alice, { amount: 1000 });
    await watcher.next(carries(1));

    await evictDurableObject(relayStub(env, auction.id, 0), { webSockets: "hibernate" });
    await bidOver(auction.id, bob, { amount: 1500 });
    await bidOver(auction.id, alice, { amount: 2000 });
    const last = await lastSeqOf(auction.id);
    await watcher.next(carries(last));
    expect(watcher.bidSeqs()).toEqual(upTo(last));
    for (const client of [...onRoom, watcher]) client.close();
  });

  it("resyncs from the room when a publication was lost", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [alice, bob] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    const onRoom = [await LiveClient.connect(auction.id), await LiveClient.connect(auction.id)];
    const watcher = await LiveClient.connect(auction.id);
    await bidOver(auction.id, alice, { amount: 1000 });
    await watcher.next(carries(1));

    // A room that forgot its relay publishes seq 2 to its own sockets only: the relay never gets it.
    const setRelayCount = (count: number | null) =>
      runInDurableObject(roomOf(auction.id), (_room: AuctionRoom, state) => {
        state.storage.sql.exec("DELETE FROM room_meta WHERE key = 'relay_count'");
        if (count !== null) state.storage.sql.exec("INSERT INTO room_meta (key, value) VALUES ('relay_count', ?)", String(count));
      });
    await setRelayCount(null);
    await evictDurableObject(roomOf(auction.id), { webSockets: "hibernate" });
    await bidOver(auction.id, bob, { amount: 1500 });
    await onRoom[0]!.next(carries(2));
    expect(watcher.bidSeqs()).toEqual([1]);

    await setRelayCount(1);
    await evictDurableObject(roomOf(auction.id), { webSockets: "hibernate" });
    await bidOver(auction.id, alice, { amount: 2000 });
    const last = await lastSeqOf(auction.id);
    expect(last).toBeGreaterThan(2);
    await watcher.next(carries(last));
    expect(watcher.bidSeqs()).toEqual(upTo(last));
    for (const client of [...onRoom, watcher]) client.close();
  });

  it("closes the relays' sockets when the auction ends, after its last status, and forgets the auction", async () => {
    const seller = await verifiedAccount(["seller"]);
    const alice = await verifiedAccount();
    const auction = await createAuction(seller);
    const onRoom = [await LiveClient.connect(auction.id), await LiveClient.connect(auction.id)];
    const watchers = [await LiveClient.connect(auction.id), await LiveClient.connect(auction.id), await LiveClient.connect(auction.id)];
    await bidOver(auction.id, alice, { amount: 1000 });
    await endNow(auction.id);
    // Any request after the end closes the auction, and the room tells every relay.
    expect((await call(`/api/auctions/${auction.id}`)).status).toBe(200);
    for (const watcher of watchers) {
      expect(await watcher.closed).toBe(AUCTION_OVER_CLOSE_CODE);
      expect(watcher.frames.at(-1)).toMatchObject({ type: "status", status: "ended" });
      expect(watcher.bidSeqs()).toEqual([1]);
    }
    const stored = await runInDurableObject(relayStub(env, auction.id, 0), (_instance: AuctionRelay, state) => state.storage.kv.get("auction"));
    expect(stored).toBeUndefined();

    // An ended auction is never relayed: a late viewer gets its final state from the room.
    const late = await LiveClient.connect(auction.id);
    expect(late.frames[0]).toMatchObject({ type: "state", auction: { status: "ended" } });
    await expect(runInDurableObject(roomOf(auction.id), (_room: AuctionRoom, state) => state.getWebSockets().length)).resolves.toBeGreaterThan(0);
    await hasRelaySocket(auction.id, 0, 0);
    late.close();
    for (const client of onRoom) client.close();
  });

  it("creates no relay for an unknown auction id", async () => {
    const ids = Array.from({ length: 3 }, () => crypto.randomUUID());
    const upgrades = await Promise.all(
      ids.flatMap((id) => [0, 1, 2].map(() => exports.default.fetch(new Request(`${ORIGIN}/api/auctions/${id}/live`, { headers: { upgrade: "websocket" } })))),
    );
    for (const response of upgrades) await expectError(response, 404, "NOT_FOUND");
    for (const id of ids) expect(await relaysOf(id)).toEqual([]);
  });
});
