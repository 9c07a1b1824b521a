import { fail, redirect } from "@sveltejs/kit";
import { PasswordResetCheck, PasswordResetConfirm, type PasswordResetStatus } from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { checkFields, fieldErrorsFromZod, formString } from "$lib/forms";
import type { Actions, PageServerLoad } from "./$types";

const INCOMPLETE_LINK = "This link is incomplete; open it from the email again, or ask for a new one.";

export const load: PageServerLoad = async (event) => {
  // The token is in this page's URL: keep it out of caches (and, by the page's meta tag, out of Referer headers).
  event.setHeaders({ "cache-control": "no-store" });
  const token = PasswordResetCheck.safeParse({ token: event.url.searchParams.get("token") ?? "" });
  if (!token.success) return { problem: INCOMPLETE_LINK, twoFactorRequired: false };
  const status = await api<PasswordResetStatus>(event, "/api/auth/password-reset/check", { method: "POST", body: token.data });
  if (!status.ok) return { problem: status.error.message, twoFactorRequired: false };
  return { problem: null, twoFactorRequired: status.data.twoFactorRequired };
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const code = formString(data, "code");
    const parsed = PasswordResetConfirm.safeParse({
      token: event.url.searchParams.get("token") ?? "",
      password: formString(data, "password"),
      code: code === "" ? undefined : code,
    });
    if (!parsed.success) return fail(400, { fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() });
    const result = await api(event, "/api/auth/password-reset/confirm", { method: "POST", body: parsed.data });
    // A link that stopped working (used, replaced, expired, or burned by wrong codes) cannot be retried.
    if (!result.ok && result.error.code === "CODE_EXPIRED") return fail(result.status, { linkProblem: result.error.message });
    if (!result.ok) return fail(result.status, formErrorsOf(result.error));
    redirect(303, "/login?reset=1");
  },
};
