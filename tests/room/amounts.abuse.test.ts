import { describe, expect, it } from "vitest";
import { MAX_AMOUNT_MINOR } from "../../schema/money";
import { bidOver, createAuction, verifiedAccount } from "../auction-helpers";
import type { AuctionDetail } from "../../schema";
import { call, expectError } from "../helpers";
import { LiveClient } from "./sockets";

/**
 * The probe that froze an auction: two equal maxima of 2^53 - 1 drove the
 * price there and the next minimum past the safe-integer range. Amounts are
 * bounded by the shared schema, over HTTP and over the socket alike.
 */
describe("amounts at and beyond the bound", () => {
  it("refuses maxima beyond 10^12 minor units sent at once, and the auction keeps taking bids", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [alice, bob] = await Promise.all([verifiedAccount(), verifiedAccount()]);
    const auction = await createAuction(seller);
    const huge = Number.MAX_SAFE_INTEGER;
    const responses = await Promise.all([bidOver(auction.id, alice, { amount: 1000, maxAmount: huge }), bidOver(auction.id, bob, { amount: 1000, maxAmount: huge })]);
    for (const response of responses) await expectError(response, 400, "VALIDATION_FAILED");

    const socket = await LiveClient.connect(auction.id, { token: alice.auth.accessToken });
    expect(await socket.bid(1000, { maxAmount: MAX_AMOUNT_MINOR + 1 })).toMatchObject({ type: "error", code: "INVALID_FRAME" });
    expect(await socket.bid(1000, { maxAmount: MAX_AMOUNT_MINOR })).toMatchObject({ type: "ack" });
    socket.close();
    const challenger = await bidOver(auction.id, bob, { amount: 1100, maxAmount: MAX_AMOUNT_MINOR });
    expect(challenger.status).toBe(201);
    const detail = (await (await call(`/api/auctions/${auction.id}`)).json()) as AuctionDetail;
    expect(detail.currentPrice).toBe(MAX_AMOUNT_MINOR);
    expect(Number.isSafeInteger(detail.nextBidLimit)).toBe(true);
    await expectError(await bidOver(auction.id, bob, { amount: MAX_AMOUNT_MINOR }), 422, "BID_TOO_LOW");
  });
});
