import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuctionDetail, ListingImage } from "../../schema";
import { createAuction, verifiedAccount } from "../auction-helpers";
import { call, expectError, ORIGIN, randomIp, type Account } from "../helpers";
import { png } from "../unit/image-fixtures";

/** The probe: photos of an ended auction could be added and deleted. Images follow the listing's lock. */
function upload(account: Account, auctionId: string): Promise<Response> {
  return exports.default.fetch(
    new Request(`${ORIGIN}/api/images?auctionId=${auctionId}`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.auth.accessToken}`, "content-type": "application/octet-stream", "cf-connecting-ip": randomIp() },
      body: png(64, 64),
    }),
  );
}

function remove(account: Account, imageId: string): Promise<Response> {
  return call(`/api/images/${imageId}`, { method: "DELETE", token: account.auth.accessToken });
}

async function listingWithImage(seller: Account): Promise<{ auction: AuctionDetail; image: ListingImage }> {
  const auction = await createAuction(seller);
  const response = await upload(seller, auction.id);
  expect(response.status).toBe(201);
  return { auction, image: (await response.json()) as ListingImage };
}

describe("images of a locked listing", () => {
  it.each(["ended", "cancelled"])("cannot be added or deleted once the auction is %s, even all at once", async (status) => {
    const seller = await verifiedAccount(["seller"]);
    const { auction, image } = await listingWithImage(seller);
    await env.DB.prepare("UPDATE auctions SET status = ? WHERE id = ?").bind(status, auction.id).run();
    const responses = await Promise.all([upload(seller, auction.id), upload(seller, auction.id), remove(seller, image.id), remove(seller, image.id)]);
    for (const response of responses) await expectError(response, 409, "RULE_VIOLATION");
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM images WHERE auction_id = ?").bind(auction.id).first<{ n: number }>();
    expect(stored!.n).toBe(1);
  });

  it("cannot be changed once the end has passed, before the catalog row has caught up", async () => {
    const seller = await verifiedAccount(["seller"]);
    const { auction, image } = await listingWithImage(seller);
    await env.DB.prepare("UPDATE auctions SET ends_at = ? WHERE id = ?").bind(Date.now() - 1000, auction.id).run();
    await expectError(await upload(seller, auction.id), 409, "RULE_VIOLATION");
    await expectError(await remove(seller, image.id), 409, "RULE_VIOLATION");
  });

  it("can still be changed while the auction runs", async () => {
    const seller = await verifiedAccount(["seller"]);
    const { image } = await listingWithImage(seller);
    expect((await remove(seller, image.id)).status).toBe(204);
  });
});
