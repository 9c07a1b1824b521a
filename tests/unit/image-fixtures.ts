/** Byte arrays whose headers are valid images of the given size: enough for content sniffing, not for decoding. */

function concat(...parts: Array<Uint8Array | number[]>): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function u32be(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function u16be(value: number): number[] {
  return [(value >>> 8) & 0xff, value & 0xff];
}

function text(value: string): number[] {
  return Array.from(value, (char) => char.charCodeAt(0));
}

export function png(width: number, height: number): Uint8Array {
  const ihdr = [...u32be(13), ...text("IHDR"), ...u32be(width), ...u32be(height), 8, 6, 0, 0, 0, 0, 0, 0, 0];
  const iend = [...u32be(0), ...text("IEND"), 0xae, 0x42, 0x60, 0x82];
  return concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], ihdr, iend);
}

export function jpeg(width: number, height: number, options: { exifBytes?: number } = {}): Uint8Array {
  const exif = options.exifBytes ?? 16;
  const app1 = [0xff, 0xe1, ...u16be(exif + 2), ...new Array<number>(exif).fill(0)];
  const sof0 = [0xff, 0xc0, ...u16be(17), 8, ...u16be(height), ...u16be(width), 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1];
  return concat([0xff, 0xd8], app1, sof0, [0xff, 0xda, 0, 2, 0xff, 0xd9]);
}

export function webpLossless(width: number, height: number): Uint8Array {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  const payload = [0x2f, bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, (bits >>> 24) & 0xff];
  return concat(text("RIFF"), [0, 0, 0, 0], text("WEBP"), text("VP8L"), [payload.length, 0, 0, 0], payload);
}

export function webpLossy(width: number, height: number): Uint8Array {
  const frame = [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, width & 0xff, (width >>> 8) & 0x3f, height & 0xff, (height >>> 8) & 0x3f];
  return concat(text("RIFF"), [0, 0, 0, 0], text("WEBP"), text("VP8 "), [frame.length, 0, 0, 0], frame);
}

export function webpExtended(width: number, height: number): Uint8Array {
  const w = width - 1;
  const h = height - 1;
  const payload = [0, 0, 0, 0, w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff];
  return concat(text("RIFF"), [0, 0, 0, 0], text("WEBP"), text("VP8X"), [payload.length, 0, 0, 0], payload);
}

function box(type: string, ...content: Array<Uint8Array | number[]>): Uint8Array {
  const body = concat(...content);
  return concat(u32be(8 + body.length), text(type), body);
}

/** ftyp, then meta (a FullBox) → hdlr, iprp → ipco → ispe. */
export function avif(width: number, height: number): Uint8Array {
  const ftyp = box("ftyp", text("avif"), u32be(0), text("mif1"), text("miaf"));
  const hdlr = box("hdlr", u32be(0), u32be(0), text("pict"), new Array<number>(13).fill(0));
  const ispe = box("ispe", u32be(0), u32be(width), u32be(height));
  const meta = box("meta", u32be(0), hdlr, box("iprp", box("ipco", ispe)));
  return concat(ftyp, meta);
}
