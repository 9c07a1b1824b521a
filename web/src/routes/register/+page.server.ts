import { fail, redirect } from "@sveltejs/kit";
import { RegisterRequest, type AuthResult } from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { checkFields, fieldErrorsFromZod, formString, safeNextPath } from "$lib/forms";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, "/account");
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = { email: formString(data, "email"), displayName: formString(data, "displayName") };
    const parsed = RegisterRequest.safeParse({ ...values, password: formString(data, "password") });
    if (!parsed.success) return fail(400, { values, fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() });

    const result = await api<AuthResult>(event, "/api/auth/register", { method: "POST", body: parsed.data });
    if (!result.ok) {
      return fail(result.status, { values, ...formErrorsOf(result.error) });
    }
    redirect(303, safeNextPath(event.url.searchParams.get("next")));
  },
};
