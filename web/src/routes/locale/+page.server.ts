import { redirect } from "@sveltejs/kit";
import { formString, safeNextPath } from "$lib/forms";
import { isLocale, LOCALE_COOKIE } from "$lib/i18n/locale";
import { api } from "$lib/server/api";
import type { Actions } from "./$types";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The language switch (header and account page) posts here, with or without JavaScript: the cookie keeps
 * the choice for this browser, the account keeps it for every device and for mail. Back to the page it was on.
 */
export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const locale = formString(form, "locale");
    const next = safeNextPath(formString(form, "next"));
    if (isLocale(locale)) {
      event.cookies.set(LOCALE_COOKIE, locale, {
        path: "/",
        maxAge: ONE_YEAR_SECONDS,
        httpOnly: true,
        sameSite: "lax",
        secure: event.url.protocol === "https:",
      });
      // The cookie already switches this browser; a failed save only means other devices keep the old language.
      if (event.locals.user) await api(event, "/api/me/preferences", { method: "PATCH", body: { locale } });
    }
    redirect(303, next);
  },
};
