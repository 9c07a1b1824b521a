import { createRoute } from "@hono/zod-openapi";
import { Liveness, Readiness } from "../../schema/api/health";
import { createRouter, jsonContent } from "../lib/openapi";

export const healthRoutes = createRouter();

const HEALTH_PROBE_ROOM = "health-probe";

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; latencyMs: number }> {
  const started = Date.now();
  try {
    await check();
    return { ok: true, latencyMs: Date.now() - started };
  } catch {
    return { ok: false, latencyMs: Date.now() - started };
  }
}

const liveness = createRoute({
  method: "get",
  path: "/",
  tags: ["Health"],
  summary: "The worker is up",
  responses: { 200: jsonContent(Liveness, "Alive") },
});

healthRoutes.openapi(liveness, (c) => c.json({ status: "ok" as const }, 200));

const readiness = createRoute({
  method: "get",
  path: "/ready",
  tags: ["Health"],
  summary: "D1, R2 and a Durable Object all answer",
  responses: {
    200: jsonContent(Readiness, "Every dependency answered"),
    503: jsonContent(Readiness, "At least one dependency failed"),
  },
});

healthRoutes.openapi(readiness, async (c) => {
  const [d1, r2, durableObject] = await Promise.all([
    timed(() => c.env.DB.prepare("SELECT 1").first()),
    timed(() => c.env.IMAGES.head(HEALTH_PROBE_ROOM)),
    timed(async () => {
      const room = c.env.AUCTION_ROOM.get(c.env.AUCTION_ROOM.idFromName(HEALTH_PROBE_ROOM));
      if ((await room.ping()) !== "pong") throw new Error("unexpected ping reply");
    }),
  ]);
  const checks = { d1, r2, durableObject };
  const ready = d1.ok && r2.ok && durableObject.ok;
  return ready
    ? c.json({ status: "ready" as const, checks }, 200)
    : c.json({ status: "degraded" as const, checks }, 503);
});
