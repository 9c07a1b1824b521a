import type { ErrorBody, ListingImage } from "$schema";

/** The longest side a photo is uploaded at; bigger ones are scaled down in the browser first. */
export const MAX_UPLOAD_SIDE_PX = 2048;
/** Files at most this big whose sides are within the limit go up untouched. */
export const SMALL_FILE_BYTES = 1.5 * 1024 * 1024;
const JPEG_QUALITY = 0.85;

export interface PreparedImage {
  blob: Blob;
  /** True when the photo was scaled or re-encoded before upload. */
  resized: boolean;
  width: number | null;
  height: number | null;
  /** The photo's own size, when the browser could decode it. */
  original: { width: number; height: number } | null;
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

/**
 * A photo ready for upload: decoded, scaled to at most 2048 px on its long
 * side and re-encoded (JPEG ~0.85; WebP for formats that may be transparent, so
 * a PNG cut-out keeps its alpha, or PNG when the browser can't write WebP).
 * Small files within the limit, and anything the browser can't decode, go up
 * as they are: the API checks the bytes either way.
 */
export async function prepareImage(file: File): Promise<PreparedImage> {
  const untouched: PreparedImage = { blob: file, resized: false, width: null, height: null, original: null };
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
    const oversized = Math.max(width, height) > MAX_UPLOAD_SIDE_PX;
    if (!oversized && file.size <= SMALL_FILE_BYTES) return { ...untouched, width, height, original };
    const target = fitWithin(width, height, MAX_UPLOAD_SIDE_PX);
    const canvas = canvasOf(target.width, target.height);
    const context = canvas.getContext("2d") as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
    if (!context) return untouched;
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = "high";
    const mayBeTransparent = file.type !== "image/jpeg";
    if (!mayBeTransparent) {
      // JPEG has no alpha: paint white so nothing turns black.
      context.fillStyle = "#fff";
      context.fillRect(0, 0, target.width, target.height);
    }
    context.drawImage(bitmap, 0, 0, target.width, target.height);
    let blob: Blob | null;
    if (mayBeTransparent) {
      blob = await encode(canvas, "image/webp", JPEG_QUALITY);
      // Browsers that can't write WebP hand back a PNG, which keeps the alpha too.
      if (blob && blob.type !== "image/webp" && blob.type !== "image/png") blob = null;
    } else {
      blob = await encode(canvas, "image/jpeg", JPEG_QUALITY);
    }
    if (!blob) return oversized ? untouched : { ...untouched, width, height, original };
    // Re-encoding a photo that needed no scaling is only worth it when it got smaller.
    if (!oversized && blob.size >= file.size) return { ...untouched, width, height, original };
    return { blob, resized: true, width: target.width, height: target.height, original };
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
        const message = (parsed as ErrorBody | null)?.error?.message ?? `The upload failed (HTTP ${request.status}).`;
        reject(new UploadError(message, request.status));
      }
    });
    request.addEventListener("error", () => reject(new UploadError("The upload failed; check your connection and retry.", 0)));
    request.addEventListener("abort", () => reject(new UploadError("The upload was cancelled.", 0)));
    request.send(body);
  });
}
