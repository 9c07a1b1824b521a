import { redirect } from "@sveltejs/kit";
import { safeNextPath } from "$lib/forms";
import type { Actions } from "./$types";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Without JavaScript the toggle posts here and comes back to the page it was on. */
function returnPath(referer: string | null, origin: string): string {
  if (!referer) return "/";
  const url = new URL(referer, origin);
  return url.origin === origin ? safeNextPath(url.pathname + url.search) : "/";
}

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const theme = (await request.formData()).get("theme");
    if (theme === "light" || theme === "dark") {
      cookies.set("theme", theme, {
        path: "/",
        maxAge: ONE_YEAR_SECONDS,
        httpOnly: false,
        sameSite: "lax",
        secure: url.protocol === "https:",
      });
    }
    redirect(303, returnPath(request.headers.get("referer"), url.origin));
  },
};
