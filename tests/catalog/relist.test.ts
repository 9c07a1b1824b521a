import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuctionDetail, ListingImage } from "../../schema";
import { auctionInput, bidOver, createAuction, endNow, verifiedAccount } from "../auction-helpers";
import { call, expectError, ORIGIN, randomIp, type Account } from "../helpers";
import { passPaymentDeadline, settle, soldAuction, takeStep } from "../order-helpers";
import { png } from "../unit/image-fixtures";

async function uploadPhoto(account: Account): Promise<ListingImage> {
  const response = await exports.default.fetch(
    new Request(`${ORIGIN}/api/images`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.auth.accessToken}`, "content-type": "image/png", "cf-connecting-ip": randomIp() },
      body: png(64, 48),
    }),
  );
  expect(response.status).toBe(201);
  return (await response.json()) as ListingImage;
}

const TWO_HOURS = 2 * 60 * 60 * 1000;

function relist(auctionId: string, actor: Account) {
  return call(`/api/auctions/${auctionId}/relist`, { method: "POST", token: actor.auth.accessToken });
}

async function unsoldAuction(overrides: Record<string, unknown> = {}) {
  const seller = await verifiedAccount(["seller"]);
  const photos = [await uploadPhoto(seller), await uploadPhoto(seller)];
  const auction = await createAuction(seller, { imageIds: photos.map((photo) => photo.id), reservePrice: 5000, buyNowPrice: 9000, ...overrides });
  await endNow(auction.id);
  await settle(auction.id, seller);
  // endNow cut the run short; make the stored listing a two-hour auction that ran its course.
  await env.DB.prepare("UPDATE auctions SET starts_at = ends_at - ? WHERE id = ?").bind(TWO_HOURS, auction.id).run();
  return { seller, auction, photos };
}

describe("relisting by hand", () => {
  it("copies an unsold auction into a new draft with the same photos, terms and category, once however often it is clicked", async () => {
    const { seller, auction, photos } = await unsoldAuction();
    const burst = await Promise.all(Array.from({ length: 4 }, () => relist(auction.id, seller)));
    expect(burst.map((response) => response.status).sort()).toEqual([200, 200, 200, 201]);
    const copies = (await Promise.all(burst.map((response) => response.json()))) as AuctionDetail[];
    expect(new Set(copies.map((copy) => copy.id)).size).toBe(1);
    const copy = copies.find((_, index) => burst[index]!.status === 201)!;
    expect(copy).toMatchObject({
      status: "draft",
      title: auction.title,
      description: auction.description,
      categoryPath: auction.categoryPath,
      condition: auction.condition,
      startingPrice: auction.startingPrice,
      increment: auction.increment,
      reservePrice: 5000,
      relistedFromId: auction.id,
      bidCount: 0,
    });
    expect(copy.endsAt - copy.startsAt).toBe(TWO_HOURS);
    // A draft's snapshot shows buy-it-now only once the auction runs: the stored term is what carries over.
    expect(await env.DB.prepare("SELECT buy_now_price FROM auctions WHERE id = ?").bind(copy.id).first()).toEqual({ buy_now_price: 9000 });
    expect(copy.images.map((image) => [image.width, image.height])).toEqual(photos.map((photo) => [photo.width, photo.height]));
    expect(copy.images.map((image) => image.id)).not.toEqual(photos.map((photo) => photo.id));
    const served = await call(copy.images[0]!.url, { token: seller.auth.accessToken });
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png(64, 48));
    // The copy publishes like any draft.
    expect((await call(`/api/auctions/${copy.id}/publish`, { method: "POST", token: seller.auth.accessToken })).status).toBe(200);
  });

  it("refuses other people, live or sold auctions, and unknown ids", async () => {
    const { auction } = await unsoldAuction();
    await expectError(await relist(auction.id, await verifiedAccount(["seller"])), 403, "FORBIDDEN");
    await expectError(await relist(crypto.randomUUID(), await verifiedAccount()), 404, "NOT_FOUND");

    const sale = await soldAuction();
    await expectError(await relist(sale.auction.id, sale.seller), 409, "LISTING_SOLD");
    const live = await createAuction(sale.seller);
    await expectError(await relist(live.id, sale.seller), 409, "RULE_VIOLATION");
    const { results } = await env.DB.prepare("SELECT count(*) AS n FROM auctions WHERE relisted_from_id IN (?, ?)").bind(sale.auction.id, live.id).all();
    expect(results).toEqual([{ n: 0 }]);
  });

  it("relists an item whose winner did not pay", async () => {
    const sale = await soldAuction();
    await passPaymentDeadline(sale.orderId);
    expect((await takeStep(sale.orderId, sale.seller, { step: "unpaid" })).status).toBe(200);
    expect((await relist(sale.auction.id, sale.seller)).status).toBe(201);
  });
});

describe("automatic relisting", () => {
  async function waitForCopyOf(auctionId: string): Promise<{ id: string; status: string; auto_relist: number }> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const copy = await env.DB.prepare("SELECT id, status, auto_relist FROM auctions WHERE relisted_from_id = ?").bind(auctionId).first<{ id: string; status: string; auto_relist: number }>();
      if (copy) return copy;
      if (Date.now() > deadline) throw new Error("the auction was never relisted");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("publishes a copy when an auction that asked for it ends unsold, counting down the relists left", async () => {
    const { auction } = await unsoldAuction({ autoRelist: 2 });
    const copy = await waitForCopyOf(auction.id);
    expect(copy).toMatchObject({ auto_relist: 1 });
    expect(copy.status).not.toBe("draft");
  });

  it("does nothing for a listing that did not ask, or that sold", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bidder = await verifiedAccount();
    const asked = await createAuction(seller, { autoRelist: 3 });
    await bidOver(asked.id, bidder, { amount: 1000 });
    const notAsked = await createAuction(seller);
    for (const auction of [asked, notAsked]) {
      await endNow(auction.id);
      await settle(auction.id, seller);
    }
    // The relisting marker: an unsold listing that asked would have its copy by the time its "ended" notice is stored.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const told = await env.DB.prepare("SELECT count(*) AS n FROM notifications WHERE event = 'ended' AND auction_id IN (?, ?)").bind(asked.id, notAsked.id).first<{ n: number }>();
      if (told!.n === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { results } = await env.DB.prepare("SELECT count(*) AS n FROM auctions WHERE relisted_from_id IN (?, ?)").bind(asked.id, notAsked.id).all();
    expect(results).toEqual([{ n: 0 }]);
  });

  it("refuses more than 3 automatic relists", async () => {
    const seller = await verifiedAccount(["seller"]);
    const response = await call("/api/auctions", { method: "POST", token: seller.auth.accessToken, body: auctionInput({ autoRelist: 4 }) });
    await expectError(response, 400, "VALIDATION_FAILED");
  });
});
