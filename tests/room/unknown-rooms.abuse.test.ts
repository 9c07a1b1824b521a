import { listDurableObjectIds } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createAuction, verifiedAccount } from "../auction-helpers";
import { call, expectError, ORIGIN, type Account } from "../helpers";

/**
 * Probes that used to create a persisted room database for any id (and
 * answered 500 on the live upgrade): every route that reaches a room answers
 * 404 for an unknown id or someone's draft before any room is touched.
 */

function liveUpgrade(id: string, token?: string): Promise<Response> {
  const headers: Record<string, string> = { upgrade: "websocket", "cf-connecting-ip": "10.9.9.9" };
  if (token) headers.authorization = `Bearer ${token}`;
  return exports.default.fetch(new Request(`${ORIGIN}/api/auctions/${id}/live`, { headers }));
}

function probes(id: string, account: Account): Array<Promise<Response>> {
  const token = account.auth.accessToken;
  return [
    call(`/api/auctions/${id}/bids`),
    call(`/api/auctions/${id}/bids`, { token }),
    call(`/api/auctions/${id}/bids/verify`),
    call(`/api/auctions/${id}/bids`, { method: "POST", token, headers: { "idempotency-key": crypto.randomUUID() }, body: { amount: 1000 } }),
    call(`/api/auctions/${id}/award`, { method: "POST", token, body: { seq: 1 } }),
    liveUpgrade(id),
    liveUpgrade(id, token),
  ];
}

async function roomExists(id: string): Promise<boolean> {
  const wanted = env.AUCTION_ROOM.idFromName(id).toString();
  return (await listDurableObjectIds(env.AUCTION_ROOM)).some((existing) => existing.toString() === wanted);
}

describe("routes that reach a room", () => {
  it("answer 404 for unknown ids, in parallel, and create no room", async () => {
    const account = await verifiedAccount();
    const ids = Array.from({ length: 5 }, () => crypto.randomUUID());
    const responses = await Promise.all(ids.flatMap((id) => probes(id, account)));
    for (const response of responses) await expectError(response, 404, "NOT_FOUND");
    for (const id of ids) expect(await roomExists(id)).toBe(false);
  });

  it("answer 404 for someone else's draft, and its owner's too, and create no room", async () => {
    const seller = await verifiedAccount(["seller"]);
    const stranger = await verifiedAccount();
    const draft = await createAuction(seller, { publish: false });
    const responses = await Promise.all([...probes(draft.id, stranger), ...probes(draft.id, seller)]);
    for (const response of responses) await expectError(response, 404, "NOT_FOUND");
    expect(await roomExists(draft.id)).toBe(false);
  });

  it("still reach the room of a published auction", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    expect((await call(`/api/auctions/${auction.id}/bids`)).status).toBe(200);
    expect((await call(`/api/auctions/${auction.id}/bids/verify`)).status).toBe(200);
    const upgrade = await liveUpgrade(auction.id);
    expect(upgrade.status).toBe(101);
    upgrade.webSocket!.accept();
    upgrade.webSocket!.close(1000, "done");
    expect(await roomExists(auction.id)).toBe(true);
  });
});
