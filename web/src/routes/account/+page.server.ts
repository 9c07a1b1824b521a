import { error, fail, redirect } from "@sveltejs/kit";
import { ChangePasswordRequest, type FieldErrors, type PrivateProfile, type SessionList } from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { CHECK_FIELDS, fieldErrorsFromZod, formString } from "$lib/forms";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, "/login?next=/account");
  const [sessions, profile] = await Promise.all([api<SessionList>(event, "/api/me/sessions"), api<PrivateProfile>(event, "/api/me/profile")]);
  if (!sessions.ok) error(sessions.status, sessions.error.message);
  // The counts are a summary: the page still works without them.
  return { sessions: sessions.data.items, profile: profile.ok ? profile.data : null };
};

export const actions: Actions = {
  password: async (event) => {
    const data = await event.request.formData();
    const parsed = ChangePasswordRequest.safeParse({
      currentPassword: formString(data, "currentPassword"),
      newPassword: formString(data, "newPassword"),
    });
    if (!parsed.success) {
      return fail(400, {
        password: { fieldErrors: fieldErrorsFromZod(parsed.error), message: CHECK_FIELDS, changed: false },
      });
    }
    const result = await api(event, "/api/me/password", { method: "POST", body: parsed.data });
    if (!result.ok) {
      return fail(result.status, {
        password: { ...formErrorsOf(result.error), changed: false },
      });
    }
    const noErrors: FieldErrors = {};
    return { password: { fieldErrors: noErrors, message: undefined, changed: true } };
  },

  revoke: async (event) => {
    const id = formString(await event.request.formData(), "id");
    const result = await api(event, `/api/me/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
    if (!result.ok) return fail(result.status, { sessions: { message: result.error.message } });
    return { sessions: { message: "That session has been logged out." } };
  },

  revokeOthers: async (event) => {
    const result = await api<{ revoked: number }>(event, "/api/me/sessions", { method: "DELETE" });
    if (!result.ok) return fail(result.status, { sessions: { message: result.error.message } });
    const { revoked } = result.data;
    return { sessions: { message: `Logged out ${revoked} other session${revoked === 1 ? "" : "s"}.` } };
  },
};
