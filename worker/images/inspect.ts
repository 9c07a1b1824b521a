export type ImageType = "image/jpeg" | "image/png" | "image/webp" | "image/avif";

export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

export type Inspection = { ok: true; info: ImageInfo } | { ok: false; reason: "UNSUPPORTED_TYPE" | "UNREADABLE" };

/**
 * The prefix a caller may pass instead of the whole file. EXIF, ICC and XMP
 * segments can push a JPEG's frame header this far; one beyond it is UNREADABLE.
 */
export const HEADER_BYTES_NEEDED = 64 * 1024;

const UNSUPPORTED: Inspection = { ok: false, reason: "UNSUPPORTED_TYPE" };
const UNREADABLE: Inspection = { ok: false, reason: "UNREADABLE" };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/**
 * What the bytes are, judged only by their magic numbers, and the pixel size
 * their header declares. Never throws and never reads past `bytes`.
 */
export function inspectImage(bytes: Uint8Array): Inspection {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (hasBytes(view, 0, PNG_SIGNATURE)) return inspectPng(view);
  if (hasBytes(view, 0, JPEG_SIGNATURE)) return inspectJpeg(view);
  if (hasText(view, 0, "RIFF") && hasText(view, 8, "WEBP")) return inspectWebp(view);
  if (hasText(view, 4, "ftyp")) return inspectAvif(view);
  return UNSUPPORTED;
}

function hasBytes(view: DataView, offset: number, expected: readonly number[]): boolean {
  return offset + expected.length <= view.byteLength && expected.every((value, index) => view.getUint8(offset + index) === value);
}

function hasText(view: DataView, offset: number, text: string): boolean {
  return hasBytes(view, offset, Array.from(text, (char) => char.charCodeAt(0)));
}

/** Four bytes as a FourCC, or "" where the bytes run out. */
function fourCC(view: DataView, offset: number): string {
  if (offset + 4 > view.byteLength) return "";
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
}

function found(type: ImageType, width: number, height: number): Inspection {
  return width > 0 && height > 0 ? { ok: true, info: { type, width, height } } : UNREADABLE;
}

// PNG

const IHDR_LENGTH = 13;

function inspectPng(view: DataView): Inspection {
  // IHDR must be the first chunk, so its width and height sit at fixed offsets.
  if (view.byteLength < 24 || view.getUint32(8) !== IHDR_LENGTH || !hasText(view, 12, "IHDR")) return UNREADABLE;
  return found("image/png", view.getUint32(16), view.getUint32(20));
}

// JPEG

const MARKER_TEM = 0x01;
const MARKER_RST0 = 0xd0;
const MARKER_SOI = 0xd8;
const MARKER_EOI = 0xd9;
const MARKER_SOS = 0xda;
/** Length, precision, height and width: the part of a frame header read here. */
const FRAME_HEADER_BYTES = 7;

/** TEM, RST0–7 and SOI stand alone: no length field follows them. */
function isStandalone(marker: number): boolean {
  return marker === MARKER_TEM || (marker >= MARKER_RST0 && marker <= MARKER_SOI);
}

/** C4 (DHT), C8 (JPG) and CC (DAC) share the start-of-frame range but carry no dimensions. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Steps from segment to segment by their lengths; every step advances, so the walk ends with the bytes. */
function inspectJpeg(view: DataView): Inspection {
  let offset = 2; // past SOI: the signature's third byte opens the first segment's marker
  while (offset + 2 <= view.byteLength) {
    if (view.getUint8(offset) !== 0xff) return UNREADABLE;
    const marker = view.getUint8(offset + 1);
    if (marker === 0xff) {
      offset += 1; // a fill byte before the real marker
    } else if (isStandalone(marker)) {
      offset += 2;
    } else if (marker === 0x00 || marker === MARKER_SOS || marker === MARKER_EOI) {
      // 00 is a stuffed byte, not a marker; scan data or the end before any frame header means no size.
      return UNREADABLE;
    } else {
      if (offset + 4 > view.byteLength) return UNREADABLE;
      const length = view.getUint16(offset + 2);
      if (isStartOfFrame(marker)) return readFrameHeader(view, offset + 2, length);
      if (length < 2) return UNREADABLE;
      offset += 2 + length;
    }
  }
  return UNREADABLE;
}

/** `start` is the segment's length field: precision follows, then height and width. */
function readFrameHeader(view: DataView, start: number, length: number): Inspection {
  if (length < FRAME_HEADER_BYTES || start + FRAME_HEADER_BYTES > view.byteLength) return UNREADABLE;
  return found("image/jpeg", view.getUint16(start + 5), view.getUint16(start + 3));
}

// WebP

/** RIFF header (12 bytes), then the first chunk's FourCC and length: its payload starts here. */
const WEBP_PAYLOAD = 20;
const VP8_START_CODE = [0x9d, 0x01, 0x2a];
const VP8L_SIGNATURE = 0x2f;

