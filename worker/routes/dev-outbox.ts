import { createRoute, z } from "@hono/zod-openapi";
import { OutboxList } from "../../schema/api/account";
import type { MailRow } from "../../schema/db";
import { database } from "../db/client";
import { latestMail } from "../db/email-codes";
import { ApiError } from "../lib/errors";
import { createRouter, errorResponses, jsonContent } from "../lib/openapi";
import { outboxAvailable } from "../mail/mailer";

/** Exists only when mail is kept in the outbox (local development and tests), never with real delivery. */
export const devOutboxRoutes = createRouter();

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Development"],
  summary: "Mail kept by the dev outbox, newest first (404 unless MAIL_TRANSPORT=outbox and SITE_URL is local)",
  request: { query: z.object({ to: z.email().optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }) },
  responses: { 200: jsonContent(OutboxList, "Messages"), ...errorResponses(400, 404) },
});

function toMessage(row: MailRow) {
  return { id: row.id, to: row.toAddress, subject: row.subject, text: row.textBody, html: row.htmlBody, headers: row.headers, sentAt: row.sentAt };
}

devOutboxRoutes.openapi(list, async (c) => {
  if (!outboxAvailable(c.env)) throw new ApiError(404, "NOT_FOUND", "No route matches GET /api/dev/outbox");
  const { to, limit } = c.req.valid("query");
  return c.json({ items: (await latestMail(database(c.env.DB), limit, to)).map(toMessage) }, 200);
});
