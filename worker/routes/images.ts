import { createRoute, z } from "@hono/zod-openapi";
import { MAX_IMAGES_PER_LISTING, MAX_THUMBNAIL_BYTES, MAX_THUMBNAIL_SIDE_PX, THUMBNAIL_TYPES, ListingImage } from "../../schema/api/catalog";
import { requireAuth } from "../auth/middleware";
import { database } from "../db/client";
import { countImages, countUnclaimedImages, deleteImageRows, findImage, insertImage, setThumbnail, toListingImage } from "../db/images";
import { assertListingOpen } from "../catalog/listing-lock";
import { findAuctionRow } from "../db/listings";
import { readImageUpload } from "../images/multipart";
import { checkImage, deleteImageObjects, IMMUTABLE_CACHE, newObjectKey, putImage, readUpload } from "../images/store";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonContent } from "../lib/openapi";

export const imageRoutes = createRouter();
imageRoutes.on(["POST", "DELETE"], ["/", "/:id"], requireAuth);
imageRoutes.on("PUT", "/:id/thumbnail", requireAuth);

/** Unclaimed uploads a user may hold at once: enough for a few drafts in progress, not a free file host. */
const MAX_UNCLAIMED_UPLOADS = 40;
const SERVED_TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/avif"]);

const upload = createRoute({
  method: "post",
  path: "/",
  tags: ["Images"],
  summary: "Upload one image (the raw bytes as the body, or multipart/form-data with one file field); optionally attach it to your listing at once",
  description:
    "JPEG, PNG, WebP or AVIF, recognised by content (the declared type and file name are ignored); at most 10 MiB " +
    "(413, refused before the body is read when Content-Length says so) and 12,000 px a side / 50 megapixels (422). " +
    "Without `auctionId` the image waits to be listed in a listing's `imageIds`; unclaimed uploads are deleted after a day.",
  security: authenticated,
  request: {
    query: z.object({ auctionId: z.uuid().optional() }),
    body: {
      content: {
        "application/octet-stream": { schema: z.string().meta({ format: "binary" }) },
        // A plain schema, not zod: documented, but read by readImageUpload rather than the form validator (which would buffer any size).
        "multipart/form-data": {
          schema: { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary", description: "The image: exactly one file field, of any name" } } },
        },
      },
      required: true,
    },
  },
  responses: { 201: jsonContent(ListingImage, "Stored"), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
});

imageRoutes.openapi(upload, async (c) => {
  const { user } = c.get("auth");
  const { auctionId } = c.req.valid("query");
  const db = database(c.env.DB);
  if (user.emailVerifiedAt === null) throw new ApiError(403, "NOT_VERIFIED", "Verify your email address first");
  if (auctionId !== undefined) {
    const listing = await findAuctionRow(db, auctionId);
    if (!listing || (listing.status === "draft" && listing.sellerId !== user.id)) throw new ApiError(404, "NOT_FOUND", "No auction has this id");
    if (listing.sellerId !== user.id) throw new ApiError(403, "FORBIDDEN", "Only the seller can add images");
    assertListingOpen(listing, Date.now());
    if ((await countImages(db, auctionId)) >= MAX_IMAGES_PER_LISTING) throw tooManyImages();
  } else if ((await countUnclaimedImages(db, user.id)) >= MAX_UNCLAIMED_UPLOADS) {
    throw new ApiError(429, "RATE_LIMITED", "Attach or delete some uploads before adding more", {}, { "Retry-After": "3600" });
  }
  const bytes = await readImageUpload(c.req.raw);
  const info = checkImage(bytes);
  const row = {
    id: crypto.randomUUID(),
    objectKey: newObjectKey(),
    ownerId: user.id,
    auctionId: auctionId ?? null,
    position: auctionId !== undefined ? await countImages(db, auctionId) : 0,
    contentType: info.type,
    width: info.width,
    height: info.height,
    bytes: bytes.byteLength,
    thumbKey: null,
    thumbWidth: null,
    thumbHeight: null,
    thumbBytes: null,
    createdAt: Date.now(),
  };
  await putImage(c.env.IMAGES, row.objectKey, bytes, info);
  await insertImage(db, row);
  // Two uploads racing for the last free place both passed the first check; the later one gives way.
  if (auctionId !== undefined && (await countImages(db, auctionId)) > MAX_IMAGES_PER_LISTING) {
    await deleteImageRows(db, [row.id]);
    await deleteImageObjects(c.env.IMAGES, [row]);
    throw tooManyImages();
  }
  return c.json(toListingImage(row), 201);
});

function tooManyImages(): ApiError {
  return new ApiError(422, "TOO_MANY_IMAGES", `A listing has at most ${MAX_IMAGES_PER_LISTING} images`);
}

const thumbnail = createRoute({
  method: "put",
  path: "/{id}/thumbnail",
  tags: ["Images"],
  summary: "Set the small copy of one of your images that lists and cards show (the raw bytes as the body)",
  description:
    `A WebP or JPEG of at most ${MAX_THUMBNAIL_SIDE_PX} px a side and ${MAX_THUMBNAIL_BYTES / 1024} KiB, recognised by content; ` +
    "the site makes one about 480 px wide in the browser at upload. Replaces an earlier thumbnail.",
  security: authenticated,
  request: {
    params: z.object({ id: z.uuid() }),
    body: { content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } }, required: true },
  },
  responses: { 200: jsonContent(ListingImage, "The image with its thumbnail"), ...errorResponses(400, 401, 404, 413, 415, 422) },
});

