import { fail, redirect, type RequestEvent } from "@sveltejs/kit";
import { isKnownCurrency, isKnownTimeZone, isLocale, type FieldErrors, type Locale, type Preferences, type PreferencesPatch } from "$schema";
import { m } from "$schema/paraglide/messages.js";
import { checkFields, formString } from "$lib/forms";
import { LOCALE_COOKIE } from "$lib/i18n/locale";
import type { PreferenceChoices, PreferencesFormResult } from "$lib/i18n/preferences";
import { api, formErrorsOf } from "$lib/server/api";


/**
 * What the preferences form offers, computed on the server and sent with the page: the browser's Intl may
 * know other zones or name currencies differently, and the options must not change during hydration.
 */
export function preferenceChoices(locale: Locale): PreferenceChoices {
  const names = new Intl.DisplayNames([locale], { type: "currency" });
  const currencies = Intl.supportedValuesOf("currency")
    .filter(isKnownCurrency)
    .map((code) => ({ code, label: `${code} — ${names.of(code) ?? code}` }));
  const timeZones = [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])].filter(isKnownTimeZone);
  return { currencies, timeZones };
}

/** Reads the preferences form; an empty choice is "not chosen" (null). Unknown values get a message per field. */
function preferencesFromForm(form: FormData, locale: Locale): { patch: PreferencesPatch; values: Preferences; fieldErrors: FieldErrors } {
  const chosen = (name: string) => formString(form, name).trim() || null;
  const language = chosen("locale");
  const values = { locale: language, displayCurrency: chosen("displayCurrency"), timeZone: chosen("timeZone") };
  const fieldErrors: FieldErrors = {};
  if (language !== null && !isLocale(language)) fieldErrors.locale = [m.prefs_invalid_locale({}, { locale })];
  if (values.displayCurrency !== null && !isKnownCurrency(values.displayCurrency)) fieldErrors.displayCurrency = [m.prefs_invalid_currency({}, { locale })];
  if (values.timeZone !== null && !isKnownTimeZone(values.timeZone)) fieldErrors.timeZone = [m.prefs_invalid_time_zone({}, { locale })];
  return { patch: { ...values, locale: isLocale(language) ? language : null }, values, fieldErrors };
}

/** The preferences form's action (/account/preferences): saves through the API, then back to the account page. */
export async function savePreferences(event: RequestEvent) {
  if (!event.locals.user) redirect(303, "/login?next=/account");
  const { patch, values, fieldErrors } = preferencesFromForm(await event.request.formData(), event.locals.locale);
  if (Object.keys(fieldErrors).length > 0) return fail(400, { fieldErrors, message: checkFields(event.locals.locale), values } satisfies PreferencesFormResult);
  const saved = await api<Preferences>(event, "/api/me/preferences", { method: "PATCH", body: patch });
  if (!saved.ok) return fail(saved.status, { ...formErrorsOf(saved.error), values } satisfies PreferencesFormResult);
  // The cookie follows the account's choice, so the language stays after logging out on this device.
  if (saved.data.locale) event.cookies.set(LOCALE_COOKIE, saved.data.locale, { path: "/", maxAge: 365 * 24 * 60 * 60, httpOnly: true, sameSite: "lax", secure: event.url.protocol === "https:" });
  redirect(303, "/account?preferences=saved#preferences");
}
