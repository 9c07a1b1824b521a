import { error } from "@sveltejs/kit";
import type { ListingReport } from "$schema";
import { api } from "$lib/server/api";
import { formText, outcomeOf } from "$lib/server/admin";
import type { Actions, PageServerLoad } from "./$types";
import { m } from "$schema/paraglide/messages.js";

const STATUSES = ["open", "resolved", "dismissed"] as const;

export const load: PageServerLoad = async (event) => {
  const asked = event.url.searchParams.get("status");
  const status = STATUSES.find((known) => known === asked) ?? "open";
  const reports = await api<{ items: ListingReport[] }>(event, `/api/admin/reports?status=${status}`);
  if (!reports.ok) error(reports.status, reports.error.message);
  return { status, statuses: STATUSES, reports: reports.data.items };
};

const auctionPath = (id: string) => `/api/admin/auctions/${encodeURIComponent(id)}`;

export const actions: Actions = {
  decide: async (event) => {
    const data = await event.request.formData();
    const id = formText(data, "reportId");
    const status = formText(data, "status");
    const result = await api(event, `/api/admin/reports/${encodeURIComponent(id)}/decision`, { method: "POST", body: { status, note: formText(data, "note") } });
    return outcomeOf(id, result, status === "resolved" ? m.admin_reports_resolved() : m.admin_reports_dismissed());
  },
  hide: async (event) => {
    const data = await event.request.formData();
    const result = await api(event, `${auctionPath(formText(data, "auctionId"))}/hide`, { method: "POST", body: { reason: formText(data, "reason") } });
    return outcomeOf(formText(data, "reportId"), result, m.admin_reports_hidden());
  },
  unhide: async (event) => {
    const data = await event.request.formData();
    const result = await api(event, `${auctionPath(formText(data, "auctionId"))}/unhide`, { method: "POST", body: { reason: formText(data, "reason") } });
    return outcomeOf(formText(data, "reportId"), result, m.admin_reports_unhidden());
  },
  cancel: async (event) => {
    const data = await event.request.formData();
    const result = await api(event, `${auctionPath(formText(data, "auctionId"))}/cancel`, { method: "POST", body: { reason: formText(data, "reason") } });
    return outcomeOf(formText(data, "reportId"), result, m.admin_reports_cancelled());
  },
};
