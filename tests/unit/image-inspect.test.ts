import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HEADER_BYTES_NEEDED, inspectImage, type ImageType, type Inspection } from "../../worker/images/inspect";
import { avif, avifMeta, concatBytes, fileTypeBox, fullBox, isoBox, ispeBox, jpeg, png, webpExtended, webpLossless, webpLossy } from "./image-fixtures";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

const UNSUPPORTED: Inspection = { ok: false, reason: "UNSUPPORTED_TYPE" };
const UNREADABLE: Inspection = { ok: false, reason: "UNREADABLE" };

function image(type: ImageType, width: number, height: number): Inspection {
  return { ok: true, info: { type, width, height } };
}

function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

/** Where a JPEG's `FF marker` first appears; the fixtures use FF nowhere else. */
function markerAt(bytes: Uint8Array, marker: number): number {
  const at = bytes.findIndex((byte, index) => byte === 0xff && bytes[index + 1] === marker);
  if (at < 0) throw new Error(`no FF ${marker.toString(16)} marker`);
  return at;
}

function withByte(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  copy[offset] = value;
  return copy;
}

/** An ISO-BMFF box whose size is given in 64 bits (size field 1). */
function largeBox(type: string, ...content: Uint8Array[]): Uint8Array {
  const box = concatBytes([0, 0, 0, 1], text(type), new Uint8Array(8), ...content);
  new DataView(box.buffer).setBigUint64(8, BigInt(box.length));
  return box;
}

/** The same box declared to run to the end of the file (size field 0). */
function toEnd(box: Uint8Array): Uint8Array {
  const copy = box.slice();
  new DataView(copy.buffer).setUint32(0, 0);
  return copy;
}

function repeat(bytes: Uint8Array, count: number): Uint8Array {
  const repeated = new Uint8Array(bytes.length * count);
  for (let index = 0; index < count; index += 1) repeated.set(bytes, index * bytes.length);
  return repeated;
}

function expectWellFormed(result: Inspection): void {
  if (!result.ok) {
    expect(["UNSUPPORTED_TYPE", "UNREADABLE"]).toContain(result.reason);
    return;
  }
  const { type, width, height } = result.info;
  expect(["image/jpeg", "image/png", "image/webp", "image/avif"]).toContain(type);
  for (const side of [width, height]) expect(Number.isInteger(side) && side > 0 && side < 2 ** 32).toBe(true);
}

describe("inspectImage reads type and size from the header", () => {
  it.each([
    ["a PNG", png(640, 480), image("image/png", 640, 480)],
    ["a 1×1 PNG", png(1, 1), image("image/png", 1, 1)],
    ["a 20000×20000 PNG, a decompression bomb, without decoding it", png(20_000, 20_000), image("image/png", 20_000, 20_000)],
    ["a JPEG", jpeg(1200, 800), image("image/jpeg", 1200, 800)],
    ["a JPEG at the format's limit", jpeg(65_535, 65_535), image("image/jpeg", 65_535, 65_535)],
    ["a JPEG behind a 20 KiB EXIF segment", jpeg(3000, 2000, { exifBytes: 20 * 1024 }), image("image/jpeg", 3000, 2000)],
    ["a lossy WebP", webpLossy(1024, 768), image("image/webp", 1024, 768)],
    ["a lossy WebP at 14 bits", webpLossy(16_383, 16_383), image("image/webp", 16_383, 16_383)],
    ["a lossless WebP", webpLossless(300, 200), image("image/webp", 300, 200)],
    ["a lossless WebP at 14 bits", webpLossless(16_384, 16_384), image("image/webp", 16_384, 16_384)],
    ["an extended WebP", webpExtended(5000, 4000), image("image/webp", 5000, 4000)],
    ["an extended WebP at 24 bits", webpExtended(2 ** 24, 1), image("image/webp", 2 ** 24, 1)],
    ["an AVIF", avif(4032, 3024), image("image/avif", 4032, 3024)],
  ])("%s", (_, bytes, expected) => {
    expect(inspectImage(bytes)).toEqual(expected);
  });

  it("judges by the bytes alone: a PNG called photo.jpg and sent as image/jpeg is still a PNG", async () => {
    const file = new File([png(64, 48)], "photo.jpg", { type: "image/jpeg" });
    expect(inspectImage(new Uint8Array(await file.arrayBuffer()))).toEqual(image("image/png", 64, 48));
  });

  it("reads a view into a larger buffer from the view's own start", () => {
    const buffer = concatBytes(text("junk"), png(7, 9), text("more"));
    expect(inspectImage(buffer.subarray(4))).toEqual(image("image/png", 7, 9));
  });

  it("takes a whole file as readily as its header", () => {
    const file = new Uint8Array(10 * 1024 * 1024);
    file.set(jpeg(800, 600));
    expect(inspectImage(file)).toEqual(image("image/jpeg", 800, 600));
  });

  it("reads back every size each fixture can encode", () => {
    const side = (max: number) => fc.integer({ min: 1, max });
    const cases = [
      { build: png, type: "image/png", max: 2 ** 31 - 1 },
      { build: jpeg, type: "image/jpeg", max: 0xffff },
      { build: webpLossy, type: "image/webp", max: 0x3fff },
      { build: webpLossless, type: "image/webp", max: 0x4000 },
      { build: webpExtended, type: "image/webp", max: 2 ** 24 },
      { build: avif, type: "image/avif", max: 2 ** 32 - 1 },
    ] as const;
    for (const { build, type, max } of cases) {
      fc.assert(
        fc.property(side(max), side(max), (width, height) => {
          expect(inspectImage(build(width, height))).toEqual(image(type, width, height));
        }),
        { numRuns: 50 },
      );
    }
  });
});

