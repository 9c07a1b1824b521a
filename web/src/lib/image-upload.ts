import { MAX_THUMBNAIL_BYTES, type ErrorBody, type ListingImage } from "$schema";
import { m } from "$schema/paraglide/messages.js";

/** The longest side a photo is uploaded at; bigger ones are scaled down in the browser first. */
export const MAX_UPLOAD_SIDE_PX = 2048;
/** Files at most this big whose sides are within the limit go up untouched. */
export const SMALL_FILE_BYTES = 1.5 * 1024 * 1024;
const JPEG_QUALITY = 0.85;
/** Cards are at most ~300 CSS px wide: 480 px covers them at 1.5× density in a few tens of KB. */
export const THUMBNAIL_WIDTH_PX = 480;
const THUMBNAIL_MAX_HEIGHT_PX = 640;
const THUMBNAIL_QUALITY = 0.75;

export interface PreparedImage {
  blob: Blob;
  /** True when the photo was scaled or re-encoded before upload. */
  resized: boolean;
  width: number | null;
  height: number | null;
  /** The photo's own size, when the browser could decode it. */
  original: { width: number; height: number } | null;
  /** A ~480 px wide WebP (or JPEG) for lists and cards; null when the browser couldn't make one. */
  thumbnail: Blob | null;
}

type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;

function canvasOf(width: number, height: number): AnyCanvas {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function encode(canvas: AnyCanvas, type: string, quality: number): Promise<Blob | null> {
  if ("convertToBlob" in canvas) return canvas.convertToBlob({ type, quality }).catch(() => null);
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/** The longest side scaled down to `max`, keeping the aspect ratio; never scaled up. */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Draws `bitmap` at `width`×`height`; `opaque` paints white first (JPEG has no alpha). */
function draw(bitmap: ImageBitmap, width: number, height: number, opaque: boolean): AnyCanvas | null {
  const canvas = canvasOf(width, height);
  const context = canvas.getContext("2d") as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!context) return null;
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = "high";
  if (opaque) {
    context.fillStyle = "#fff";
    context.fillRect(0, 0, width, height);
  }
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

/** The list-sized copy: WebP where the browser writes it, else JPEG on white; null if too big or impossible. */
async function makeThumbnail(bitmap: ImageBitmap): Promise<Blob | null> {
  const scale = Math.min(1, THUMBNAIL_WIDTH_PX / bitmap.width, THUMBNAIL_MAX_HEIGHT_PX / bitmap.height);
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const transparent = draw(bitmap, width, height, false);
  let blob = transparent ? await encode(transparent, "image/webp", THUMBNAIL_QUALITY) : null;
  if (!blob || blob.type !== "image/webp") {
    const opaque = draw(bitmap, width, height, true);
    blob = opaque ? await encode(opaque, "image/jpeg", THUMBNAIL_QUALITY) : null;
  }
  return blob && blob.size <= MAX_THUMBNAIL_BYTES && (blob.type === "image/webp" || blob.type === "image/jpeg") ? blob : null;
}

/**
 * A photo ready for upload: decoded, scaled to at most 2048 px on its long
 * side and re-encoded (JPEG ~0.85; WebP for formats that may be transparent, so
 * a PNG cut-out keeps its alpha, or PNG when the browser can't write WebP).
 * Small files within the limit, and anything the browser can't decode, go up
 * as they are: the API checks the bytes either way.
 */
export async function prepareImage(file: File): Promise<PreparedImage> {
  const untouched: PreparedImage = { blob: file, resized: false, width: null, height: null, original: null, thumbnail: null };
  if (typeof createImageBitmap !== "function") return untouched;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return untouched;
  }
  try {
    const { width, height } = bitmap;
    const original = { width, height };
    const thumbnail = await makeThumbnail(bitmap);
    const decoded = { ...untouched, width, height, original, thumbnail };
    const oversized = Math.max(width, height) > MAX_UPLOAD_SIDE_PX;
    if (!oversized && file.size <= SMALL_FILE_BYTES) return decoded;
    const target = fitWithin(width, height, MAX_UPLOAD_SIDE_PX);
    const mayBeTransparent = file.type !== "image/jpeg";
    // JPEG has no alpha: paint white so nothing turns black.
    const canvas = draw(bitmap, target.width, target.height, !mayBeTransparent);
    if (!canvas) return { ...untouched, thumbnail };
    let blob: Blob | null;
    if (mayBeTransparent) {
      blob = await encode(canvas, "image/webp", JPEG_QUALITY);
      // Browsers that can't write WebP hand back a PNG, which keeps the alpha too.
      if (blob && blob.type !== "image/webp" && blob.type !== "image/png") blob = null;
    } else {
      blob = await encode(canvas, "image/jpeg", JPEG_QUALITY);
    }
    if (!blob) return oversized ? { ...untouched, thumbnail } : decoded;
    // Re-encoding a photo that needed no scaling is only worth it when it got smaller.
    if (!oversized && blob.size >= file.size) return decoded;
    return { blob, resized: true, width: target.width, height: target.height, original, thumbnail };
  } finally {
    bitmap.close();
  }
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Uploads one image with XMLHttpRequest, whose upload progress events fetch
 * lacks. `onProgress` gets a fraction from 0 to 1.
 */
export function uploadImage(body: Blob, options: { auctionId?: string; onProgress?: (fraction: number) => void } = {}): Promise<ListingImage> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    const query = options.auctionId ? `?auctionId=${encodeURIComponent(options.auctionId)}` : "";
    request.open("POST", `/api/images${query}`);
    request.setRequestHeader("accept", "application/json");
    if (body.type) request.setRequestHeader("content-type", body.type);
    request.responseType = "text";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(request.responseText);
      } catch {
        parsed = null;
      }
      if (request.status >= 200 && request.status < 300 && parsed) {
        options.onProgress?.(1);
        resolve(parsed as ListingImage);
      } else {
        const message = (parsed as ErrorBody | null)?.error?.message ?? m.listing_photo_upload_failed_status({ status: request.status });
        reject(new UploadError(message, request.status));
      }
    });
    request.addEventListener("error", () => reject(new UploadError(m.listing_photo_upload_failed(), 0)));
    request.addEventListener("abort", () => reject(new UploadError(m.listing_photo_upload_cancelled(), 0)));
    request.send(body);
  });
}

/**
 * Stores the list-sized copy beside an uploaded photo. A failure leaves the
 * photo as it is (lists then fall back to it), so it only returns null.
 */
export async function uploadThumbnail(imageId: string, thumbnail: Blob): Promise<ListingImage | null> {
  try {
    const response = await fetch(`/api/images/${encodeURIComponent(imageId)}/thumbnail`, {
      method: "PUT",
      credentials: "same-origin",
      headers: { accept: "application/json", "content-type": thumbnail.type },
      body: thumbnail,
    });
    return response.ok ? ((await response.json()) as ListingImage) : null;
  } catch {
    return null;
  }
}
