import { redirect } from "@sveltejs/kit";
import type { AuctionPage, CategoryTree, FieldErrors } from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { SEARCH_PARAMS, normalizeSearchParams, priceInputValue } from "$lib/search";
import type { PageServerLoad } from "./$types";

const PAGE_SIZE = 24;

export const load: PageServerLoad = async (event) => {
  const { searchParams } = event.url;
  const normalized = normalizeSearchParams(searchParams);
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
      min: normalized.priceErrors.min ?? fieldErrors.minPrice?.join(" "),
      max: normalized.priceErrors.max ?? fieldErrors.maxPrice?.join(" "),
    },
    results: results.ok ? results.data : { items: [], nextCursor: null, total: 0, priceFilter: null },
    /** The query without its cursor, for fetching further pages from the browser. */
    apiQuery: apiQuery.toString(),
    isFirstPage: !cursor,
    categories: categories.ok ? categories.data.items : [],
  };
};
