import type { RequestEvent } from "@sveltejs/kit";
import type { CurrentRates } from "$schema";
import { DISPLAY_CURRENCY_COOKIE, isCurrencyCode, type ViewerMoney } from "$lib/display-currency";
import { api } from "./api";

/**
 * Rates change once a day: each isolate keeps the last answer this long
 * rather than asking the API on every page. A new load shows within it.
 */
const RATES_TTL_MS = 5 * 60 * 1000;

let cached: { rates: CurrentRates; fetchedAt: number } | null = null;

/** The rates in force, from this isolate's copy while it is fresh. Empty when the API can't answer: approximations are optional. */
export async function ratesInForce(event: RequestEvent, now = Date.now()): Promise<CurrentRates> {
  if (cached && now - cached.fetchedAt < RATES_TTL_MS) return cached.rates;
  const answer = await api<CurrentRates>(event, "/api/exchange-rates");
  if (!answer.ok) return cached?.rates ?? { rates: [], asOf: null, staleAfterDays: 0 };
  cached = { rates: answer.data, fetchedAt: now };
  return answer.data;
}

/** After a load through the admin console: this isolate shows the new rates at once (others within RATES_TTL_MS). */
export function forgetRates(): void {
  cached = null;
}

/** The viewer's display currency (the account's preference, else the visitor's cookie) and the rates to approximate with. */
export async function viewerMoney(event: RequestEvent, accountCurrency: string | null = null): Promise<ViewerMoney> {
  const cookie = event.cookies.get(DISPLAY_CURRENCY_COOKIE);
  const displayCurrency = isCurrencyCode(accountCurrency) ? accountCurrency : isCurrencyCode(cookie) ? cookie : null;
  const { rates, asOf } = await ratesInForce(event);
  return { displayCurrency, rates, asOf };
}
