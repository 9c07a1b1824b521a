import { NO_PREFERENCES, type PublicSiteSettings, type UnreadCount } from "$schema";
import { api } from "$lib/server/api";
import { viewerMoney } from "$lib/server/exchange-rates";
import { viewerTimeZone } from "$lib/server/time-zone";
import type { LayoutServerLoad } from "./$types";

export type Theme = "light" | "dark";

function isTheme(value: string | undefined): value is Theme {
  return value === "light" || value === "dark";
}

export const load: LayoutServerLoad = async (event) => {
  const { locals, cookies } = event;
  const theme = cookies.get("theme");
  // The bell is a convenience: without a count it still links to the list.
  const [unread, site, money] = await Promise.all([
    locals.user ? api<UnreadCount>(event, "/api/me/notifications/unread-count") : null,
    api<PublicSiteSettings>(event, "/api/site"),
    viewerMoney(event, locals.user?.preferences.displayCurrency ?? null),
  ]);
  return {
    user: locals.user,
    theme: isTheme(theme) ? theme : null,
    locale: locals.locale,
    preferences: locals.user?.preferences ?? NO_PREFERENCES,
    unreadNotifications: unread?.ok ? unread.data.unreadCount : null,
    siteName: site.ok ? site.data.siteName : "Gavel",
    maintenanceBanner: site.ok ? site.data.maintenanceBanner : "",
    money,
    timeZone: viewerTimeZone(event, locals.user?.preferences.timeZone ?? null),
  };
};
