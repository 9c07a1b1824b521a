import { createRoute, z } from "@hono/zod-openapi";
import { OperationsOverview } from "../../schema/api/admin";
import { requireAuth, requireRole } from "../auth/middleware";
import { auditInsert } from "../db/audit";
import { database } from "../db/client";
import { claimDeadLetter, listDeadLetters, operationCounts, restoreDeadLetter } from "../db/operations";
import { auditActor } from "../lib/audit-actor";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonContent } from "../lib/openapi";
import { deliverNotice } from "../notifications/deliver";
import { NoticeMessage } from "../notifications/message";

export const adminOperationsRoutes = createRouter();
adminOperationsRoutes.use("*", requireAuth, requireRole("admin"));

const HEALTH_PROBE = "health-probe";

async function answers(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch {
    return false;
  }
}

const overview = createRoute({
  method: "get",
  path: "/",
  tags: ["Admin"],
  summary: "Health of D1, R2, Durable Objects and the queue; counts; notification dead letters",
  security: authenticated,
  responses: { 200: jsonContent(OperationsOverview, "The site now"), ...errorResponses(401, 403) },
});

adminOperationsRoutes.openapi(overview, async (c) => {
  const db = database(c.env.DB);
  const now = Date.now();
  const [d1, r2, durableObjects, counts, deadLetters] = await Promise.all([
    answers(() => c.env.DB.prepare("SELECT 1").first()),
    answers(() => c.env.IMAGES.head(HEALTH_PROBE)),
    answers(async () => {
      if ((await c.env.AUCTION_ROOM.get(c.env.AUCTION_ROOM.idFromName(HEALTH_PROBE)).ping()) !== "pong") throw new Error("unexpected ping reply");
    }),
    operationCounts(db, now),
    listDeadLetters(db),
  ]);
  const { recentDeadLetters, ...shown } = counts;
  return c.json(
    {
      health: { d1, r2, durableObjects, queue: typeof c.env.NOTIFICATIONS?.send === "function" && recentDeadLetters === 0 },
      queueNote: `A queue cannot be probed without sending a message: this checks the producer binding and counts dead letters of the last hour (${recentDeadLetters}).`,
      counts: shown,
      deadLetters,
    },
    200,
  );
});

const MessageId = z.object({ id: z.string().min(1).max(200) });

const replay = createRoute({
  method: "post",
  path: "/dead-letters/{id}/replay",
  tags: ["Admin"],
  summary: "Deliver a dead letter now (delivery is idempotent) and remove it; a letter that does not parse can only be discarded",
  security: authenticated,
  request: { params: MessageId },
  responses: { 204: { description: "Delivered" }, ...errorResponses(401, 403, 404, 422) },
});

adminOperationsRoutes.openapi(replay, async (c) => {
  const db = database(c.env.DB);
  const letter = await claimDeadLetter(db, c.req.valid("param").id);
  if (!letter) throw new ApiError(404, "NOT_FOUND", "No dead letter has this id");
  const parsed = NoticeMessage.safeParse(JSON.parse(letter.body));
  if (!parsed.success) {
    await restoreDeadLetter(db, letter);
    throw new ApiError(422, "RULE_VIOLATION", "This message does not parse as a notice; discard it instead");
  }
  const now = Date.now();
  try {
    await deliverNotice(c.env, parsed.data, now);
  } catch (error) {
    await restoreDeadLetter(db, letter);
    throw error;
  }
  await auditInsert(db, auditActor(c), { action: "dead_letter.replay", targetType: "dead_letter", targetId: letter.messageId, before: { attempts: letter.attempts, receivedAt: letter.receivedAt }, after: { delivered: true } }, now);
  return c.body(null, 204);
});

const discard = createRoute({
  method: "delete",
  path: "/dead-letters/{id}",
  tags: ["Admin"],
  summary: "Discard a dead letter (its body stays in the audit log)",
  security: authenticated,
  request: { params: MessageId },
  responses: { 204: { description: "Discarded" }, ...errorResponses(401, 403, 404) },
});

adminOperationsRoutes.openapi(discard, async (c) => {
  const db = database(c.env.DB);
  const letter = await claimDeadLetter(db, c.req.valid("param").id);
  if (!letter) throw new ApiError(404, "NOT_FOUND", "No dead letter has this id");
  await auditInsert(db, auditActor(c), { action: "dead_letter.discard", targetType: "dead_letter", targetId: letter.messageId, before: letter, after: null }, Date.now());
  return c.body(null, 204);
});
