import { error } from "@sveltejs/kit";
import type { AdminUserDetail } from "$schema";
import { api } from "$lib/server/api";
import { formText, outcomeOf } from "$lib/server/admin";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const detail = await api<AdminUserDetail>(event, `/api/admin/users/${encodeURIComponent(event.params.id)}`);
  if (!detail.ok) error(detail.status === 400 ? 404 : detail.status, detail.error.message);
  return { detail: detail.data };
};

const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;

export const actions: Actions = {
  suspend: async (event) => {
    const reason = formText(await event.request.formData(), "reason");
    return outcomeOf("suspension", await api(event, `${userPath(event.params.id)}/suspend`, { method: "POST", body: { reason } }), "Suspended; every session ended.");
  },
  reinstate: async (event) => {
    const reason = formText(await event.request.formData(), "reason");
    return outcomeOf("suspension", await api(event, `${userPath(event.params.id)}/reinstate`, { method: "POST", body: { reason } }), "Reinstated.");
  },
  grantSeller: async (event) => outcomeOf("roles", await api(event, `${userPath(event.params.id)}/roles/seller`, { method: "PUT" }), "Seller capability granted."),
  revokeSeller: async (event) => outcomeOf("roles", await api(event, `${userPath(event.params.id)}/roles/seller`, { method: "DELETE" }), "Seller capability revoked."),
  endSessions: async (event) => outcomeOf("sessions", await api(event, `${userPath(event.params.id)}/sessions/end`, { method: "POST", body: {} }), "Every session ended."),
};
