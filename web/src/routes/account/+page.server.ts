import { error, fail, redirect } from "@sveltejs/kit";
import {
  DeleteAccountRequest,
  EmailChangeConfirm,
  EmailChangeRequest,
  RegenerateRecoveryCodesRequest,
  UpdateProfileRequest,
  type EmailChangePending,
  ChangePasswordRequest,
  TwoFactorDisableRequest,
  TwoFactorEnableRequest,
  type FieldErrors,
  type PrivateProfile,
  type RecoveryCodes,
  type SellerApplication,
  type SessionList,
  type TwoFactorStatus,
} from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { preferenceChoices } from "$lib/server/preferences";
import { checkFields, fieldErrorsFromZod, formString } from "$lib/forms";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, "/login?next=/account");
  const [sessions, profile, twoFactor, sellerApplication] = await Promise.all([
    api<SessionList>(event, "/api/me/sessions"),
    api<PrivateProfile>(event, "/api/me/profile"),
    api<TwoFactorStatus>(event, "/api/auth/two-factor"),
    api<{ application: SellerApplication | null }>(event, "/api/me/seller-application"),
  ]);
  if (!sessions.ok) error(sessions.status, sessions.error.message);
  if (!twoFactor.ok) error(twoFactor.status, twoFactor.error.message);
  // The counts are a summary: the page still works without them.
  return {
    sessions: sessions.data.items,
    profile: profile.ok ? profile.data : null,
    twoFactor: twoFactor.data,
    sellerApplication: sellerApplication.ok ? sellerApplication.data.application : null,
    preferenceChoices: preferenceChoices(event.locals.locale),
  };
};

/** What the two-factor forms report back; recovery codes appear once, right after turning it on. */
interface TwoFactorOutcome {
  fieldErrors: FieldErrors;
  message?: string | undefined;
  notice?: string;
  recoveryCodes?: string[];
}

function twoFactorOutcome(outcome: Partial<TwoFactorOutcome>): { twoFactor: TwoFactorOutcome } {
  return { twoFactor: { fieldErrors: {}, ...outcome } };
}

/** What the self-service forms report back (AccountSelfService.svelte). */
interface SelfServiceOutcome {
  form: "rename" | "email" | "emailConfirm" | "recoveryCodes" | "delete";
  fieldErrors: FieldErrors;
  message?: string | undefined;
  notice?: string;
  pendingEmail?: string;
  recoveryCodes?: string[];
}

function selfService(outcome: Omit<SelfServiceOutcome, "fieldErrors"> & { fieldErrors?: FieldErrors }): { selfService: SelfServiceOutcome } {
  return { selfService: { fieldErrors: {}, ...outcome } };
}

