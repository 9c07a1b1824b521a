import { error, fail, redirect } from "@sveltejs/kit";
import { notificationEvents, type NotificationPreferences } from "$schema";
import { api } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, "/login?next=/notifications/preferences");
  const preferences = await api<NotificationPreferences>(event, "/api/me/notifications/preferences");
  if (!preferences.ok) error(preferences.status, preferences.error.message);
  return { preferences: preferences.data };
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    // A browser sends only the ticked boxes: every event not sent is off.
    const email = Object.fromEntries(notificationEvents.map((name) => [name, data.get(name) === "on"]));
    const window = Number(data.get("outbidMailWindowMinutes"));
    const body = Number.isInteger(window) ? { email, outbidMailWindowMinutes: window } : { email };
    const result = await api<NotificationPreferences>(event, "/api/me/notifications/preferences", { method: "PUT", body });
    if (!result.ok) return fail(result.status, { message: result.error.message });
    return { saved: true };
  },
};
