import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inspectImage } from "../../worker/images/inspect";
import { avif, jpeg, png, webpExtended, webpLossless, webpLossy } from "./image-fixtures";

const text = (value: string) => new TextEncoder().encode(value);

describe("inspectImage", () => {
  it.each([
    ["PNG", png(640, 480), "image/png", 640, 480],
    ["JPEG", jpeg(1200, 800), "image/jpeg", 1200, 800],
    ["lossy WebP", webpLossy(1024, 768), "image/webp", 1024, 768],
    ["lossless WebP", webpLossless(300, 200), "image/webp", 300, 200],
    ["extended WebP", webpExtended(5000, 4000), "image/webp", 5000, 4000],
  ] as const)("reads a %s's type and size from its header", (_, bytes, type, width, height) => {
    expect(inspectImage(bytes)).toEqual({ ok: true, info: { type, width, height } });
  });

  it("reads an AVIF's size from its ispe property", () => {
    expect(inspectImage(avif(4032, 3024))).toEqual({ ok: true, info: { type: "image/avif", width: 4032, height: 3024 } });
  });

  it("reports the declared size of a decompression bomb without decoding it", () => {
    expect(inspectImage(png(20_000, 20_000))).toEqual({ ok: true, info: { type: "image/png", width: 20_000, height: 20_000 } });
  });

  it("finds a JPEG's frame header behind a 20 KiB EXIF segment", () => {
    expect(inspectImage(jpeg(3000, 2000, { exifBytes: 20 * 1024 }))).toEqual({ ok: true, info: { type: "image/jpeg", width: 3000, height: 2000 } });
  });

  it.each([
    ["HTML", text("<!doctype html><html><script>alert(1)</script>")],
    ["SVG", text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ["GIF", text("GIF89a\u0001\u0000\u0001\u0000")],
    ["an empty file", new Uint8Array(0)],
    ["a MP4 (ISO-BMFF, not AVIF)", concat(text("\u0000\u0000\u0000\u0018ftypisom"), new Uint8Array(12))],
  ])("refuses %s as an unsupported type", (_, bytes) => {
    expect(inspectImage(bytes)).toEqual({ ok: false, reason: "UNSUPPORTED_TYPE" });
  });

  it.each([
    ["PNG", png(10, 10).slice(0, 20)],
    ["JPEG", jpeg(10, 10).slice(0, 30)],
    ["WebP", webpLossy(10, 10).slice(0, 24)],
    ["AVIF", avif(10, 10).slice(0, 40)],
    ["zero-width PNG", png(0, 10)],
  ])("calls a truncated or empty-sized %s unreadable", (_, bytes) => {
    expect(inspectImage(bytes)).toEqual({ ok: false, reason: "UNREADABLE" });
  });

  it("never throws, on arbitrary bytes or on damaged headers", () => {
    const headers = [png(100, 100), jpeg(100, 100), webpLossy(100, 100), webpLossless(100, 100), webpExtended(100, 100), avif(100, 100)];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        expect(() => inspectImage(bytes)).not.toThrow();
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...headers), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), (header, edits, cut) => {
        const damaged = header.slice(0, header.length - (cut % header.length));
        for (const [position, value] of edits) if (damaged.length > 0) damaged[position % damaged.length] = value;
        expect(() => inspectImage(damaged)).not.toThrow();
      }),
    );
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
