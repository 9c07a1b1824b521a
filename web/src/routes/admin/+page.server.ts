import { error } from "@sveltejs/kit";
import type { OperationsOverview } from "$schema";
import { api } from "$lib/server/api";
import { formText, outcomeOf } from "$lib/server/admin";
import type { Actions, PageServerLoad } from "./$types";
import { m } from "$schema/paraglide/messages.js";

export const load: PageServerLoad = async (event) => {
  const overview = await api<OperationsOverview>(event, "/api/admin/operations");
  if (!overview.ok) error(overview.status, overview.error.message);
  return { overview: overview.data };
};

export const actions: Actions = {
  replay: async (event) => {
    const id = formText(await event.request.formData(), "messageId");
    return outcomeOf("dead-letters", await api(event, `/api/admin/operations/dead-letters/${encodeURIComponent(id)}/replay`, { method: "POST", body: {} }), m.admin_ops_replayed());
  },
  discard: async (event) => {
    const id = formText(await event.request.formData(), "messageId");
    return outcomeOf("dead-letters", await api(event, `/api/admin/operations/dead-letters/${encodeURIComponent(id)}`, { method: "DELETE" }), m.admin_ops_discarded());
  },
};