describe("inspectImage refuses what is not one of the four formats", () => {
  it.each([
    ["HTML", text("<!doctype html><html><script>alert(1)</script>")],
    ["upper-case HTML", text("<!DOCTYPE html>")],
    ["SVG", text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ["SVG with an XML prolog", text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')],
    ["a GIF89a", text("GIF89a\u0001\u0000\u0001\u0000")],
    ["a GIF87a", text("GIF87a\u0001\u0000\u0001\u0000")],
    ["a BMP", concatBytes(text("BM"), new Uint8Array(60))],
    ["a PDF", text("%PDF-1.7\n")],
    ["plain text", text("hello, world")],
    ["an empty file", new Uint8Array(0)],
    ["a RIFF that is not WebP", concatBytes(text("RIFF"), new Uint8Array(4), text("WAVEfmt "))],
    ["an MP4 (ISO-BMFF, not AVIF)", fileTypeBox("isom", ["isom", "mp41"])],
    ["a HEIC (HEIF, not AVIF)", concatBytes(fileTypeBox("heic", ["mif1", "heic"]), avifMeta(ispeBox(10, 10)))],
  ])("%s", (_, bytes) => {
    expect(inspectImage(bytes)).toEqual(UNSUPPORTED);
  });

  it("calls anything without one of the four signatures unsupported", () => {
    const signed = (bytes: Uint8Array) =>
      [PNG_SIGNATURE, JPEG_SIGNATURE].some((signature) => signature.every((value, index) => bytes[index] === value)) ||
      /^RIFF....WEBP|^....ftyp/s.test(String.fromCharCode(...bytes.subarray(0, 12)));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        fc.pre(!signed(bytes));
        expect(inspectImage(bytes)).toEqual(UNSUPPORTED);
      }),
    );
  });
});

describe("inspectImage calls a recognised but unreadable header unreadable", () => {
  // [name, bytes, signature length, bytes needed for the size]
  const headers: Array<[string, Uint8Array, number, number]> = [
    ["PNG", png(16, 16), 8, 24],
    ["JPEG", jpeg(16, 16), 3, markerAt(jpeg(16, 16), 0xc0) + 9],
    ["lossy WebP", webpLossy(16, 16), 12, 30],
    ["lossless WebP", webpLossless(16, 16), 12, 25],
    ["extended WebP", webpExtended(16, 16), 12, 30],
    ["AVIF", avif(16, 16), 12, avif(16, 16).length],
  ];

  it.each(headers)("a %s cut anywhere before its size is unreadable, and unsupported before its signature", (_, bytes, signature, needed) => {
    const expected = inspectImage(bytes);
    expect(expected.ok).toBe(true);
    for (let length = 0; length <= bytes.length; length += 1) {
      const result = inspectImage(bytes.subarray(0, length));
      expect(result, `cut at ${length}`).toEqual(length < signature ? UNSUPPORTED : length < needed ? UNREADABLE : expected);
    }
  });

  it.each([
    ["a zero-width PNG", png(0, 10)],
    ["a zero-height JPEG (its height left to a DNL marker)", jpeg(10, 0)],
    ["a zero-width lossy WebP", webpLossy(0, 10)],
    ["a zero-sized AVIF", avif(0, 0)],
  ])("%s", (_, bytes) => {
    expect(inspectImage(bytes)).toEqual(UNREADABLE);
  });

  it.each([
    ["another chunk", 12, text("tEXt")],
    ["the wrong length", 8, [0, 0, 0, 12]],
  ])("needs IHDR, 13 bytes long, as a PNG's first chunk: not %s", (_, offset, bytes) => {
    const damaged = png(10, 10);
    damaged.set(bytes, offset);
    expect(inspectImage(damaged)).toEqual(UNREADABLE);
  });
});

