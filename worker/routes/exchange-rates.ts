import { createRoute } from "@hono/zod-openapi";
import { CurrentRates, RATES_STALE_AFTER_DAYS, utcDate } from "../../schema/api/exchange-rates";
import { database } from "../db/client";
import { currentRates } from "../db/exchange-rates";
import { createRouter, jsonContent } from "../lib/openapi";

export const exchangeRateRoutes = createRouter();

/** Rates change once a day; five minutes of caching keeps a freshly loaded day from waiting long. */
const RATES_CACHE_CONTROL = "public, max-age=300";

const read = createRoute({
  method: "get",
  path: "/",
  tags: ["Site"],
  summary: "The exchange rates in force, for approximate prices in a viewer's currency (never for bids)",
  description: `Each currency pair's newest rate; rates dated more than ${RATES_STALE_AFTER_DAYS} days ago are stale and left out.`,
  responses: { 200: jsonContent(CurrentRates, "The rates in force") },
});

exchangeRateRoutes.openapi(read, async (c) => {
  const rates = await currentRates(database(c.env.DB), utcDate(Date.now()));
  const asOf = rates.reduce<string | null>((newest, rate) => (newest === null || rate.date > newest ? rate.date : newest), null);
  return c.json({ rates, asOf, staleAfterDays: RATES_STALE_AFTER_DAYS }, 200, { "cache-control": RATES_CACHE_CONTROL });
});
