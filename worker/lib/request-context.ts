import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { log } from "./log";

/** Ids from upstream (the web app's proxy) are kept when they look like ours. */
const ACCEPTED_REQUEST_ID = /^[\w-]{8,64}$/;

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  const started = Date.now();
  await next();
  // WebSocket upgrade responses have immutable headers.
  if (c.res.status !== 101) c.res.headers.set("X-Request-Id", requestId);
  log("info", "request", {
    requestId,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    durationMs: Date.now() - started,
  });
});

export function clientIp(request: Request): string {
  return request.headers.get("cf-connecting-ip") ?? "unknown";
}
