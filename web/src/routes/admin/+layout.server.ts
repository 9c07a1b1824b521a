import { error } from "@sveltejs/kit";
import type { LayoutServerLoad } from "./$types";

/** Admins only: anyone else gets the site's ordinary 404, so the console does not announce itself. */
export const load: LayoutServerLoad = async ({ locals }) => {
  if (!locals.user?.roles.includes("admin")) error(404, "Not found");
  return {};
};
