import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuctionPage, ListingImage } from "../../schema";
import { MAX_THUMBNAIL_BYTES } from "../../schema";
import { auctionInput, verifiedAccount } from "../auction-helpers";
import { call, expectError, ORIGIN, randomIp, type Account } from "../helpers";
import { jpeg, png, webpLossless } from "../unit/image-fixtures";

/** Raw image bytes as the body, as the site and the CLI send them. */
function sendBytes(path: string, method: string, account: Account | null, bytes: Uint8Array): Promise<Response> {
  const headers: Record<string, string> = { "cf-connecting-ip": randomIp(), "content-type": "application/octet-stream" };
  if (account) headers.authorization = `Bearer ${account.auth.accessToken}`;
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { method, headers, body: bytes }));
}

async function upload(account: Account, bytes: Uint8Array): Promise<ListingImage> {
  const response = await sendBytes("/api/images", "POST", account, bytes);
  expect(response.status).toBe(201);
  return (await response.json()) as ListingImage;
}

function putThumbnail(account: Account | null, imageId: string, bytes: Uint8Array) {
  return sendBytes(`/api/images/${imageId}/thumbnail`, "PUT", account, bytes);
}

const objectKey = (url: string) => url.split("/").pop()!;

describe("image thumbnails", () => {
  it("stores a small WebP or JPEG beside the photo, serves it, and lists use it", async () => {
    const seller = await verifiedAccount(["seller"]);
    const photo = await upload(seller, jpeg(2048, 1536));
    expect(photo.thumbnail).toBeNull();
    const response = await putThumbnail(seller, photo.id, webpLossless(480, 360));
    expect(response.status).toBe(200);
    const withThumbnail = (await response.json()) as ListingImage;
    expect(withThumbnail.thumbnail).toMatchObject({ width: 480, height: 360 });
    expect(withThumbnail.thumbnail!.url).toMatch(/^\/api\/images\/[0-9a-f]{32}$/);
    const served = await call(withThumbnail.thumbnail!.url);
    expect(served.headers.get("content-type")).toBe("image/webp");
    await served.arrayBuffer();

    // A replacement removes the old copy.
    const replaced = (await (await putThumbnail(seller, photo.id, jpeg(480, 360))).json()) as ListingImage;
    expect(await env.IMAGES.head(objectKey(withThumbnail.thumbnail!.url))).toBeNull();
    expect(replaced.thumbnail!.url).not.toBe(withThumbnail.thumbnail!.url);

    const title = `Thumbnail clock ${crypto.randomUUID().slice(0, 8)}`;
    const created = await call("/api/auctions", { method: "POST", token: seller.auth.accessToken, body: auctionInput({ title, imageIds: [photo.id] }) });
    expect(created.status).toBe(201);
    const page = (await (await call(`/api/auctions?q=${encodeURIComponent(title)}`)).json()) as AuctionPage;
    expect(page.items[0]?.image?.thumbnail).toEqual(replaced.thumbnail);
  });

  it("refuses other people's images, other types, large pictures and large files", async () => {
    const seller = await verifiedAccount(["seller"]);
    const stranger = await verifiedAccount(["seller"]);
    const photo = await upload(seller, jpeg(1200, 900));
    await expectError(await putThumbnail(stranger, photo.id, jpeg(480, 360)), 404, "NOT_FOUND");
    await expectError(await putThumbnail(seller, crypto.randomUUID(), jpeg(480, 360)), 404, "NOT_FOUND");
    await expectError(await putThumbnail(null, photo.id, jpeg(480, 360)), 401, "UNAUTHENTICATED");
    await expectError(await putThumbnail(seller, photo.id, png(480, 360)), 415, "UNSUPPORTED_MEDIA_TYPE");
    await expectError(await putThumbnail(seller, photo.id, jpeg(1200, 900)), 422, "IMAGE_TOO_LARGE");
    const padded = new Uint8Array(MAX_THUMBNAIL_BYTES + 1);
    padded.set(jpeg(480, 360));
    await expectError(await putThumbnail(seller, photo.id, padded), 413, "PAYLOAD_TOO_LARGE");
    const accepted = (await (await putThumbnail(seller, photo.id, jpeg(320, 240))).json()) as ListingImage;
    expect(accepted.thumbnail).toMatchObject({ width: 320, height: 240 });
  });

  it("deletes the thumbnail with its photo", async () => {
    const seller = await verifiedAccount(["seller"]);
    const photo = await upload(seller, jpeg(1200, 900));
    const withThumbnail = (await (await putThumbnail(seller, photo.id, jpeg(480, 360))).json()) as ListingImage;
    expect((await call(`/api/images/${photo.id}`, { method: "DELETE", token: seller.auth.accessToken })).status).toBe(204);
    expect(await env.IMAGES.head(objectKey(withThumbnail.thumbnail!.url))).toBeNull();
  });
});
