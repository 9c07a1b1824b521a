import { redirect } from "@sveltejs/kit";
import { DISPLAY_CURRENCY_COOKIE, isCurrencyCode } from "$lib/display-currency";
import { safeNextPath } from "$lib/forms";
import { api } from "$lib/server/api";
import type { Actions } from "./$types";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The display-currency picker posts here (with or without JavaScript) and comes back to the page it was on. */
function returnPath(referer: string | null, origin: string): string {
  if (!referer) return "/";
  const url = new URL(referer, origin);
  return url.origin === origin ? safeNextPath(url.pathname + url.search) : "/";
}

export const actions: Actions = {
  default: async (event) => {
    const { request, cookies, url, locals } = event;
    const chosen = (await request.formData()).get("currency");
    // An empty choice means "each auction's own currency": no approximations.
    const currency = typeof chosen === "string" && isCurrencyCode(chosen) ? chosen : null;
    const options = { path: "/", httpOnly: false, sameSite: "lax", secure: url.protocol === "https:" } as const;
    if (currency) cookies.set(DISPLAY_CURRENCY_COOKIE, currency, { ...options, maxAge: ONE_YEAR_SECONDS });
    else cookies.delete(DISPLAY_CURRENCY_COOKIE, options);
    // The account's preference wins over the cookie, so a member's choice is saved there too (every device).
    if (locals.user) await api(event, "/api/me/preferences", { method: "PATCH", body: { displayCurrency: currency } });
    redirect(303, returnPath(request.headers.get("referer"), url.origin));
  },
};