describe("inspectImage walks JPEG segments", () => {
  const bytes = jpeg(640, 480);
  const soi = [0xff, 0xd8];
  const sof = bytes.subarray(markerAt(bytes, 0xc0), markerAt(bytes, 0xc0) + 13);

  const hex = (markers: number[]) => markers.map((marker) => [marker.toString(16).toUpperCase(), marker] as const);

  it.each(hex([0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]))("reads start of frame %s like C0", (_, marker) => {
    expect(inspectImage(withByte(bytes, markerAt(bytes, 0xc0) + 1, marker))).toEqual(image("image/jpeg", 640, 480));
  });

  it.each(hex([0xc4, 0xc8, 0xcc]))("does not take %s for a start of frame", (_, marker) => {
    expect(inspectImage(withByte(bytes, markerAt(bytes, 0xc0) + 1, marker))).toEqual(UNREADABLE);
  });

  it("skips fill bytes and the standalone RST, TEM and SOI markers", () => {
    const padded = concatBytes(soi, [0xff, 0xd0, 0xff, 0x01, 0xff, 0xd8, 0xff, 0xff, 0xff], bytes.subarray(2));
    expect(inspectImage(padded)).toEqual(image("image/jpeg", 640, 480));
  });

  it.each([
    ["scan data before any frame header", concatBytes(soi, [0xff, 0xda, 0x00, 0x02], sof)],
    ["the end of the image before any frame header", concatBytes(soi, [0xff, 0xd9], sof)],
    ["a stray byte where a marker should be", concatBytes(soi, [0xff, 0xe0, 0x00, 0x02, 0x12], sof)],
    ["a stuffed zero where a marker should be", concatBytes(soi, [0xff, 0x00], sof)],
    ["a segment length below 2", concatBytes(soi, [0xff, 0xe0, 0x00, 0x00], sof)],
    ["a frame header too short to hold the size", concatBytes(soi, [0xff, 0xc0, 0x00, 0x05, 8, 0x01, 0xe0, 0x02, 0x80])],
    ["a segment running past the end", concatBytes(soi, [0xff, 0xe1, 0xff, 0xff], new Uint8Array(100))],
    ["a megabyte of fill bytes", concatBytes(soi, new Uint8Array(1024 * 1024).fill(0xff))],
  ])("stops at %s", (_, jpegBytes) => {
    expect(inspectImage(jpegBytes)).toEqual(UNREADABLE);
  });

  it("finds the frame header within HEADER_BYTES_NEEDED, and not beyond", () => {
    const nearby = jpeg(3000, 2000, { exifBytes: 20 * 1024 });
    expect(inspectImage(nearby.subarray(0, HEADER_BYTES_NEEDED))).toEqual(image("image/jpeg", 3000, 2000));
    const far = jpeg(3000, 2000, { exifBytes: 0xffff - 2 });
    expect(markerAt(far, 0xc0)).toBeGreaterThan(HEADER_BYTES_NEEDED);
    expect(inspectImage(far.subarray(0, HEADER_BYTES_NEEDED))).toEqual(UNREADABLE);
    expect(inspectImage(far)).toEqual(image("image/jpeg", 3000, 2000));
  });
});

describe("inspectImage checks WebP chunks", () => {
  it.each([
    ["a lossy frame without its start code", withByte(webpLossy(10, 10), 23, 0x00)],
    ["a lossless stream without its signature byte", withByte(webpLossless(10, 10), 20, 0x00)],
    ["a lossless stream of an unknown version", withByte(webpLossless(10, 10), 24, 0x20)],
    ["a first chunk that is none of VP8, VP8L, VP8X", concatBytes(text("RIFF"), [22, 0, 0, 0], text("WEBPALPH"), [10, 0, 0, 0], new Uint8Array(10))],
  ])("calls %s unreadable", (_, bytes) => {
    expect(inspectImage(bytes)).toEqual(UNREADABLE);
  });
});

