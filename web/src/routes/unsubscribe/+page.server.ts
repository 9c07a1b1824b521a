import { fail } from "@sveltejs/kit";
import type { Unsubscribed } from "$schema";
import { api } from "$lib/server/api";
import { formString } from "$lib/forms";
import { m } from "$schema/paraglide/messages.js";
import type { Actions, PageServerLoad } from "./$types";

/**
 * Opening the link changes nothing: mail scanners fetch links, so only the
 * button (a POST) turns mail off. The API checks the link first and says what
 * it would turn off.
 */
export const load: PageServerLoad = async (event) => {
  const token = event.url.searchParams.get("token") ?? "";
  if (!token) return { token, event: null };
  const preview = await api<Unsubscribed>(event, `/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`);
  return { token, event: preview.ok ? preview.data.event : null };
};

export const actions: Actions = {
  default: async (event) => {
    const token = formString(await event.request.formData(), "token");
    if (!token) return fail(400, { message: m.unsub_missing_code() });
    const result = await api<Unsubscribed>(event, "/api/notifications/unsubscribe", { method: "POST", body: { token } });
    if (!result.ok) {
      const message = result.status === 400 ? m.unsub_invalid() : result.error.message;
      return fail(result.status, { message });
    }
    return { unsubscribed: result.data };
  },
};
