import { MAX_IMAGE_BYTES, MAX_IMAGES_PER_LISTING } from "$schema";

/**
 * The site's own checks on requests for its pages (the API worker checks
 * /api requests itself). SvelteKit's built-in form CSRF check is off
 * (svelte.config.js) because it runs before any hook and cannot exempt the
 * RFC 8058 one-click unsubscribe POST, which mail clients send without
 * Origin; `crossSiteFormRefusal` does the same job for the pages, stricter.
 */

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const FORM_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

/** Fields only (login, settings, listing text): far above the longest description. */
export const MAX_FORM_BYTES = 256 * 1024;
/** The listing forms' no-JavaScript fallback posts the photos themselves. */
export const MAX_MULTIPART_FORM_BYTES = MAX_IMAGES_PER_LISTING * MAX_IMAGE_BYTES + MAX_FORM_BYTES;

function contentTypeOf(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * A form POST (or any body-carrying mutation) to a page must come from one of
 * our pages: the same origin. A missing, empty or "null" Origin counts as
 * cross-site (browsers always send Origin on form POSTs; sandboxed frames and
 * some redirects send "null").
 */
export function crossSiteFormRefusal(request: Request, url: URL): Response | null {
  if (!UNSAFE_METHODS.has(request.method)) return null;
  const origin = request.headers.get("origin");
  if (origin === url.origin) return null;
  const contentType = contentTypeOf(request);
  if (contentType !== "" && !FORM_CONTENT_TYPES.includes(contentType)) return null;
  return new Response(`Cross-site ${request.method} form submissions are forbidden`, { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/**
 * Form bodies over a sensible size are refused before anything reads them.
 * Browsers always declare the length of a form body; one that does not is
 * refused too, since it could be any size.
 */
export function oversizedFormRefusal(request: Request): Response | null {
  if (!UNSAFE_METHODS.has(request.method) || request.body === null) return null;
  const limit = contentTypeOf(request) === "multipart/form-data" ? MAX_MULTIPART_FORM_BYTES : MAX_FORM_BYTES;
  const declared = request.headers.get("content-length");
  if (declared === null) return new Response("Send the form with a Content-Length", { status: 411, headers: { "content-type": "text/plain; charset=utf-8" } });
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0 || length > limit) {
    return new Response(`Form bodies are limited to ${limit} bytes`, { status: 413, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return null;
}

/**
 * Headers on every page besides the Content-Security-Policy, which SvelteKit
 * writes with a fresh nonce per page (kit.csp in svelte.config.js).
 */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  // X-Frame-Options for browsers that predate CSP's frame-ancestors.
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
};
