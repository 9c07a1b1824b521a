export type ImageType = "image/jpeg" | "image/png" | "image/webp" | "image/avif";

export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

export type Inspection = { ok: true; info: ImageInfo } | { ok: false; reason: "UNSUPPORTED_TYPE" | "UNREADABLE" };

/** The prefix a caller must pass: EXIF and ICC segments can push a JPEG's frame header this far. */
export const HEADER_BYTES_NEEDED = 64 * 1024;

const UNREADABLE: Inspection = { ok: false, reason: "UNREADABLE" };
const MAX_BOXES = 64;

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((value, index) => bytes[offset + index] === value);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return bytes.length < offset + length ? "" : String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function found(type: ImageType, width: number, height: number): Inspection {
  return width > 0 && height > 0 ? { ok: true, info: { type, width, height } } : UNREADABLE;
}

function inspectPng(view: DataView): Inspection {
  // IHDR must be the first chunk: length 13, then "IHDR", then width and height.
  if (view.byteLength < 24 || ascii(new Uint8Array(view.buffer, view.byteOffset, 16), 12, 4) !== "IHDR") return UNREADABLE;
  return found("image/png", view.getUint32(16), view.getUint32(20));
}

/** Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function inspectJpeg(view: DataView): Inspection {
  let offset = 2;
  while (offset + 4 <= view.byteLength) {
    if (view.getUint8(offset) !== 0xff) return UNREADABLE;
    const marker = view.getUint8(offset + 1);
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2; // standalone markers have no length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return UNREADABLE; // end of image or scan data before any frame header
    const length = view.getUint16(offset + 2);
    if (length < 2) return UNREADABLE;
    if (isStartOfFrame(marker)) {
      if (offset + 9 > view.byteLength) return UNREADABLE;
      return found("image/jpeg", view.getUint16(offset + 7), view.getUint16(offset + 5));
    }
    offset += 2 + length;
  }
  return UNREADABLE;
}

function inspectWebp(bytes: Uint8Array, view: DataView): Inspection {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8 ") {
    // Frame tag (3 bytes), then the start code 9D 01 2A, then 14-bit width and height.
    if (view.byteLength < 30 || !startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return UNREADABLE;
    return found("image/webp", view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
  }
  if (chunk === "VP8L") {
    if (view.byteLength < 25 || bytes[20] !== 0x2f) return UNREADABLE;
    const bits = view.getUint32(21, true);
    return found("image/webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X") {
    if (view.byteLength < 30) return UNREADABLE;
    const width = (view.getUint8(24) | (view.getUint8(25) << 8) | (view.getUint8(26) << 16)) + 1;
    const height = (view.getUint8(27) | (view.getUint8(28) << 8) | (view.getUint8(29) << 16)) + 1;
    return found("image/webp", width, height);
  }
  return UNREADABLE;
}

interface Box {
  type: string;
  /** Where the box's content starts. */
  start: number;
  end: number;
}

/** The ISO-BMFF boxes between `start` and `end`; stops at the first malformed one. */
function boxes(bytes: Uint8Array, view: DataView, start: number, end: number): Box[] {
  const found: Box[] = [];
  let offset = start;
  while (offset + 8 <= end && found.length < MAX_BOXES) {
    let size = view.getUint32(offset);
    let header = 8;
    if (size === 1) {
      if (offset + 16 > end) break;
      size = Number(view.getBigUint64(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) {
      // A truncated last box still exposes its start: enough to find a small property inside it.
      found.push({ type: ascii(bytes, offset + 4, 4), start: offset + header, end });
      break;
    }
    found.push({ type: ascii(bytes, offset + 4, 4), start: offset + header, end: offset + size });
    offset += size;
  }
  return found;
}

function child(bytes: Uint8Array, view: DataView, parent: Box | undefined, type: string, skip = 0): Box | undefined {
  return parent && boxes(bytes, view, parent.start + skip, parent.end).find((box) => box.type === type);
}

function inspectAvif(bytes: Uint8Array, view: DataView): Inspection {
  const [ftyp] = boxes(bytes, view, 0, view.byteLength);
  if (!ftyp || ftyp.type !== "ftyp") return { ok: false, reason: "UNSUPPORTED_TYPE" };
  const brands = [ascii(bytes, ftyp.start, 4)];
  for (let offset = ftyp.start + 8; offset + 4 <= ftyp.end; offset += 4) brands.push(ascii(bytes, offset, 4));
  if (!brands.includes("avif") && !brands.includes("avis")) return { ok: false, reason: "UNSUPPORTED_TYPE" };
  const meta = boxes(bytes, view, ftyp.end, view.byteLength).find((box) => box.type === "meta");
  // meta is a FullBox: four bytes of version and flags precede its children.
  const ipco = child(bytes, view, child(bytes, view, meta, "iprp", 4), "ipco");
  const ispe = child(bytes, view, ipco, "ispe");
  if (!ispe || ispe.start + 12 > view.byteLength) return UNREADABLE;
  return found("image/avif", view.getUint32(ispe.start + 4), view.getUint32(ispe.start + 8));
}

/**
 * What the bytes are, judged only by their magic numbers, and the pixel size
 * their header declares. Never throws: any input gets an answer.
 */
export function inspectImage(bytes: Uint8Array): Inspection {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return inspectPng(view);
    if (startsWith(bytes, [0xff, 0xd8, 0xff])) return inspectJpeg(view);
    if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return inspectWebp(bytes, view);
    if (ascii(bytes, 4, 4) === "ftyp") return inspectAvif(bytes, view);
  } catch (error) {
    if (error instanceof RangeError) return UNREADABLE;
    throw error;
  }
  return { ok: false, reason: "UNSUPPORTED_TYPE" };
}
