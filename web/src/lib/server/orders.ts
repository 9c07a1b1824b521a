import { error, redirect, type RequestEvent } from "@sveltejs/kit";
import type { OrderPage, OrderRole } from "$schema";
import { api } from "$lib/server/api";

/** One page of the user's orders on one side ("Bought" or "Sold"); `?cursor=` serves the next. */
export async function loadMyOrders(event: RequestEvent, role: OrderRole, path: string) {
  if (!event.locals.user) redirect(303, `/login?next=${path}`);
  const query = new URLSearchParams({ role, limit: "24" });
  const cursor = event.url.searchParams.get("cursor");
  if (cursor) query.set("cursor", cursor);
  const page = await api<OrderPage>(event, `/api/orders?${query}`);
  if (!page.ok) {
    if (page.status === 400 && cursor) redirect(303, path);
    error(page.status, page.error.message);
  }
  return { orders: page.data.items, nextHref: page.data.nextCursor ? `${path}?cursor=${encodeURIComponent(page.data.nextCursor)}` : null };
}