export const actions: Actions = {
  applyToSell: async (event) => {
    const note = formString(await event.request.formData(), "note");
    const result = await api(event, "/api/me/seller-application", { method: "POST", body: { note } });
    if (!result.ok) {
      const { fieldErrors, message } = formErrorsOf(result.error);
      return fail(result.status, { sellerApplication: { message, noteErrors: fieldErrors.note } });
    }
    return { sellerApplication: { message: undefined, noteErrors: undefined } };
  },

  rename: async (event) => {
    const parsed = UpdateProfileRequest.safeParse({ displayName: formString(await event.request.formData(), "displayName") });
    if (!parsed.success) return fail(400, selfService({ form: "rename", fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() }));
    const result = await api(event, "/api/me", { method: "PATCH", body: parsed.data });
    if (!result.ok) return fail(result.status, selfService({ form: "rename", ...formErrorsOf(result.error) }));
    return selfService({ form: "rename", notice: "Display name changed." });
  },

  email: async (event) => {
    const data = await event.request.formData();
    const parsed = EmailChangeRequest.safeParse({ newEmail: formString(data, "newEmail"), password: formString(data, "password") });
    if (!parsed.success) return fail(400, selfService({ form: "email", fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() }));
    const result = await api<EmailChangePending>(event, "/api/me/email", { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, selfService({ form: "email", ...formErrorsOf(result.error) }));
    return selfService({ form: "email", pendingEmail: result.data.newEmail, notice: `We sent a 6-digit code to ${result.data.newEmail}.` });
  },

  emailConfirm: async (event) => {
    const data = await event.request.formData();
    const pendingEmail = formString(data, "pendingEmail");
    const parsed = EmailChangeConfirm.safeParse({ code: formString(data, "code") });
    if (!parsed.success) return fail(400, selfService({ form: "emailConfirm", pendingEmail, fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() }));
    const result = await api(event, "/api/me/email/confirm", { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, selfService({ form: "emailConfirm", pendingEmail, ...formErrorsOf(result.error) }));
    return selfService({ form: "emailConfirm", notice: "Your email address is changed." });
  },

  recoveryCodes: async (event) => {
    const data = await event.request.formData();
    const parsed = RegenerateRecoveryCodesRequest.safeParse({ password: formString(data, "password"), code: formString(data, "code") });
    if (!parsed.success) return fail(400, selfService({ form: "recoveryCodes", fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() }));
    const result = await api<RecoveryCodes>(event, "/api/auth/two-factor/recovery-codes", { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, selfService({ form: "recoveryCodes", ...formErrorsOf(result.error) }));
    return selfService({ form: "recoveryCodes", recoveryCodes: result.data.recoveryCodes });
  },

  deleteAccount: async (event) => {
    const data = await event.request.formData();
    const parsed = DeleteAccountRequest.safeParse({ password: formString(data, "password") });
    if (!parsed.success) return fail(400, selfService({ form: "delete", fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() }));
    const result = await api(event, "/api/me", { method: "DELETE", body: parsed.data });
    if (!result.ok) return fail(result.status, selfService({ form: "delete", ...formErrorsOf(result.error) }));
    redirect(303, "/");
  },

  password: async (event) => {
    const data = await event.request.formData();
    const parsed = ChangePasswordRequest.safeParse({
      currentPassword: formString(data, "currentPassword"),
      newPassword: formString(data, "newPassword"),
    });
    if (!parsed.success) {
      return fail(400, {
        password: { fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields(), changed: false },
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

  twoFactorSetup: async (event) => {
    const result = await api(event, "/api/auth/two-factor/setup", { method: "POST" });
    if (!result.ok) return fail(result.status, twoFactorOutcome({ message: result.error.message }));
    return twoFactorOutcome({});
  },

  twoFactorCancel: async (event) => {
    const result = await api(event, "/api/auth/two-factor/setup", { method: "DELETE" });
    if (!result.ok) return fail(result.status, twoFactorOutcome({ message: result.error.message }));
    return twoFactorOutcome({ notice: "Setup cancelled. Two-factor authentication stays off." });
  },

  twoFactorEnable: async (event) => {
    const data = await event.request.formData();
    const parsed = TwoFactorEnableRequest.safeParse({ password: formString(data, "password"), code: formString(data, "code") });
    if (!parsed.success) return fail(400, twoFactorOutcome({ fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() }));
    const result = await api<RecoveryCodes>(event, "/api/auth/two-factor/enable", { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, twoFactorOutcome(formErrorsOf(result.error)));
    return twoFactorOutcome({ recoveryCodes: result.data.recoveryCodes });
  },

  twoFactorDisable: async (event) => {
    const data = await event.request.formData();
    const parsed = TwoFactorDisableRequest.safeParse({ password: formString(data, "password"), code: formString(data, "code") });
    if (!parsed.success) return fail(400, twoFactorOutcome({ fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() }));
    const result = await api(event, "/api/auth/two-factor/disable", { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, twoFactorOutcome(formErrorsOf(result.error)));
    return twoFactorOutcome({ notice: "Two-factor authentication is off. Your other sessions have been logged out." });
  },
};
