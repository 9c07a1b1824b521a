import { error } from "@sveltejs/kit";
import type { AdminUserDetail } from "$schema";
import { api } from "$lib/server/api";
import { formText, outcomeOf } from "$lib/server/admin";
import type { Actions, PageServerLoad } from "./$types";
import { m } from "$schema/paraglide/messages.js";

export const load: PageServerLoad = async (event) => {
  const detail = await api<AdminUserDetail>(event, `/api/admin/users/${encodeURIComponent(event.params.id)}`);
  if (!detail.ok) error(detail.status === 400 ? 404 : detail.status, detail.error.message);
  return { detail: detail.data };
};

const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;

export const actions: Actions = {
  suspend: async (event) => {
    const reason = formText(await event.request.formData(), "reason");
    return outcomeOf("suspension", await api(event, `${userPath(event.params.id)}/suspend`, { method: "POST", body: { reason } }), m.admin_user_suspended_notice());
  },
  reinstate: async (event) => {
    const reason = formText(await event.request.formData(), "reason");
    return outcomeOf("suspension", await api(event, `${userPath(event.params.id)}/reinstate`, { method: "POST", body: { reason } }), m.admin_user_reinstated_notice());
  },
  grantSeller: async (event) => outcomeOf("roles", await api(event, `${userPath(event.params.id)}/roles/seller`, { method: "PUT" }), m.admin_user_seller_granted()),
  revokeSeller: async (event) => outcomeOf("roles", await api(event, `${userPath(event.params.id)}/roles/seller`, { method: "DELETE" }), m.admin_user_seller_revoked()),
  endSessions: async (event) => outcomeOf("sessions", await api(event, `${userPath(event.params.id)}/sessions/end`, { method: "POST", body: {} }), m.admin_user_sessions_ended()),
};
