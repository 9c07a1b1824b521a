import { createRoute } from "@hono/zod-openapi";
import { AdminRates, RATES_STALE_AFTER_DAYS, RatesUpload, utcDate } from "../../schema/api/exchange-rates";
import { requireAuth, requireRole } from "../auth/middleware";
import { auditInsert } from "../db/audit";
import { database } from "../db/client";
import { latestRatesForAdmin, ratesOn, replaceRatesStatements } from "../db/exchange-rates";
import { auditActor } from "../lib/audit-actor";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";

export const adminRateRoutes = createRouter();
adminRateRoutes.use("*", requireAuth, requireRole("admin"));

const DAY_MS = 24 * 60 * 60 * 1000;

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Admin"],
  summary: "Each currency pair's newest exchange rate, who loaded it, and whether it is stale",
  security: authenticated,
  responses: { 200: jsonContent(AdminRates, "The rates"), ...errorResponses(401, 403) },
});

adminRateRoutes.openapi(list, async (c) =>
  c.json({ items: await latestRatesForAdmin(database(c.env.DB), utcDate(Date.now())), staleAfterDays: RATES_STALE_AFTER_DAYS }, 200),
);

const replace = createRoute({
  method: "put",
  path: "/",
  tags: ["Admin"],
  summary: "Load one day's rates against a base currency, replacing any loaded for that base and day",
  description: "Rates are decimal strings (units of each quote per unit of the base). They only ever feed approximate prices and the search price filter.",
  security: authenticated,
  request: { body: jsonBody(RatesUpload) },
  responses: { 200: jsonContent(AdminRates, "The rates now in force"), ...errorResponses(400, 401, 403, 415) },
});

adminRateRoutes.openapi(replace, async (c) => {
  const upload = c.req.valid("json");
  const now = Date.now();
  // A day ahead of UTC is today somewhere (Tokyo publishes before London wakes); later is a typo.
  if (upload.date > utcDate(now + DAY_MS)) {
    throw new ApiError(400, "VALIDATION_FAILED", "The request body is invalid", { fieldErrors: { date: ["Rates can't be dated in the future"] } });
  }
  const db = database(c.env.DB);
  const actor = auditActor(c);
  const before = await ratesOn(db, upload.base, upload.date);
  await db.batch([
    ...replaceRatesStatements(db, upload, actor.actorId, now),
    auditInsert(db, actor, { action: "rates.update", targetType: "exchange_rates", targetId: `${upload.base}@${upload.date}`, before, after: upload }, now),
  ]);
  return c.json({ items: await latestRatesForAdmin(db, utcDate(now)), staleAfterDays: RATES_STALE_AFTER_DAYS }, 200);
});
