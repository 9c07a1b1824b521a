import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE_PX } from "../../schema/api/catalog";
import type { ImageRow } from "../../schema/db";
import { ApiError } from "../lib/errors";
import { inspectImage, type ImageInfo } from "./inspect";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
export const IMMUTABLE_CACHE = `public, max-age=${ONE_YEAR_SECONDS}, immutable`;

export function tooLarge(): ApiError {
  return new ApiError(413, "PAYLOAD_TOO_LARGE", `Images are limited to ${MAX_IMAGE_BYTES / 1024 / 1024} MiB`, { maxBytes: MAX_IMAGE_BYTES });
}

/**
 * Reads an upload, refusing it as soon as it is known to be too big: from
 * Content-Length before any byte is read, else while streaming.
 */
export async function readUpload(request: Request, maxBytes: number = MAX_IMAGE_BYTES): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (request.body === null) throw new ApiError(400, "VALIDATION_FAILED", "Send the image as the request body", { fieldErrors: { "": ["The body is empty"] } });
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Accepts only what the bytes prove to be a JPEG, PNG, WebP or AVIF of sane dimensions. */
export function checkImage(bytes: Uint8Array): ImageInfo {
  if (bytes.byteLength === 0) throw new ApiError(400, "VALIDATION_FAILED", "Send the image as the request body", { fieldErrors: { "": ["The body is empty"] } });
  const inspection = inspectImage(bytes);
  if (!inspection.ok && inspection.reason === "UNSUPPORTED_TYPE") {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Upload a JPEG, PNG, WebP or AVIF image", { accepted: ["image/jpeg", "image/png", "image/webp", "image/avif"] });
  }
  if (!inspection.ok) throw new ApiError(422, "IMAGE_UNREADABLE", "The image header could not be read; the file may be damaged");
  const { width, height } = inspection.info;
  if (width > MAX_IMAGE_SIDE_PX || height > MAX_IMAGE_SIDE_PX || width * height > MAX_IMAGE_PIXELS) {
    throw new ApiError(422, "IMAGE_TOO_LARGE", `Images are limited to ${MAX_IMAGE_SIDE_PX} px a side and ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`, {
      width,
      height,
    });
  }
  return inspection.info;
}

/** 128 random bits: image URLs cannot be guessed, so a draft's photos stay private. */
export function newObjectKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export async function putImage(bucket: R2Bucket, objectKey: string, bytes: Uint8Array, info: ImageInfo): Promise<void> {
  await bucket.put(objectKey, bytes, { httpMetadata: { contentType: info.type, cacheControl: IMMUTABLE_CACHE } });
}

export async function deleteImageObjects(bucket: R2Bucket, rows: ImageRow[]): Promise<void> {
  const keys = rows.flatMap((row) => (row.thumbKey ? [row.objectKey, row.thumbKey] : [row.objectKey]));
  if (keys.length > 0) await bucket.delete(keys);
}
