import { error } from "@sveltejs/kit";
import type { SellerApplication } from "$schema";
import { api } from "$lib/server/api";
import { formText, outcomeOf } from "$lib/server/admin";
import type { Actions, PageServerLoad } from "./$types";
import { m } from "$schema/paraglide/messages.js";

const STATUSES = ["pending", "approved", "declined"] as const;

export const load: PageServerLoad = async (event) => {
  const asked = event.url.searchParams.get("status");
  const status = STATUSES.find((known) => known === asked) ?? "pending";
  const applications = await api<{ items: SellerApplication[] }>(event, `/api/admin/seller-applications?status=${status}`);
  if (!applications.ok) error(applications.status, applications.error.message);
  return { status, statuses: STATUSES, applications: applications.data.items };
};

export const actions: Actions = {
  decide: async (event) => {
    const data = await event.request.formData();
    const id = formText(data, "applicationId");
    const decision = formText(data, "decision");
    const result = await api(event, `/api/admin/seller-applications/${encodeURIComponent(id)}/decision`, { method: "POST", body: { decision, reason: formText(data, "reason") } });
    return outcomeOf(id, result, decision === "approve" ? m.admin_applications_approved() : m.admin_applications_declined());
  },
};
