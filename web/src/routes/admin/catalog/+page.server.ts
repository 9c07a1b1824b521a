import { error } from "@sveltejs/kit";
import type { AuctionSummary, CategoryTree } from "$schema";
import { api } from "$lib/server/api";
import { formText, outcomeOf } from "$lib/server/admin";
import type { Actions, PageServerLoad } from "./$types";
import { m } from "$schema/paraglide/messages.js";

export const load: PageServerLoad = async (event) => {
  const [categories, featured] = await Promise.all([api<CategoryTree>(event, "/api/categories"), api<{ items: AuctionSummary[] }>(event, "/api/auctions/featured")]);
  if (!categories.ok) error(categories.status, categories.error.message);
  return { categories: categories.data.items, featured: featured.ok ? featured.data.items : [] };
};

const parentOf = (data: FormData) => formText(data, "parentId") || null;

export const actions: Actions = {
  create: async (event) => {
    const data = await event.request.formData();
    const result = await api(event, "/api/admin/categories", { method: "POST", body: { name: formText(data, "name"), parentId: parentOf(data) } });
    return outcomeOf("create", result, m.admin_catalog_created());
  },
  update: async (event) => {
    const data = await event.request.formData();
    const id = formText(data, "categoryId");
    const result = await api(event, `/api/admin/categories/${encodeURIComponent(id)}`, { method: "PATCH", body: { name: formText(data, "name"), parentId: parentOf(data) } });
    return outcomeOf(id, result, m.admin_catalog_saved());
  },
  remove: async (event) => {
    const id = formText(await event.request.formData(), "categoryId");
    return outcomeOf(id, await api(event, `/api/admin/categories/${encodeURIComponent(id)}`, { method: "DELETE" }), m.admin_catalog_deleted());
  },
  feature: async (event) => {
    const id = formText(await event.request.formData(), "auctionId");
    return outcomeOf("featured", await api(event, `/api/admin/auctions/${encodeURIComponent(id)}/featured`, { method: "PUT" }), m.admin_catalog_featured_notice());
  },
  unfeature: async (event) => {
    const id = formText(await event.request.formData(), "auctionId");
    return outcomeOf("featured", await api(event, `/api/admin/auctions/${encodeURIComponent(id)}/featured`, { method: "DELETE" }), m.admin_catalog_unfeatured_notice());
  },
};
