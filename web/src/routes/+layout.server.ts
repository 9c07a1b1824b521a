import type { LayoutServerLoad } from "./$types";

export type Theme = "light" | "dark";

function isTheme(value: string | undefined): value is Theme {
  return value === "light" || value === "dark";
}

export const load: LayoutServerLoad = ({ locals, cookies }) => {
  const theme = cookies.get("theme");
  return { user: locals.user, theme: isTheme(theme) ? theme : null };
};