imageRoutes.openapi(thumbnail, async (c) => {
  const db = database(c.env.DB);
  const row = await findImage(db, c.req.valid("param").id);
  if (!row || row.ownerId !== c.get("auth").user.id) throw new ApiError(404, "NOT_FOUND", "No image of yours has this id");
  const bytes = await readUpload(c.req.raw);
  if (bytes.byteLength > MAX_THUMBNAIL_BYTES) {
    throw new ApiError(413, "PAYLOAD_TOO_LARGE", `Thumbnails are limited to ${MAX_THUMBNAIL_BYTES / 1024} KiB`, { maxBytes: MAX_THUMBNAIL_BYTES });
  }
  const info = checkImage(bytes);
  if (!(THUMBNAIL_TYPES as readonly string[]).includes(info.type)) {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Thumbnails are WebP or JPEG", { accepted: [...THUMBNAIL_TYPES] });
  }
  if (info.width > MAX_THUMBNAIL_SIDE_PX || info.height > MAX_THUMBNAIL_SIDE_PX) {
    throw new ApiError(422, "IMAGE_TOO_LARGE", `Thumbnails are limited to ${MAX_THUMBNAIL_SIDE_PX} px a side`, { width: info.width, height: info.height });
  }
  const key = newObjectKey();
  await putImage(c.env.IMAGES, key, bytes, info);
  const updated = await setThumbnail(db, row.id, { key, width: info.width, height: info.height, bytes: bytes.byteLength });
  if (!updated) {
    // Deleted meanwhile: nothing may point at the new object.
    await c.env.IMAGES.delete(key);
    throw new ApiError(404, "NOT_FOUND", "No image of yours has this id");
  }
  if (row.thumbKey !== null) await c.env.IMAGES.delete(row.thumbKey);
  return c.json(toListingImage(updated), 200);
});

const serve = createRoute({
  method: "get",
  path: "/{key}",
  tags: ["Images"],
  summary: "An image's bytes, cacheable forever (keys never change content)",
  request: { params: z.object({ key: z.string().regex(/^[0-9a-f]{32}$/) }) },
  responses: {
    200: { description: "The image", content: { "image/*": { schema: z.string().meta({ format: "binary" }) } } },
    304: { description: "Not modified" },
    ...errorResponses(400, 404),
  },
});

imageRoutes.openapi(serve, async (c) => {
  const object = await c.env.IMAGES.get(c.req.valid("param").key, { onlyIf: c.req.raw.headers });
  if (!object) throw new ApiError(404, "NOT_FOUND", "No image has this key");
  const contentType = object.httpMetadata?.contentType ?? "";
  const headers = new Headers({
    "content-type": SERVED_TYPES.has(contentType) ? contentType : "application/octet-stream",
    "x-content-type-options": "nosniff",
    "content-disposition": "inline",
    "content-security-policy": "default-src 'none'",
    "cache-control": IMMUTABLE_CACHE,
    etag: object.httpEtag,
  });
  if (!("body" in object)) return new Response(null, { status: 304, headers });
  headers.set("content-length", String(object.size));
  return new Response(object.body, { status: 200, headers });
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["Images"],
  summary: "Delete one of your images (from its listing too)",
  security: authenticated,
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 404, 409) },
});

imageRoutes.openapi(remove, async (c) => {
  const db = database(c.env.DB);
  const row = await findImage(db, c.req.valid("param").id);
  if (!row || row.ownerId !== c.get("auth").user.id) throw new ApiError(404, "NOT_FOUND", "No image of yours has this id");
  const listing = row.auctionId === null ? undefined : await findAuctionRow(db, row.auctionId);
  if (listing) assertListingOpen(listing, Date.now());
  await deleteImageRows(db, [row.id]);
  await deleteImageObjects(c.env.IMAGES, [row]);
  return c.body(null, 204);
});
