import { error, redirect } from "@sveltejs/kit";
import type { PrivateProfile } from "$schema";
import { api } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, "/login?next=/my");
  const profile = await api<PrivateProfile>(event, "/api/me/profile");
  if (!profile.ok) error(profile.status, profile.error.message);
  return { profile: profile.data };
};
