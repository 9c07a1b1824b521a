import type { Handle, RequestEvent } from "@sveltejs/kit";
import type { User } from "$schema";
import { api } from "$lib/server/api";
import { LOCALE_COOKIE, resolveLocale, textDirection } from "$lib/i18n/locale";
import { withRequestLocale } from "$lib/i18n/server-locale";
import { crossSiteFormRefusal, oversizedFormRefusal, PAGE_SECURITY_HEADERS } from "$lib/server/site-security";

const THEMES = new Set(["light", "dark"]);

/** The logged-in user, refreshing an expired access token once if a refresh cookie is present. */
async function currentUser(event: RequestEvent): Promise<User | null> {
  const hasAccess = event.cookies.get("__Host-gavel_at") !== undefined;
  const hasRefresh = event.cookies.get("__Host-gavel_rt") !== undefined;
  if (!hasAccess && !hasRefresh) return null;
  if (hasAccess) {
    const me = await api<{ user: User }>(event, "/api/me");
    if (me.ok) return me.data.user;
    if (me.status !== 401 || !hasRefresh) return null;
  }
  const refreshed = await api<{ user: User }>(event, "/api/auth/refresh", { method: "POST", body: {} });
  return refreshed.ok ? refreshed.data.user : null;
}

export const handle: Handle = async ({ event, resolve }) => {
  if (event.url.pathname === "/api" || event.url.pathname.startsWith("/api/")) {
    // One origin for the browser: the API worker answers, WebSocket upgrades included, and
    // applies its own Origin and body checks (the one-click unsubscribe POST has no Origin).
    return event.platform!.env.API.fetch(event.request);
  }
  const refused = crossSiteFormRefusal(event.request, event.url) ?? oversizedFormRefusal(event.request);
  if (refused) return withPageSecurityHeaders(refused);
  event.locals.user = await currentUser(event);
  const locale = resolveLocale({
    preference: event.locals.user?.preferences.locale,
    cookie: event.cookies.get(LOCALE_COOKIE),
    acceptLanguage: event.request.headers.get("accept-language"),
  });
  event.locals.locale = locale;
  const theme = event.cookies.get("theme");
  const themeAttribute = theme && THEMES.has(theme) ? `data-theme="${theme}"` : "";
  const response = await withRequestLocale(locale, event.url.origin, () =>
    resolve(event, {
      transformPageChunk: ({ html }) =>
        html.replace("%gavel.lang%", locale).replace("%gavel.dir%", textDirection(locale)).replace("%gavel.theme%", themeAttribute),
    }),
  );
  // The same URL answers in several languages; caches must keep them apart.
  response.headers.append("Vary", "Accept-Language, Cookie");
  return withPageSecurityHeaders(response);
};

/** Account pages must not be framed by other sites (clickjacking on "log out everywhere"), among others. */
function withPageSecurityHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}
