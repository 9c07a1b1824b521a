import { redirect } from "@sveltejs/kit";
import { api } from "$lib/server/api";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = () => redirect(303, "/");

export const actions: Actions = {
  default: async (event) => {
    await api(event, "/api/auth/logout", { method: "POST" });
    redirect(303, "/");
  },
};
