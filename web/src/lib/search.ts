import { majorUnitsText, minorUnitDigits, parseMajorUnits } from "$schema/money";

/**
 * Price bounds in /search URLs are minor units (`minPrice=2500`), exactly as
 * /api/auctions takes them: a search URL maps one-to-one onto an API query, and
 * a shared link filters the same way whatever the form shows. People type major
 * units into the `min`/`max` inputs; the form's formdata handler converts them
 * before navigating, and without JavaScript the page's load does it and
 * redirects. The API compares minor units across currencies, so the conversion
 * uses 2 decimals, the exponent of the currencies listed most (EUR, USD, GBP).
 * A viewer with a display currency sends it as `priceCurrency`: the bounds are
 * then minor units of that currency, and the API converts them into each
 * auction's currency.
 */
export const PRICE_FILTER_DIGITS = 2;

/** The decimals of the price bounds in these parameters: their `priceCurrency`'s, else PRICE_FILTER_DIGITS. */
function priceDigits(priceCurrency: string | null | undefined): number {
  return priceCurrency && /^[A-Z]{3}$/.test(priceCurrency) ? minorUnitDigits(priceCurrency) : PRICE_FILTER_DIGITS;
}

/** The /search parameters passed on to /api/auctions (besides `cursor`). */
export const SEARCH_PARAMS = ["q", "category", "format", "status", "minPrice", "maxPrice", "priceCurrency", "location", "endingWithin", "sort"] as const;

const PRICE_INPUTS = { min: "minPrice", max: "maxPrice" } as const;
type PriceInput = keyof typeof PRICE_INPUTS;

/** What is wrong with a typed price bound: not an amount, or a minimum above the maximum (worded by the page). */
export type PriceProblem = "amount" | "order";

export interface NormalizedSearch {
  params: URLSearchParams;
  /** Typed amounts that aren't amounts; they stay in the URL as typed so the form can say so. */
  priceErrors: Partial<Record<PriceInput, PriceProblem>>;
}

/**
 * Drops empty fields and turns typed `min`/`max` (major units, with `locale`'s
 * separators) into `minPrice`/`maxPrice` (minor units).
 */
export function normalizeSearchParams(entries: Iterable<[string, string]>, locale?: string): NormalizedSearch {
  const params = new URLSearchParams();
  const priceErrors: NormalizedSearch["priceErrors"] = {};
  const all = [...entries];
  const digits = priceDigits(all.find(([name]) => name === "priceCurrency")?.[1].trim());
  for (const [name, raw] of all) {
    const value = raw.trim();
    if (value === "") continue;
    if (name === "min" || name === "max") {
      const minor = parseMajorUnits(value, digits, locale);
      if (minor === null) {
        priceErrors[name] = "amount";
        params.set(name, value);
      } else {
        params.set(PRICE_INPUTS[name], String(minor));
      }
      continue;
    }
    params.set(name, value);
  }
  // The API would refuse the whole search; one message at the field, and the search runs without the prices.
  const [min, max] = [params.get("minPrice"), params.get("maxPrice")];
  if (min !== null && max !== null && /^\d+$/.test(min) && /^\d+$/.test(max) && Number(min) > Number(max)) {
    params.delete("minPrice");
    params.delete("maxPrice");
    params.set("min", majorUnitsText(Number(min), digits));
    params.set("max", majorUnitsText(Number(max), digits));
    priceErrors.min = "order";
  }
  return { params, priceErrors };
}

/** A price bound from the URL as the form shows it: minPrice=2550 → "25.50". */
export function priceInputValue(params: URLSearchParams, input: PriceInput): string {
  const typed = params.get(input);
  if (typed !== null) return typed;
  const stored = params.get(PRICE_INPUTS[input]) ?? "";
  return /^\d+$/.test(stored) ? majorUnitsText(Number(stored), priceDigits(params.get("priceCurrency"))) : stored;
}
