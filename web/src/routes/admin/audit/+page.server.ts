import { error } from "@sveltejs/kit";
import type { AuditPage } from "$schema";
import { api } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

const FILTERS = ["action", "actor", "target", "cursor"] as const;

export const load: PageServerLoad = async (event) => {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, event.url.searchParams.get(name)?.trim() ?? ""]).filter(([, value]) => value !== ""));
  const page = await api<AuditPage>(event, `/api/admin/audit?${new URLSearchParams(filters)}`);
  if (!page.ok) {
    if (page.status === 400) return { filters, page: { items: [], nextCursor: null }, problem: page.error.message };
    error(page.status, page.error.message);
  }
  return { filters, page: page.data, problem: null };
};