function inspectWebp(view: DataView): Inspection {
  switch (fourCC(view, 12)) {
    case "VP8 ":
      return inspectVp8(view);
    case "VP8L":
      return inspectVp8l(view);
    case "VP8X":
      return inspectVp8x(view);
    default:
      return UNREADABLE;
  }
}

/** Lossy: a 3-byte frame tag, the key frame's start code, then 14-bit sizes (the top 2 bits are scaling). */
function inspectVp8(view: DataView): Inspection {
  const start = WEBP_PAYLOAD + 3;
  if (start + 7 > view.byteLength || !hasBytes(view, start, VP8_START_CODE)) return UNREADABLE;
  return found("image/webp", view.getUint16(start + 3, true) & 0x3fff, view.getUint16(start + 5, true) & 0x3fff);
}

/** Lossless: a signature byte, then width − 1 and height − 1 in 14 bits each, an alpha hint and a 3-bit version that must be 0. */
function inspectVp8l(view: DataView): Inspection {
  if (WEBP_PAYLOAD + 5 > view.byteLength || view.getUint8(WEBP_PAYLOAD) !== VP8L_SIGNATURE) return UNREADABLE;
  const bits = view.getUint32(WEBP_PAYLOAD + 1, true);
  if (bits >>> 29 !== 0) return UNREADABLE;
  return found("image/webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
}

/** Extended: flags and 3 reserved bytes, then the canvas's width − 1 and height − 1 in 24 bits each. */
function inspectVp8x(view: DataView): Inspection {
  const start = WEBP_PAYLOAD + 4;
  if (start + 6 > view.byteLength) return UNREADABLE;
  return found("image/webp", uint24le(view, start) + 1, uint24le(view, start + 3) + 1);
}

function uint24le(view: DataView, offset: number): number {
  return view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getUint8(offset + 2) << 16);
}

// AVIF (ISO-BMFF)

interface Box {
  type: string;
  /** Where the box's content starts, after its size and type. */
  start: number;
  /** Where the box ends, or where the bytes (or its parent) end if it was cut short. */
  end: number;
}

/** A FullBox's content opens with a version byte and 3 bytes of flags. */
const FULL_BOX_HEADER = 4;

/**
 * The box at `offset`, which must end by `limit`. A box cut short by `limit`
 * keeps what there is, since the caller may pass only a prefix of the file.
 */
function readBox(view: DataView, offset: number, limit: number): Box | undefined {
  if (offset + 8 > limit) return undefined;
  const type = fourCC(view, offset + 4);
  let size = view.getUint32(offset);
  let header = 8;
  if (size === 1) {
    // A 64-bit size follows the type; read as two halves to stay exact without BigInt.
    if (offset + 16 > limit) return undefined;
    size = view.getUint32(offset + 8) * 2 ** 32 + view.getUint32(offset + 12);
    header = 16;
  } else if (size === 0) {
    size = limit - offset; // the box runs to the end of its parent
  }
  if (size < header) return undefined;
  return { type, start: offset + header, end: Math.min(offset + size, limit) };
}

/**
 * The first box of `type` among the siblings from `start` to `end`, or
 * undefined at the first malformed one. Each box is at least 8 bytes, so the
 * walk ends with the bytes.
 */
function findBox(view: DataView, start: number, end: number, type: string): Box | undefined {
  let box = readBox(view, start, end);
  while (box && box.type !== type) box = readBox(view, box.end, end);
  return box;
}

function findChild(view: DataView, parent: Box | undefined, type: string, skip = 0): Box | undefined {
  return parent && findBox(view, parent.start + skip, parent.end, type);
}

/** ftyp holds a major brand, a minor version, then compatible brands to its end. */
function brands(view: DataView, ftyp: Box): string[] {
  const list = [fourCC(view, ftyp.start)];
  for (let offset = ftyp.start + 8; offset + 4 <= ftyp.end; offset += 4) list.push(fourCC(view, offset));
  return list;
}

function inspectAvif(view: DataView): Inspection {
  const ftyp = readBox(view, 0, view.byteLength);
  if (!ftyp || ftyp.type !== "ftyp" || ftyp.start + 4 > ftyp.end) return UNSUPPORTED;
  const declared = brands(view, ftyp);
  if (!declared.includes("avif") && !declared.includes("avis")) return UNSUPPORTED;
  const meta = findBox(view, ftyp.end, view.byteLength, "meta");
  const ipco = findChild(view, findChild(view, meta, "iprp", FULL_BOX_HEADER), "ipco");
  const ispe = findChild(view, ipco, "ispe");
  // ispe is a FullBox too: then a 32-bit width and height.
  if (!ispe || ispe.start + FULL_BOX_HEADER + 8 > ispe.end) return UNREADABLE;
  return found("image/avif", view.getUint32(ispe.start + FULL_BOX_HEADER), view.getUint32(ispe.start + FULL_BOX_HEADER + 4));
}
