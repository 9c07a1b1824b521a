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

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_CHARACTERS = /^[0-9a-f:.]{2,45}$/i;
const IPV4_MAPPED = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/** The URL parser validates an IPv6 literal and compresses it (`2001:DB8:0::1` → `2001:db8::1`). */
function normalisedIpv6(value: string): string | null {
  if (!IPV6_CHARACTERS.test(value) || !value.includes(":")) return null;
  try {
    return new URL(`http://[${value}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/**
 * The address Cloudflare saw, as a normalised IPv4 or IPv6 address, or
 * "unknown". In production Cloudflare sets CF-Connecting-IP itself; locally
 * (and behind a misconfigured proxy) a client can send any string, which is
 * stored with sessions and shown on the account page, so nothing that is not
 * an address is kept.
 */
export function clientIp(request: Request): string {
  const value = (request.headers.get("cf-connecting-ip") ?? "").trim();
  if (IPV4.test(value)) return value;
  return normalisedIpv6(value) ?? "unknown";
}

/**
 * The key per-address rate limits count under: the IPv4 address, or the /64
 * an IPv6 address belongs to (one subscriber or machine usually holds a whole
 * /64, so counting single IPv6 addresses would give it 2^64 fresh limits).
 */
export function clientIpRateKey(request: Request): string {
  const ip = clientIp(request);
  if (!ip.includes(":")) return ip;
  const mapped = IPV4_MAPPED.exec(ip);
  if (mapped) {
    const high = Number.parseInt(mapped[1]!, 16);
    const low = Number.parseInt(mapped[2]!, 16);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  }
  const [head = "", tail = ""] = ip.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === "" ? [] : tail.split(":");
  const groups = ip.includes("::") ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).join(":")}::/64`;
}
