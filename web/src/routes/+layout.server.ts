import { preferredLocale } from "$lib/server/locale";
import type { LayoutServerLoad } from "./$types";

export type Theme = "light" | "dark";

function isTheme(value: string | undefined): value is Theme {
  return value === "light" || value === "dark";
}

export const load: LayoutServerLoad = ({ locals, cookies, request }) => {
  const theme = cookies.get("theme");
  return { user: locals.user, theme: isTheme(theme) ? theme : null, locale: preferredLocale(request.headers.get("accept-language")) };
};
