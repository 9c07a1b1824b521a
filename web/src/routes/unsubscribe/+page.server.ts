import { fail } from "@sveltejs/kit";
import { notificationEventLabels, type Unsubscribed } from "$schema";
import { api } from "$lib/server/api";
import { formString } from "$lib/forms";
import { eventOfUnsubscribeToken } from "$lib/notifications/unsubscribe-token";
import type { Actions, PageServerLoad } from "./$types";

/** Opening the link changes nothing: mail scanners fetch links, so only the button (a POST) turns mail off. */
export const load: PageServerLoad = ({ url }) => {
  const token = url.searchParams.get("token") ?? "";
  const event = token ? eventOfUnsubscribeToken(token) : null;
  return { token, label: event ? notificationEventLabels[event] : null };
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
