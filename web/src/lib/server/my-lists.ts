import { error, redirect, type RequestEvent } from "@sveltejs/kit";
import type { AuctionPage, SearchSort } from "$schema";
import { api } from "$lib/server/api";

export const MY_PAGE_SIZE = 24;

export type MyListKind = "listings" | "auctions" | "watchlist" | "won";

/**
 * One page of a signed-in user's list, rendered on the server; `?cursor=`
 * serves the next page without JavaScript, and the browser appends further
 * pages from `apiPath` with it.
 */
export async function loadMyList(event: RequestEvent, kind: MyListKind, sort?: SearchSort) {
  if (!event.locals.user) redirect(303, `/login?next=/my/${kind}`);
  const query = new URLSearchParams({ limit: String(MY_PAGE_SIZE) });
  if (sort) query.set("sort", sort);
  const apiQuery = query.toString();
  const cursor = event.url.searchParams.get("cursor");
  if (cursor) query.set("cursor", cursor);
  const page = await api<AuctionPage>(event, `/api/me/${kind}?${query}`);
  if (!page.ok) {
    // A stale or foreign cursor: start again from the first page.
    if (page.status === 400 && cursor) redirect(303, `/my/${kind}`);
    error(page.status, page.error.message);
  }
  return { page: page.data, apiPath: `/api/me/${kind}`, apiQuery, isFirstPage: !cursor };
}
