import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuctionRoom } from "../../worker/auction/room";
import { createAuction, roomOf, verifiedAccount } from "../auction-helpers";
import { LiveClient } from "./sockets";

afterEach(() => vi.restoreAllMocks());

describe("unexpected failures in the room", () => {
  it("logs a frame handler's failure with the auction id, answers INTERNAL and keeps the socket", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const auction = await createAuction(seller);
    const client = await LiveClient.connect(auction.id, { token: bidder.auth.accessToken });
    const requestId = crypto.randomUUID();
    await runInDurableObject(roomOf(auction.id), (_instance: AuctionRoom, state) => {
      state.storage.sql.exec("INSERT INTO bid_requests (request_id, bidder_id, outcome, at) VALUES (?, ?, 'not json', 0)", requestId, bidder.auth.user.id);
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});

    client.send({ type: "bid", requestId, amount: 1000 });
    await client.next((frame) => frame.type === "error" && frame.code === "INTERNAL");
    const logged = errors.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>);
    expect(logged).toContainEqual(expect.objectContaining({ level: "error", room: auction.id, handler: "webSocketMessage" }));

    expect(await client.bid(1000)).toMatchObject({ type: "ack", seq: 1 });
    client.close();
  });
});
