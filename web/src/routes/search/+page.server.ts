import { redirect } from "@sveltejs/kit";
import type { AuctionPage, CategoryTree, FieldErrors } from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { amountExample } from "$lib/live/bid-checks";
import { PRICE_FILTER_DIGITS, SEARCH_PARAMS, normalizeSearchParams, priceInputValue, type PriceProblem } from "$lib/search";
import { m } from "$schema/paraglide/messages.js";
import type { PageServerLoad } from "./$types";

const PAGE_SIZE = 24;

/** A price bound's problem in the page's language, with amounts written its way ("such as 25 or 25,50"). */
function priceProblemText(problem: PriceProblem | undefined, locale: string): string | undefined {
  if (problem === "order") return m.search_price_order();
  if (problem === "amount") return m.search_price_invalid({ whole: amountExample(25, 0, locale), decimal: amountExample(25.5, PRICE_FILTER_DIGITS, locale) });
  return undefined;
}

export const load: PageServerLoad = async (event) => {
  const { searchParams } = event.url;
  const normalized = normalizeSearchParams(searchParams, event.locals.locale);
  // Submitted without JavaScript: prices arrive in major units; show the canonical URL instead.
  const typedPrices = searchParams.has("min") || searchParams.has("max");
  if (typedPrices && Object.keys(normalized.priceErrors).length === 0) redirect(303, `/search?${normalized.params}`);

  const apiQuery = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const name of SEARCH_PARAMS) {
    const value = normalized.params.get(name);
    if (value !== null) apiQuery.set(name, value);
  }
  const cursor = normalized.params.get("cursor");
  const pageQuery = new URLSearchParams(apiQuery);
  if (cursor) pageQuery.set("cursor", cursor);

  const [results, categories] = await Promise.all([
    api<AuctionPage>(event, `/api/auctions?${pageQuery}`),
    api<CategoryTree>(event, "/api/categories"),
  ]);
  const problem = results.ok ? null : formErrorsOf(results.error);
  const fieldErrors: FieldErrors = problem?.fieldErrors ?? {};
  const value = (name: string) => normalized.params.get(name) ?? "";

  return {
    filters: {
      q: value("q"),
      category: value("category"),
      format: value("format"),
      status: value("status"),
      location: value("location"),
      endingWithin: value("endingWithin"),
      sort: value("sort"),
      min: priceInputValue(normalized.params, "min"),
      max: priceInputValue(normalized.params, "max"),
    },
    errors: {
      message: problem?.message ?? null,
      min: priceProblemText(normalized.priceErrors.min, event.locals.locale) ?? fieldErrors.minPrice?.join(" "),
      max: priceProblemText(normalized.priceErrors.max, event.locals.locale) ?? fieldErrors.maxPrice?.join(" "),
    },
    results: results.ok ? results.data : { items: [], nextCursor: null, total: 0, priceFilter: null },
    /** The query without its cursor, for fetching further pages from the browser. */
    apiQuery: apiQuery.toString(),
    isFirstPage: !cursor,
    categories: categories.ok ? categories.data.items : [],
  };
};
