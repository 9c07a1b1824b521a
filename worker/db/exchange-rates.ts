import { and, eq, sql } from "drizzle-orm";
import { freshSince, type AdminRate, type ExchangeRate, type RatesUpload } from "../../schema/api/exchange-rates";
import { exchangeRates, users } from "../../schema/db";
import type { Database } from "./client";

/** Rows per INSERT: 7 columns each, under D1's 100 bound parameters. */
const ROWS_PER_INSERT = 14;

/** Each pair's newest rate, whatever its age. */
const newestOfEachPair = sql`${exchangeRates.rateDate} = (
  SELECT max(newer.rate_date) FROM exchange_rates newer WHERE newer.base = ${exchangeRates.base} AND newer.quote = ${exchangeRates.quote})`;

/** The rates in force on `today` (YYYY-MM-DD): each pair's newest, if it is fresh. */
export async function currentRates(db: Database, today: string): Promise<ExchangeRate[]> {
  const rows = await db
    .select({ base: exchangeRates.base, quote: exchangeRates.quote, rate: exchangeRates.rate, date: exchangeRates.rateDate })
    .from(exchangeRates)
    .where(and(newestOfEachPair, sql`${exchangeRates.rateDate} >= ${freshSince(today)}`))
    .orderBy(exchangeRates.base, exchangeRates.quote);
  return rows;
}

/** Each pair's newest rate with who loaded it, stale ones marked, for the admin console. */
export async function latestRatesForAdmin(db: Database, today: string): Promise<AdminRate[]> {
  const rows = await db
    .select({ rate: exchangeRates, email: users.email })
    .from(exchangeRates)
    .leftJoin(users, eq(users.id, exchangeRates.loadedBy))
    .where(newestOfEachPair)
    .orderBy(exchangeRates.base, exchangeRates.quote);
  const fresh = freshSince(today);
  return rows.map(({ rate, email }) => ({
    base: rate.base,
    quote: rate.quote,
    rate: rate.rate,
    date: rate.rateDate,
    source: rate.source,
    loadedAt: rate.loadedAt,
    loadedBy: rate.loadedBy && email ? { id: rate.loadedBy, email } : null,
    stale: rate.rateDate < fresh,
  }));
}

/** The rates one base already has on that date, as `quote → rate` (the audit entry's "before"). */
export async function ratesOn(db: Database, base: string, date: string): Promise<Record<string, string> | null> {
  const rows = await db
    .select({ quote: exchangeRates.quote, rate: exchangeRates.rate })
    .from(exchangeRates)
    .where(and(eq(exchangeRates.base, base), eq(exchangeRates.rateDate, date)));
  return rows.length === 0 ? null : Object.fromEntries(rows.map((row) => [row.quote, row.rate]));
}

/**
 * The statements that make `upload` the base's rates on its date, replacing
 * any loaded for that date before: run them in one batch with the audit entry.
 */
export function replaceRatesStatements(db: Database, upload: RatesUpload, loadedBy: string | null, now: number) {
  const rows = Object.entries(upload.rates).map(([quote, rate]) => ({
    base: upload.base,
    quote,
    rateDate: upload.date,
    rate,
    source: upload.source,
    loadedBy,
    loadedAt: now,
  }));
  const inserts = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    inserts.push(db.insert(exchangeRates).values(rows.slice(start, start + ROWS_PER_INSERT)));
  }
  return [db.delete(exchangeRates).where(and(eq(exchangeRates.base, upload.base), eq(exchangeRates.rateDate, upload.date))), ...inserts] as const;
}
