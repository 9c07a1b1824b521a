import { createExecutionContext, listDurableObjectIds, runDurableObjectAlarm, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuctionDetail } from "../../schema";
import worker from "../../worker/index";
import { adminAccount } from "../admin/admin-helpers";
import { bidOver, createAuction, roomOf, verifiedAccount } from "../auction-helpers";
import { call, expectError, ORIGIN, randomIp, type Account } from "../helpers";
import { waitForNotifications } from "../notifications/channel";
import { orderIdOf } from "../order-helpers";

afterEach(() => vi.restoreAllMocks());

const endNow = (auctionId: string, account?: Account) => call(`/api/dev/auctions/${auctionId}/end`, { method: "POST", token: account?.auth.accessToken });

describe("POST /api/dev/auctions/{id}/end", () => {
  it("ends a live auction at once, as its end would: result, order and notices", async () => {
    const admin = await adminAccount();
    const seller = await verifiedAccount(["seller"]);
    const [buyer, runnerUp] = [await verifiedAccount(), await verifiedAccount()];
    const auction = await createAuction(seller);
    expect((await bidOver(auction.id, runnerUp, { amount: 1000 })).status).toBe(201);
    expect((await bidOver(auction.id, buyer, { amount: 1100 })).status).toBe(201);

    const before = Date.now();
    expect((await endNow(auction.id, admin)).status).toBe(204);
    const detail = (await (await call(`/api/auctions/${auction.id}`)).json()) as AuctionDetail;
    expect(detail.status).toBe("ended");
    expect(detail.endsAt).toBeGreaterThanOrEqual(before);
    expect(detail.endsAt).toBeLessThan(auction.endsAt);
    await runDurableObjectAlarm(roomOf(auction.id));
    expect(await orderIdOf(auction.id)).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await waitForNotifications(auction.id, (found) => found.some((row) => row.event === "won") && found.some((row) => row.event === "lost"));
    expect(rows.find((row) => row.event === "won")?.user_id).toBe(buyer.auth.user.id);
    expect(rows.find((row) => row.event === "lost")?.user_id).toBe(runnerUp.auth.user.id);
    await expectError(await endNow(auction.id, admin), 409, "RULE_VIOLATION");
  });

  it("is for admins: 401 without a token, 403 for the seller and bidders, and nothing ends", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    const [anonymous, asSeller, asBidder] = await Promise.all([endNow(auction.id), endNow(auction.id, seller), endNow(auction.id, await verifiedAccount())]);
    await expectError(anonymous, 401, "UNAUTHENTICATED");
    await expectError(asSeller, 403, "FORBIDDEN");
    await expectError(asBidder, 403, "FORBIDDEN");
    expect(((await (await call(`/api/auctions/${auction.id}`)).json()) as AuctionDetail).status).toBe("live");
  });

  it("answers 404 for unknown ids and drafts without creating a room, 409 for auctions not live, 400 for ids that are not ids", async () => {
    const admin = await adminAccount();
    const seller = await verifiedAccount(["seller"]);
    const unknown = crypto.randomUUID();
    const draft = await createAuction(seller, { publish: false });
    const scheduled = await createAuction(seller, { startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 7_200_000).toISOString() });
    await expectError(await endNow(unknown, admin), 404, "NOT_FOUND");
    await expectError(await endNow(draft.id, admin), 404, "NOT_FOUND");
    const ids = (await listDurableObjectIds(env.AUCTION_ROOM)).map((id) => id.toString());
    expect(ids).not.toContain(env.AUCTION_ROOM.idFromName(unknown).toString());
    await expectError(await endNow(scheduled.id, admin), 409, "RULE_VIOLATION");
    await expectError(await endNow("not-an-id", admin), 400, "VALIDATION_FAILED");
  });

  it("does not exist for a public SITE_URL, even for an admin, and the log says why", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const admin = await adminAccount();
    const auction = await createAuction(await verifiedAccount(["seller"]));
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(`${ORIGIN}/api/dev/auctions/${auction.id}/end`, {
        method: "POST",
        headers: { "cf-connecting-ip": randomIp(), authorization: `Bearer ${admin.auth.accessToken}` },
      }) as Request<unknown, IncomingRequestCfProperties>,
      { ...env, SITE_URL: "https://gavel.example.com" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    await expectError(response, 404, "NOT_FOUND");
    expect(errors.mock.calls.flat().join("\n")).toContain("SITE_URL is not a local address");
    expect(((await (await call(`/api/auctions/${auction.id}`)).json()) as AuctionDetail).status).toBe("live");
  });
});
