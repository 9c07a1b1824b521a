import { z } from "zod";

// No relative imports here: `npm run rates:update` loads this file with Node's
// own TypeScript support, which needs file extensions the bundled code omits.

/**
 * A rate as its publisher writes it: a positive decimal with at most 9 whole
 * and 10 fractional digits ("1.0523", "162.47", "0.0061538"). Kept as text and
 * converted with BigInt, so no float ever rounds a price.
 */
export const RATE_PATTERN = /^(?:0|[1-9]\d{0,8})(?:\.\d{1,10})?$/;

/** Rates published more than this many days before today are stale: not shown, not used by the search. */
export const RATES_STALE_AFTER_DAYS = 7;

/** Quotes one load may carry: the ECB publishes about 30, with room for more. */
export const MAX_RATES_PER_LOAD = 200;

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, { message: "Use an ISO 4217 code such as EUR" });

export const RateText = z
  .string()
  .regex(RATE_PATTERN, { message: "Write the rate as a decimal such as 1.0523 (at most 10 decimals)" })
  .refine((rate) => /[1-9]/.test(rate), { message: "A rate must be above 0" });

export const RateDate = z.iso.date({ message: "Use a date such as 2026-12-02" });

/** One day's rates against one base currency, as the admin console and `npm run rates:update` load them. */
export const RatesUpload = z
  .strictObject({
    base: CurrencyCode,
    date: RateDate,
    source: z.string().trim().min(1).max(60),
    /** Units of each quote currency that one unit of `base` buys. */
    rates: z.record(CurrencyCode, RateText),
  })
  .superRefine((upload, context) => {
    const quotes = Object.keys(upload.rates);
    if (quotes.length === 0) context.addIssue({ code: "custom", path: ["rates"], message: "Give at least one rate" });
    if (quotes.length > MAX_RATES_PER_LOAD) context.addIssue({ code: "custom", path: ["rates"], message: `At most ${MAX_RATES_PER_LOAD} rates at once` });
    if (quotes.includes(upload.base)) context.addIssue({ code: "custom", path: ["rates", upload.base], message: "The base currency has no rate against itself" });
  })
  .meta({ id: "RatesUpload" });
export type RatesUpload = z.infer<typeof RatesUpload>;

export const ExchangeRate = z
  .object({ base: z.string(), quote: z.string(), rate: z.string(), date: z.string() })
  .meta({ id: "ExchangeRate" });
export type ExchangeRate = z.infer<typeof ExchangeRate>;

/** The rates in force: each pair's newest rate, stale ones left out. */
export const CurrentRates = z
  .object({
    rates: z.array(ExchangeRate),
    /** The newest date among them; null when no fresh rate exists. */
    asOf: z.string().nullable(),
    staleAfterDays: z.number().int(),
  })
  .meta({ id: "CurrentRates" });
export type CurrentRates = z.infer<typeof CurrentRates>;

/** What the admin console lists: each pair's newest rate, stale ones included and marked. */
export const AdminRate = ExchangeRate.extend({
  source: z.string(),
  loadedAt: z.number().int(),
  /** Null when loaded from the command line. */
  loadedBy: z.object({ id: z.string(), email: z.string() }).nullable(),
  stale: z.boolean(),
}).meta({ id: "AdminRate" });
export type AdminRate = z.infer<typeof AdminRate>;

export const AdminRates = z.object({ items: z.array(AdminRate), staleAfterDays: z.number().int() }).meta({ id: "AdminRates" });
export type AdminRates = z.infer<typeof AdminRates>;

/** The first day whose rates are still fresh on `today` (both YYYY-MM-DD, UTC). */
export function freshSince(today: string): string {
  const at = new Date(`${today}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - RATES_STALE_AFTER_DAYS);
  return at.toISOString().slice(0, 10);
}

/** Today's date in UTC, as rates are dated. */
export const utcDate = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);
