/**
 * Image files built byte by byte, for unit tests and for API tests that upload them.
 *
 * png(), jpeg(), webpLossless() and webpExtended() build complete files that
 * decode (a black or grey picture). webpLossy() and avif() have exact headers
 * only: enough for content sniffing, not for decoding. Past
 * COMPLETE_PIXEL_LIMIT pixels, png() and jpeg() keep only the start of their
 * pixel data, so that a decompression bomb's header costs under a kilobyte.
 */

type Bytes = Uint8Array | readonly number[];

const COMPLETE_PIXEL_LIMIT = 4096 * 4096;
/** How much of an oversized image's pixel data is written: bytes of PNG scanlines, or JPEG blocks. */
const TRUNCATED_UNITS = 1024;

export function concatBytes(...parts: Bytes[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function u16be(value: number): number[] {
  return [(value >>> 8) & 0xff, value & 0xff];
}

function u32be(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function u16le(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff];
}

function u24le(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff];
}

function u32le(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

function ascii(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0));
}

/** Refuses sizes a format cannot encode, rather than silently writing a different one. */
function assertSide(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} ${value} is outside ${min}–${max} for this format`);
}

/** All `units` of pixel data, or only the first few past COMPLETE_PIXEL_LIMIT, as in a truncated upload. */
function unitsToEncode(width: number, height: number, units: number): number {
  return width * height <= COMPLETE_PIXEL_LIMIT ? units : Math.min(units, TRUNCATED_UNITS);
}

/** Deflate and VP8L both pack their bit streams from each byte's least significant bit. */
class BitWriter {
  private readonly bytes: number[] = [];
  private pending = 0;
  private used = 0;

  /** Fields and extra bits go in least significant bit first. */
  bits(value: number, count: number): this {
    for (let index = 0; index < count; index += 1) this.bit((value >>> index) & 1);
    return this;
  }

  /** Deflate's Huffman codes go in most significant bit first (RFC 1951, 3.1.1). */
  code(value: number, length: number): this {
    for (let index = length - 1; index >= 0; index -= 1) this.bit((value >>> index) & 1);
    return this;
  }

  finish(): number[] {
    return this.used > 0 ? [...this.bytes, this.pending] : this.bytes;
  }

  private bit(bit: number): void {
    this.pending |= bit << this.used;
    this.used += 1;
    if (this.used === 8) {
      this.bytes.push(this.pending);
      this.pending = 0;
      this.used = 0;
    }
  }
}

// PNG: 8-bit greyscale, every pixel black.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_MAX_SIDE = 2 ** 31 - 1;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, index) => {
  let crc = index;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Bytes): Uint8Array {
  const typed = concatBytes(ascii(type), data);
  return concatBytes(u32be(data.length), typed, u32be(crc32(typed)));
}

// Deflate's fixed Huffman codes: literal 0, length 258 (symbol 285), distance 1, end of block.
const LITERAL_ZERO = { value: 0x30, length: 8 };
const LENGTH_258 = { value: 0xc5, length: 8 };
const DISTANCE_1 = { value: 0, length: 5 };
const END_OF_BLOCK = { value: 0, length: 7 };

/** A zero byte, then copies of it 258 at a time: about 13 bits for every 258 bytes. */
function deflateZeros(count: number): number[] {
  const out = new BitWriter().bits(1, 1).bits(1, 2); // the final block, fixed Huffman codes
  let left = count;
  if (left > 0) {
    out.code(LITERAL_ZERO.value, LITERAL_ZERO.length);
    left -= 1;
  }
  for (; left >= 258; left -= 258) out.code(LENGTH_258.value, LENGTH_258.length).code(DISTANCE_1.value, DISTANCE_1.length);
  for (; left > 0; left -= 1) out.code(LITERAL_ZERO.value, LITERAL_ZERO.length);
  return out.code(END_OF_BLOCK.value, END_OF_BLOCK.length).finish();
}

/** Adler-32 of zeros only: the first sum stays 1, the second grows by 1 a byte. */
function zlibZeros(count: number): Uint8Array {
  const adler = ((count % 65521) * 0x10000 + 1) >>> 0;
  return concatBytes([0x78, 0x01], deflateZeros(count), u32be(adler));
}

export function png(width: number, height: number): Uint8Array {
  assertSide("width", width, 0, PNG_MAX_SIDE);
  assertSide("height", height, 0, PNG_MAX_SIDE);
  const ihdr = [...u32be(width), ...u32be(height), 8, 0, 0, 0, 0]; // 8-bit greyscale, deflate, no interlace
  const scanlines = unitsToEncode(width, height, height * (1 + width)); // each row opens with its filter type
  return concatBytes(PNG_SIGNATURE, pngChunk("IHDR", ihdr), pngChunk("IDAT", zlibZeros(scanlines)), pngChunk("IEND", []));
}

// JPEG: baseline, one grey component, every 8×8 block flat mid-grey.

const JPEG_MAX_SIDE = 0xffff;
const JPEG_MAX_SEGMENT_PAYLOAD = 0xffff - 2;
/** "Exif\0\0", a big-endian TIFF header and an empty IFD0. */
const EXIF_HEADER = [...ascii("Exif\0\0MM"), 0x00, 0x2a, ...u32be(8), ...u16be(0), ...u32be(0)];

function segment(marker: number, payload: Bytes): Uint8Array {
  return concatBytes([0xff, marker], u16be(payload.length + 2), payload);
}

function exifPayload(size: number): Uint8Array {
  assertSide("exifBytes", size, EXIF_HEADER.length, JPEG_MAX_SEGMENT_PAYLOAD);
  return concatBytes(EXIF_HEADER, new Uint8Array(size - EXIF_HEADER.length));
}

/** Table 0, every quantiser 1. */
const DQT = segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
/** DC table 0 and AC table 0, each with one 1-bit code "0": DC difference 0, and end of block. */
const DHT = segment(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0x00, 0x10, 1, ...new Array<number>(15).fill(0), 0x00]);
/** One component, tables 0/0, the whole spectrum. */
const SOS = segment(0xda, [1, 1, 0x00, 0, 63, 0]);

function startOfFrame(width: number, height: number): Uint8Array {
  return segment(0xc0, [8, ...u16be(height), ...u16be(width), 1, 1, 0x11, 0]);
}

/** Each block is two "0" codes; the last byte is padded with 1-bits, as JPEG requires. */
function scanData(width: number, height: number): Uint8Array {
  const bits = 2 * unitsToEncode(width, height, Math.ceil(width / 8) * Math.ceil(height / 8));
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  if (bits % 8 !== 0) bytes[bytes.length - 1] = 0xff >>> (bits % 8);
  return bytes;
}

/** `exifBytes` sizes the APP1 segment's payload, to push the frame header further in. */
export function jpeg(width: number, height: number, options: { exifBytes?: number } = {}): Uint8Array {
  assertSide("width", width, 0, JPEG_MAX_SIDE);
  assertSide("height", height, 0, JPEG_MAX_SIDE);
  const app1 = segment(0xe1, exifPayload(options.exifBytes ?? EXIF_HEADER.length));
  // DHT before the frame header is legal, and checks that C4 is not taken for a start of frame.
  return concatBytes([0xff, 0xd8], app1, DQT, DHT, startOfFrame(width, height), SOS, scanData(width, height), [0xff, 0xd9]);
}

// WebP

const VP8_MAX_SIDE = 0x3fff;
const VP8L_MAX_SIDE = 0x4000;
const VP8X_MAX_SIDE = 0x1000000;

function riffChunk(fourCC: string, payload: Bytes): Uint8Array {
  return concatBytes(ascii(fourCC), u32le(payload.length), payload, payload.length % 2 === 1 ? [0] : []);
}

function webp(...chunks: Uint8Array[]): Uint8Array {
  const body = concatBytes(ascii("WEBP"), ...chunks);
  return concatBytes(ascii("RIFF"), u32le(body.length), body);
}

/** A key frame's header with no partitions after it: the frame tag says key frame, shown. */
export function webpLossy(width: number, height: number): Uint8Array {
  assertSide("width", width, 0, VP8_MAX_SIDE);
  assertSide("height", height, 0, VP8_MAX_SIDE);
  return webp(riffChunk("VP8 ", [0x10, 0x00, 0x00, 0x9d, 0x01, 0x2a, ...u16le(width), ...u16le(height)]));
}

/**
 * Opaque black: five single-symbol prefix codes cost each pixel 0 bits, so
 * the bitstream is 9 bytes whatever the size.
 */
function vp8lBitstream(width: number, height: number): number[] {
  const out = new BitWriter().bits(0x2f, 8).bits(width - 1, 14).bits(height - 1, 14).bits(0, 1).bits(0, 3);
  out.bits(0, 1).bits(0, 1).bits(0, 1); // no transform, no colour cache, no meta prefix codes
  for (const symbol of [0, 0, 0, 255, 0]) singleSymbolCode(out, symbol); // green, red, blue, alpha, distance
  return out.finish();
}

/** A "simple" prefix code of one symbol, written in 1 bit or 8. */
function singleSymbolCode(out: BitWriter, symbol: number): void {
  const wide = symbol > 1;
  out.bits(1, 1).bits(0, 1).bits(wide ? 1 : 0, 1).bits(symbol, wide ? 8 : 1);
}

export function webpLossless(width: number, height: number): Uint8Array {
  assertSide("width", width, 1, VP8L_MAX_SIDE);
  assertSide("height", height, 1, VP8L_MAX_SIDE);
  return webp(riffChunk("VP8L", vp8lBitstream(width, height)));
}

/** A VP8X canvas; up to VP8L's 16384 px a side it holds a lossless image of the same size, past that only the header. */
export function webpExtended(width: number, height: number): Uint8Array {
  assertSide("width", width, 1, VP8X_MAX_SIDE);
  assertSide("height", height, 1, VP8X_MAX_SIDE);
  const canvas = riffChunk("VP8X", [0, 0, 0, 0, ...u24le(width - 1), ...u24le(height - 1)]);
  const fits = width <= VP8L_MAX_SIDE && height <= VP8L_MAX_SIDE;
  return fits ? webp(canvas, riffChunk("VP8L", vp8lBitstream(width, height))) : webp(canvas);
}

// AVIF (ISO-BMFF)

const AVIF_MAX_SIDE = 2 ** 32 - 1;

export function isoBox(type: string, ...content: Bytes[]): Uint8Array {
  const body = concatBytes(...content);
  return concatBytes(u32be(8 + body.length), ascii(type), body);
}

/** A FullBox, version 0 with no flags. */
export function fullBox(type: string, ...content: Bytes[]): Uint8Array {
  return isoBox(type, u32be(0), ...content);
}

export function fileTypeBox(major: string, compatible: string[]): Uint8Array {
  return isoBox("ftyp", ascii(major), u32be(0), ...compatible.map(ascii));
}

export function ispeBox(width: number, height: number): Uint8Array {
  return fullBox("ispe", u32be(width), u32be(height));
}

/** meta → hdlr ("pict"), iprp → ipco → the given properties. */
export function avifMeta(...properties: Uint8Array[]): Uint8Array {
  const hdlr = fullBox("hdlr", u32be(0), ascii("pict"), new Array<number>(12).fill(0), [0]);
  return fullBox("meta", hdlr, isoBox("iprp", isoBox("ipco", ...properties)));
}

export function avif(width: number, height: number): Uint8Array {
  assertSide("width", width, 0, AVIF_MAX_SIDE);
  assertSide("height", height, 0, AVIF_MAX_SIDE);
  return concatBytes(fileTypeBox("avif", ["mif1", "miaf"]), avifMeta(ispeBox(width, height)));
}
