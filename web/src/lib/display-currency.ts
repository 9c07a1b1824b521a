import type { ExchangeRate } from "$schema";
import { m } from "$schema/paraglide/messages.js";
import { formatDateTime, formatList } from "$lib/i18n/format";

/**
 * The viewer's display currency: the currency prices are approximated in
 * ("≈ ¥412,000"), never the one anyone bids in. Visitors choose it with a
 * cookie; an account keeps it as a preference.
 */
export const DISPLAY_CURRENCY_COOKIE = "display_currency";

const CODE = /^[A-Z]{3}$/;

export function isCurrencyCode(value: string | null | undefined): value is string {
  return typeof value === "string" && CODE.test(value);
}

/** What the layout tells every page about money: the viewer's currency and the rates in force. */
export interface ViewerMoney {
  /** Null: prices show in each auction's own currency only. */
  displayCurrency: string | null;
  rates: ExchangeRate[];
  /** The newest rates' date, said beside approximations. */
  asOf: string | null;
}

/** The currencies a viewer can pick: those the rates in force connect (every base and quote), sorted. */
export function displayCurrencies(rates: readonly ExchangeRate[]): string[] {
  return [...new Set(rates.flatMap((rate) => [rate.base, rate.quote]))].sort();
}

/** What the search form says about its price bounds when they are in the viewer's currency. */
export function priceConversionHint(currency: string, asOf: string | null): string {
  if (!asOf) return m.money_filter_hint_undated({ currency });
  return m.money_filter_hint({ currency, date: formatDateTime(`${asOf}T00:00:00Z`, { dateOnly: true, timeZone: "UTC" }) });
}

/** Which listings the price filter could not convert into, and what it did instead. */
export function unconvertedPricesNote(filter: { currency: string; unconverted: string[] }): string {
  return m.money_filter_unconverted({ currency: filter.currency, currencies: formatList(filter.unconverted) });
}

/** The price filter's legend with the viewer's currency. */
export const priceLegend = (currency: string) => m.money_filter_legend({ currency });