describe("inspectImage walks AVIF boxes", () => {
  const ftyp = fileTypeBox("avif", ["mif1", "miaf"]);
  const meta = avifMeta(ispeBox(640, 480));

  it.each([
    ["a compatible brand, not the major one", concatBytes(fileTypeBox("mif1", ["miaf", "avif"]), meta)],
    ["an image sequence (avis)", concatBytes(fileTypeBox("avis", ["msf1", "iso8"]), meta)],
    ["ispe after other properties, and the first ispe", concatBytes(ftyp, avifMeta(fullBox("pixi", [1, 8]), isoBox("colr", text("nclx"), new Uint8Array(7)), ispeBox(640, 480), ispeBox(1, 1)))],
    ["meta after a media box with a 64-bit size", concatBytes(ftyp, largeBox("mdat", new Uint8Array(40)), meta)],
    ["a meta box with a 64-bit size", concatBytes(ftyp, largeBox("meta", new Uint8Array(4), isoBox("iprp", isoBox("ipco", ispeBox(640, 480)))))],
    ["a meta box that runs to the end (size 0)", concatBytes(ftyp, toEnd(meta))],
    ["a media box after meta that runs to the end", concatBytes(ftyp, meta, toEnd(isoBox("mdat", new Uint8Array(100))))],
    ["only a prefix of a long meta box", concatBytes(ftyp, avifMeta(ispeBox(640, 480), isoBox("free", new Uint8Array(100_000)))).subarray(0, 1000)],
  ])("reads %s", (_, bytes) => {
    expect(inspectImage(bytes)).toEqual(image("image/avif", 640, 480));
  });

  it.each([
    ["no meta box", concatBytes(ftyp, isoBox("mdat", new Uint8Array(16)))],
    ["meta behind a media box that runs to the end", concatBytes(ftyp, toEnd(isoBox("mdat", new Uint8Array(16))), meta)],
    ["meta behind a box smaller than its own header", concatBytes(ftyp, [0, 0, 0, 4], text("free"), meta)],
    ["meta behind a box larger than the file", concatBytes(ftyp, [0x7f, 0, 0, 0], text("mdat"), meta)],
    ["an ispe too short for its height", concatBytes(ftyp, avifMeta(fullBox("ispe", [0, 0, 2, 0x80])))],
    ["a megabyte of empty boxes", concatBytes(ftyp, repeat(isoBox("free"), 128 * 1024))],
  ])("calls %s unreadable", (_, bytes) => {
    expect(inspectImage(bytes)).toEqual(UNREADABLE);
  });
});

describe("inspectImage never throws", () => {
  const headers = [
    png(100, 100),
    jpeg(100, 100),
    jpeg(100, 100, { exifBytes: 300 }),
    webpLossy(100, 100),
    webpLossless(100, 100),
    webpExtended(100, 100),
    avif(100, 100),
    concatBytes(fileTypeBox("mif1", ["avif"]), largeBox("mdat", new Uint8Array(8)), toEnd(avifMeta(fullBox("pixi", [1, 8]), ispeBox(100, 100)))),
  ];
  const signatures = [
    PNG_SIGNATURE,
    JPEG_SIGNATURE,
    ...["VP8 ", "VP8L", "VP8X"].map((chunk) => [...text("RIFF"), 0, 0, 0, 0, ...text(`WEBP${chunk}`)]),
    [...text("\u0000\u0000\u0000\u0010ftypavif")],
  ];

  it("on arbitrary bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => expectWellFormed(inspectImage(bytes))), { numRuns: 2000 });
  });

  it("on a valid signature followed by arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 256 }), (signature, tail) => expectWellFormed(inspectImage(concatBytes(signature, tail)))),
      { numRuns: 2000 },
    );
  });

  it("on valid headers with bytes changed, inserted and cut", () => {
    const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean());
    fc.assert(
      fc.property(fc.constantFrom(...headers), fc.array(edit, { maxLength: 8 }), fc.nat(), (header, edits, cut) => {
        let damaged: Uint8Array<ArrayBufferLike> = header.slice(0, header.length - (cut % header.length));
        for (const [position, value, insert] of edits) {
          const at = position % (damaged.length + 1);
          damaged = insert || at === damaged.length ? concatBytes(damaged.subarray(0, at), [value], damaged.subarray(at)) : withByte(damaged, at, value);
        }
        expectWellFormed(inspectImage(damaged));
      }),
      { numRuns: 3000 },
    );
  });
});
