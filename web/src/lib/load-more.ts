import { tick } from "svelte";

/**
 * "Load more" links work as plain links to the next page; with JavaScript a
 * plain click appends the next page in place instead. A click with a modifier
 * (new tab, new window) is left to the browser.
 */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/**
 * The next page of a keyset-paged list from the API, without rows already
 * shown (a row can move between pages while someone reads). Throws on any
 * failure; callers then follow the link instead.
 */
export async function fetchNextPage<T extends { id: string }>(
  apiPath: string,
  apiQuery: string,
  cursor: string,
  shown: T[],
  parse: (body: unknown) => { items: T[]; nextCursor: string | null },
): Promise<{ added: T[]; nextCursor: string | null }> {
  const query = new URLSearchParams(apiQuery);
  query.set("cursor", cursor);
  const response = await fetch(`${apiPath}?${query}`, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const next = parse(await response.json());
  const known = new Set(shown.map((row) => row.id));
  return { added: next.items.filter((row) => !known.has(row.id)), nextCursor: next.nextCursor };
}

/** Keyboard and screen-reader users continue from the first new row: its link (`[data-id] <linkSelector>`) gets focus. */
export async function focusFirstAdded(added: Array<{ id: string }>, linkSelector: string): Promise<void> {
  await tick();
  const first = added[0];
  if (first) document.querySelector<HTMLAnchorElement>(`[data-id="${CSS.escape(first.id)}"] ${linkSelector}`)?.focus();
}
