import { fail, redirect } from "@sveltejs/kit";
import { LoginRequest, type AuthResult } from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { CHECK_FIELDS, fieldErrorsFromZod, formString, safeNextPath } from "$lib/forms";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeNextPath(url.searchParams.get("next")));
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = { email: formString(data, "email") };
    const parsed = LoginRequest.safeParse({ ...values, password: formString(data, "password") });
    if (!parsed.success) return fail(400, { values, fieldErrors: fieldErrorsFromZod(parsed.error), message: CHECK_FIELDS });

    const result = await api<AuthResult>(event, "/api/auth/login", { method: "POST", body: parsed.data });
    if (!result.ok) {
      return fail(result.status, { values, ...formErrorsOf(result.error) });
    }
    redirect(303, safeNextPath(event.url.searchParams.get("next")));
  },
};
