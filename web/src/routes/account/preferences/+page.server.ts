import { redirect } from "@sveltejs/kit";
import { preferenceChoices, savePreferences } from "$lib/server/preferences";
import type { Actions, PageServerLoad } from "./$types";

/** The account page's preferences form posts here; this page shows the form again when a value is refused. */
export const load: PageServerLoad = async ({ locals }) => {
  if (!locals.user) redirect(303, "/login?next=/account/preferences");
  return { preferenceChoices: preferenceChoices(locals.locale) };
};

export const actions: Actions = { default: savePreferences };
