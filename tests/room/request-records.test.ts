import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { AuctionRoom, BidderIdentity } from "../../worker/auction/room";
import { REFUSAL_RECORD_DELAY_MS } from "../../worker/auction/request-records";
import { bidOver, createAuction, roomOf, verifiedAccount } from "../auction-helpers";
import { expectError } from "../helpers";

/**
 * A refusal is answered before its replay record is written (request-records.ts):
 * a retry still gets the first answer, before the record is written, after it,
 * and after the room is evicted.
 */

function storedRequests(auctionId: string, requestId: string): Promise<number> {
  return runInDurableObject(roomOf(auctionId), (_instance: AuctionRoom, state) =>
    state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM bid_requests WHERE request_id = ?", requestId).one().n,
  );
}

function identityOf(userId: string): BidderIdentity {
  return { userId, displayName: userId, verified: true, roles: [] };
}

describe("the idempotency record of a refusal", () => {
  it("replays the first refusal to a retry, from memory and then from storage, even after eviction", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [leader, bidder] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    expect((await bidOver(auction.id, leader, { amount: 1000 })).status).toBe(201);
    const key = crypto.randomUUID();
    await expectError(await bidOver(auction.id, bidder, { amount: 500 }, key), 422, "BID_TOO_LOW");
    await expectError(await bidOver(auction.id, bidder, { amount: 500 }, key), 422, "BID_TOO_LOW");

    await vi.waitFor(async () => expect(await storedRequests(auction.id, key)).toBe(1), { timeout: 20 * REFUSAL_RECORD_DELAY_MS });
    await evictDurableObject(roomOf(auction.id));
    // The same key with an amount that would now be accepted still gets the first answer: no second decision.
    await expectError(await bidOver(auction.id, bidder, { amount: 500_000 }, key), 422, "BID_TOO_LOW");
    expect(await storedRequests(auction.id, key)).toBe(1);
  });

  it("answers a parallel burst of one refused request id with the same refusal, and records it once", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [leader, bidder] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    expect((await bidOver(auction.id, leader, { amount: 1000 })).status).toBe(201);
    const key = crypto.randomUUID();
    // Whichever arrives first is refused as too low; the rest replay that answer (a second decision would write a second record and fail on its key).
    const burst = await Promise.all(Array.from({ length: 20 }, (_, index) => bidOver(auction.id, bidder, { amount: 500 + index }, key)));
    const codes = await Promise.all(burst.map(async (response) => [response.status, ((await response.json()) as { error?: { code: string } }).error?.code]));
    expect(new Set(codes.map((code) => JSON.stringify(code)))).toEqual(new Set([JSON.stringify([422, "BID_TOO_LOW"])]));
    await vi.waitFor(async () => expect(await storedRequests(auction.id, key)).toBe(1), { timeout: 20 * REFUSAL_RECORD_DELAY_MS });
  });

  it("is written with the next acceptance when one comes first", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    // The room trusts the identity the Worker hands it; these two need no accounts.
    const [alice, bob] = [identityOf(crypto.randomUUID()), identityOf(crypto.randomUUID())];
    const refusedKey = crypto.randomUUID();
    // One turn of the room's event loop, so its write timer cannot fire in between.
    const [refusal, pendingAfterRefusal, acceptance, storedAfterAcceptance] = await runInDurableObject(
      roomOf(auction.id),
      async (room: AuctionRoom, state) => {
        const count = () => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM bid_requests WHERE request_id = ?", refusedKey).one().n;
        const refused = await room.bid(bob, { requestId: refusedKey, amount: 1 });
        const before = count();
        const accepted = await room.bid(alice, { requestId: crypto.randomUUID(), amount: 1000 });
        return [refused, before, accepted, count()] as const;
      },
    );
    expect(refusal).toMatchObject({ ok: false, code: "BID_TOO_LOW" });
    expect(pendingAfterRefusal).toBe(0);
    expect(acceptance).toEqual({ ok: true, seq: 1 });
    expect(storedAfterAcceptance).toBe(1);
  });
});
