import { fail, redirect, type RequestEvent } from "@sveltejs/kit";
import { LoginRequest, TwoFactorLoginRequest, type AuthResult, type LoginResult } from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { checkFields, fieldErrorsFromZod, formString, safeNextPath } from "$lib/forms";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeNextPath(url.searchParams.get("next")));
  return { passwordReset: url.searchParams.has("reset") };
};

async function logIn(event: RequestEvent, data: FormData) {
  const values = { email: formString(data, "email") };
  const parsed = LoginRequest.safeParse({ ...values, password: formString(data, "password") });
  if (!parsed.success) return fail(400, { values, fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() });

  const result = await api<LoginResult>(event, "/api/auth/login", { method: "POST", body: parsed.data });
  if (!result.ok) return fail(result.status, { values, ...formErrorsOf(result.error) });
  if ("twoFactorRequired" in result.data) return { values, challenge: result.data.challenge };
  redirect(303, safeNextPath(event.url.searchParams.get("next")));
}

/** The second step: the challenge from the first travels in a hidden field, so it works without JavaScript. */
async function answerChallenge(event: RequestEvent, data: FormData, challenge: string) {
  const values = { email: formString(data, "email") };
  const parsed = TwoFactorLoginRequest.safeParse({ challenge, code: formString(data, "code") });
  if (!parsed.success) {
    return fail(400, { values, challenge, fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() });
  }
  const result = await api<AuthResult>(event, "/api/auth/login/2fa", { method: "POST", body: parsed.data });
  if (!result.ok) {
    // An expired or burned challenge sends the person back to the password step.
    if (result.error.code === "CODE_EXPIRED") return fail(result.status, { values, message: result.error.message });
    return fail(result.status, { values, challenge, ...formErrorsOf(result.error) });
  }
  redirect(303, safeNextPath(event.url.searchParams.get("next")));
}

export const actions: Actions = {
  // One action for both steps keeps `?next=` in the form's URL; the challenge field tells them apart.
  default: async (event) => {
    const data = await event.request.formData();
    const challenge = formString(data, "challenge");
    return challenge ? answerChallenge(event, data, challenge) : logIn(event, data);
  },
};
