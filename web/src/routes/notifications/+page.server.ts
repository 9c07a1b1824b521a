import { error, fail, redirect, type RequestEvent } from "@sveltejs/kit";
import { MarkReadRequest, type NotificationList, type UnreadCount } from "$schema";
import { api } from "$lib/server/api";
import { formString } from "$lib/forms";
import { m } from "$schema/paraglide/messages.js";
import type { Actions, PageServerLoad } from "./$types";

const PAGE_SIZE = 20;

/**
 * One page of the signed-in user's notifications, newest first; `?cursor=`
 * serves the next page without JavaScript, and the browser appends further
 * pages from the API with it.
 */
export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, "/login?next=/notifications");
  const unreadOnly = event.url.searchParams.get("unread") === "true";
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (unreadOnly) query.set("unread", "true");
  const apiQuery = query.toString();
  const cursor = event.url.searchParams.get("cursor");
  if (cursor) query.set("cursor", cursor);
  const list = await api<NotificationList>(event, `/api/me/notifications?${query}`);
  if (!list.ok) {
    // A stale or foreign cursor: start again from the first page.
    if (list.status === 400 && cursor) redirect(303, unreadOnly ? "/notifications?unread=true" : "/notifications");
    error(list.status, list.error.message);
  }
  return { list: list.data, unreadOnly, isFirstPage: !cursor, apiQuery };
};

async function markRead(event: RequestEvent, request: MarkReadRequest) {
  const result = await api<UnreadCount>(event, "/api/me/notifications/read", { method: "POST", body: request });
  if (!result.ok) return fail(result.status, { message: result.error.message });
  return { marked: { ids: "all" in request ? ("all" as const) : request.ids, unreadCount: result.data.unreadCount } };
}

export const actions: Actions = {
  read: async (event) => {
    const parsed = MarkReadRequest.safeParse({ ids: [formString(await event.request.formData(), "id")] });
    if (!parsed.success) return fail(400, { message: m.notifications_not_found() });
    return markRead(event, parsed.data);
  },

  readAll: (event) => markRead(event, { all: true }),
};
