import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";
import { AUTH_COOKIE_PREFIX } from "../auth/cookies";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** The request's own origin, plus any configured in ALLOWED_ORIGINS. */
export function isAllowedOrigin(request: Request, configured: string, origin: string): boolean {
  if (origin === new URL(request.url).origin) return true;
  return configured.split(",").some((allowed) => allowed.trim() === origin);
}

/**
 * Cross-site request forgery guard for every mutation, whatever its content
 * type (Hono's csrf() only looks at form types). A browser always sends
 * `Origin` on cross-site and same-site POSTs, so a cookie-carrying mutation
 * without one, or with a foreign one, is refused. Bearer-token clients carry
 * no ambient credentials and are not subject to the check.
 */
export const originGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  const origin = c.req.header("origin");
  const carriesAuthCookie = (c.req.header("cookie") ?? "").includes(AUTH_COOKIE_PREFIX);
  const usesBearer = /^Bearer\s/i.test(c.req.header("authorization") ?? "");
  if (origin !== undefined && !isAllowedOrigin(c.req.raw, c.env.ALLOWED_ORIGINS, origin)) {
    throw new ApiError(403, "ORIGIN_NOT_ALLOWED", "Requests from this origin are not allowed");
  }
  if (origin === undefined && carriesAuthCookie && !usesBearer) {
    throw new ApiError(403, "ORIGIN_NOT_ALLOWED", "Cookie-authenticated requests must send an Origin header");
  }
  if (c.req.header("sec-fetch-site") === "cross-site") {
    throw new ApiError(403, "ORIGIN_NOT_ALLOWED", "Cross-site requests are not allowed");
  }
  return next();
});

/** JSON bodies only: a JSON payload sent as text/plain is how CSRF slips past form checks. */
export const jsonBodyGuard = createMiddleware<AppEnv>(async (c, next) => {
  // An empty POST (curl -X POST, fetch without a body) declares no type and has nothing to parse.
  if (SAFE_METHODS.has(c.req.method) || c.req.raw.body === null || c.req.header("content-length") === "0") return next();
  const contentType = c.req.header("content-type") ?? "";
  if (!JSON_CONTENT_TYPE.test(contentType)) {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json", {
      received: contentType || null,
    });
  }
  return next();
});

export const jsonBodyLimit = bodyLimit({
  maxSize: MAX_JSON_BODY_BYTES,
  onError: () => {
    throw new ApiError(413, "PAYLOAD_TOO_LARGE", `Request bodies are limited to ${MAX_JSON_BODY_BYTES} bytes`);
  },
});
