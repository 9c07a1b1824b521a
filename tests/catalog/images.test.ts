import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuctionDetail, ListingImage } from "../../schema";
import { sweepUnclaimedImages, UNCLAIMED_IMAGE_TTL_MS } from "../../worker/images/sweep";
import { auctionInput, bidOver, createAuction, verifiedAccount } from "../auction-helpers";
import { call, expectError, ORIGIN, randomIp, registerAccount, type Account } from "../helpers";
import { jpeg, png, webpLossless } from "../unit/image-fixtures";

function upload(account: Account, bytes: Uint8Array, options: { contentType?: string; auctionId?: string; headers?: Record<string, string> } = {}) {
  const query = options.auctionId ? `?auctionId=${options.auctionId}` : "";
  return fetchApp(`/api/images${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${account.auth.accessToken}`, "content-type": options.contentType ?? "application/octet-stream", ...options.headers },
    body: bytes,
  });
}

async function fetchApp(path: string, init: RequestInit): Promise<Response> {
  const { exports } = await import("cloudflare:workers");
  const headers = new Headers(init.headers);
  headers.set("cf-connecting-ip", randomIp());
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers }));
}

async function uploaded(account: Account, bytes: Uint8Array, options: Parameters<typeof upload>[2] = {}): Promise<ListingImage> {
  const response = await upload(account, bytes, options);
  expect(response.status).toBe(201);
  return (await response.json()) as ListingImage;
}

describe("image uploads", () => {
  it("recognises the type by content, not name or declared type, and records the size", async () => {
    const seller = await verifiedAccount(["seller"]);
    const image = await uploaded(seller, png(640, 480), { contentType: "image/jpeg", headers: { "content-disposition": 'attachment; filename="photo.jpg"' } });
    expect(image).toMatchObject({ contentType: "image/png", width: 640, height: 480 });
    expect(image.url).toMatch(/^\/api\/images\/[0-9a-f]{32}$/);
    expect(await uploaded(seller, jpeg(1200, 800))).toMatchObject({ contentType: "image/jpeg", width: 1200, height: 800 });
    expect(await uploaded(seller, webpLossless(300, 200))).toMatchObject({ contentType: "image/webp", width: 300, height: 200 });
  });

  it("serves images with their type, nosniff, immutable caching and an ETag", async () => {
    const seller = await verifiedAccount(["seller"]);
    const bytes = png(32, 32);
    const image = await uploaded(seller, bytes, { contentType: "text/html" });
    const served = await call(image.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    const etag = served.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const again = await call(image.url, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    await expectError(await call(`/api/images/${"0".repeat(32)}`), 404, "NOT_FOUND");
  });

  it.each([
    ["an HTML page named .png", new TextEncoder().encode("<!doctype html><script>alert(1)</script>"), 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["an SVG", new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["a GIF", new TextEncoder().encode("GIF89a\u0001\u0000\u0001\u0000"), 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["a 20000×20000 PNG (a decompression bomb)", png(20_000, 20_000), 422, "IMAGE_TOO_LARGE"],
    ["a truncated PNG header", png(10, 10).slice(0, 20), 422, "IMAGE_UNREADABLE"],
  ] as const)("refuses %s", async (_, bytes, status, code) => {
    const seller = await verifiedAccount(["seller"]);
    await expectError(await upload(seller, bytes, { contentType: "image/png" }), status, code);
  });

  it("refuses 11 MiB, by Content-Length before reading and while streaming without it", async () => {
    const seller = await verifiedAccount(["seller"]);
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(png(100, 100));
    await expectError(await upload(seller, big), 413, "PAYLOAD_TOO_LARGE");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let sent = 0; sent < 11; sent += 1) controller.enqueue(sent === 0 ? big.slice(0, 1024 * 1024) : new Uint8Array(1024 * 1024));
        controller.close();
      },
    });
    const response = await fetchApp("/api/images", {
      method: "POST",
      headers: { authorization: `Bearer ${seller.auth.accessToken}`, "content-type": "image/png" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expectError(response, 413, "PAYLOAD_TOO_LARGE");
  });

  it("refuses anonymous and unverified uploads", async () => {
    const response = await fetchApp("/api/images", { method: "POST", headers: { "content-type": "image/png" }, body: png(10, 10) });
    await expectError(response, 401, "UNAUTHENTICATED");
    await expectError(await upload(await registerAccount(), png(10, 10)), 403, "NOT_VERIFIED");
  });
});

describe("images on listings", () => {
  it("attaches, orders, reorders and removes a listing's images", async () => {
    const seller = await verifiedAccount(["seller"]);
    const [first, second] = [await uploaded(seller, png(100, 100)), await uploaded(seller, jpeg(200, 100))];
    const created = await call("/api/auctions", { method: "POST", token: seller.auth.accessToken, body: auctionInput({ imageIds: [second.id, first.id] }) });
    const auction = (await created.json()) as AuctionDetail;
    expect(auction.images.map((image) => image.id)).toEqual([second.id, first.id]);
    const reordered = await call(`/api/auctions/${auction.id}`, { method: "PATCH", token: seller.auth.accessToken, body: { imageIds: [first.id] } });
    expect(((await reordered.json()) as AuctionDetail).images.map((image) => image.id)).toEqual([first.id]);
    expect((await call(second.url)).status).toBe(404);
  });

  it("accepts images after the first bid, refuses the 11th and other people's", async () => {
    const seller = await verifiedAccount(["seller"]);
    const auction = await createAuction(seller);
    expect((await bidOver(auction.id, await verifiedAccount(), { amount: 1000 })).status).toBe(201);
    for (let index = 0; index < 10; index += 1) await uploaded(seller, png(10 + index, 10), { auctionId: auction.id });
    await expectError(await upload(seller, png(50, 50), { auctionId: auction.id }), 422, "TOO_MANY_IMAGES");
    const detail = (await (await call(`/api/auctions/${auction.id}`)).json()) as AuctionDetail;
    expect(detail.images).toHaveLength(10);
    expect(detail.images[0]).toMatchObject({ width: 10 });

    const intruder = await verifiedAccount(["seller"]);
    await expectError(await upload(intruder, png(10, 10), { auctionId: (await createAuction(seller)).id }), 403, "FORBIDDEN");
    const theirs = await uploaded(intruder, png(10, 10));
    const stolen = await call(`/api/auctions/${auction.id}`, { method: "PATCH", token: seller.auth.accessToken, body: { imageIds: [theirs.id] } });
    expect((await expectError(stolen, 400, "VALIDATION_FAILED")).error.details.fieldErrors).toHaveProperty("imageIds");
    await expectError(await call(`/api/images/${detail.images[0]!.id}`, { method: "DELETE", token: intruder.auth.accessToken }), 404, "NOT_FOUND");
  });

  it("sweeps uploads no listing claimed within a day, and keeps claimed ones", async () => {
    const seller = await verifiedAccount(["seller"]);
    const orphan = await uploaded(seller, png(10, 10));
    const kept = await uploaded(seller, png(12, 12));
    await createAuction(seller, { imageIds: [kept.id] });
    await sweepUnclaimedImages(env, Date.now() + UNCLAIMED_IMAGE_TTL_MS + 1000);
    expect((await call(orphan.url)).status).toBe(404);
    expect((await call(kept.url)).status).toBe(200);
    expect(await env.DB.prepare("SELECT id FROM images WHERE id = ?").bind(orphan.id).first()).toBeNull();
  });
});
