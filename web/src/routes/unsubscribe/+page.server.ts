import { fail } from "@sveltejs/kit";
import type { Unsubscribed } from "$schema";
import { api } from "$lib/server/api";
import { formString } from "$lib/forms";
import type { Actions, PageServerLoad } from "./$types";

/**
 * Opening the link changes nothing: mail scanners fetch links, so only the
 * button (a POST) turns mail off. The API checks the link first and says what
 * it would turn off.
 */
export const load: PageServerLoad = async (event) => {
  const token = event.url.searchParams.get("token") ?? "";
  if (!token) return { token, label: null };
  const preview = await api<Unsubscribed>(event, `/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`);
  return { token, label: preview.ok ? preview.data.label : null };
};

export const actions: Actions = {
  default: async (event) => {
    const token = formString(await event.request.formData(), "token");
    if (!token) return fail(400, { message: "This link is missing its code. Open it again from the email." });
    const result = await api<Unsubscribed>(event, "/api/notifications/unsubscribe", { method: "POST", body: { token } });
    if (!result.ok) {
      const message =
        result.status === 400 ? "This unsubscribe link is not valid. It may have been cut short: open it again from the email." : result.error.message;
      return fail(result.status, { message });
    }
    return { unsubscribed: result.data };
  },
};
