import { fail, redirect } from "@sveltejs/kit";
import { VerifyEmailRequest, type CodeSent, type User } from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { checkFields, fieldErrorsFromZod, formString } from "$lib/forms";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.user) redirect(303, "/login?next=/verify-email");
  return { email: locals.user.email, verified: locals.user.emailVerified };
};

export const actions: Actions = {
  verify: async (event) => {
    const data = await event.request.formData();
    const parsed = VerifyEmailRequest.safeParse({ code: formString(data, "code") });
    if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() });
    const result = await api<{ user: User }>(event, "/api/auth/verify-email", { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, formErrorsOf(result.error));
    redirect(303, "/account?verified=1");
  },
  resend: async (event) => {
    const result = await api<CodeSent>(event, "/api/auth/verify-email/resend", { method: "POST" });
    if (!result.ok) return fail(result.status, formErrorsOf(result.error));
    return { sent: true };
  },
};
