import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ListingImage } from "../../schema";
import { MAX_IMAGE_BYTES } from "../../schema";
import { verifiedAccount } from "../auction-helpers";
import { expectError, ORIGIN, randomIp, type Account } from "../helpers";
import { jpeg, png } from "../unit/image-fixtures";

function post(account: Account, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(
    new Request(`${ORIGIN}/api/images`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.auth.accessToken}`, "cf-connecting-ip": randomIp(), ...headers },
      body,
    }),
  );
}

function formWith(...files: Array<[name: string, bytes: Uint8Array, filename: string, type: string]>): FormData {
  const form = new FormData();
  for (const [name, bytes, filename, type] of files) form.append(name, new File([bytes], filename, { type }));
  return form;
}

describe("multipart image uploads", () => {
  it("takes one file field, whatever its name, with the same content check as a raw body", async () => {
    const seller = await verifiedAccount(["seller"]);
    const response = await post(seller, formWith(["photo", png(320, 200), "holiday.jpg", "image/jpeg"]));
    expect(response.status).toBe(201);
    const image = (await response.json()) as ListingImage;
    expect(image).toMatchObject({ contentType: "image/png", width: 320, height: 200, bytes: png(320, 200).byteLength });
    const served = await exports.default.fetch(new Request(`${ORIGIN}${image.url}`, { headers: { authorization: `Bearer ${seller.auth.accessToken}` } }));
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png(320, 200));

    const raw = await post(seller, jpeg(64, 64), { "content-type": "application/octet-stream" });
    expect(raw.status).toBe(201);
  });

  it("refuses no file, two files, text posing as an image, a damaged body and files over the limit", async () => {
    const seller = await verifiedAccount(["seller"]);
    const textOnly = new FormData();
    textOnly.append("caption", "no file here");
    await expectError(await post(seller, textOnly), 400, "VALIDATION_FAILED");
    await expectError(await post(seller, formWith(["a", png(10, 10), "a.png", "image/png"], ["b", png(10, 10), "b.png", "image/png"])), 400, "VALIDATION_FAILED");
    await expectError(await post(seller, formWith(["file", new TextEncoder().encode("<svg onload=alert(1)>"), "x.png", "image/png"])), 415, "UNSUPPORTED_MEDIA_TYPE");
    await expectError(await post(seller, "--nope\r\ngarbage", { "content-type": "multipart/form-data; boundary=abc" }), 400, "VALIDATION_FAILED");

    const huge = new Uint8Array(MAX_IMAGE_BYTES + 1);
    huge.set(png(100, 100));
    await expectError(await post(seller, formWith(["file", huge, "big.png", "image/png"])), 413, "PAYLOAD_TOO_LARGE");
    await expectError(
      await post(seller, "x", { "content-type": "multipart/form-data; boundary=abc", "content-length": String(MAX_IMAGE_BYTES * 2) }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
  });
});
