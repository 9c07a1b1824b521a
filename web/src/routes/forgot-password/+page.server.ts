import { fail } from "@sveltejs/kit";
import { PasswordResetRequest, type PasswordResetAccepted } from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { checkFields, fieldErrorsFromZod, formString } from "$lib/forms";
import type { Actions } from "./$types";

export const actions: Actions = {
  default: async (event) => {
    const values = { email: formString(await event.request.formData(), "email") };
    const parsed = PasswordResetRequest.safeParse(values);
    if (!parsed.success) return fail(400, { values, fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() });
    const result = await api<PasswordResetAccepted>(event, "/api/auth/password-reset/request", { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, { values, ...formErrorsOf(result.error) });
    return { values, sent: result.data.message };
  },
};
