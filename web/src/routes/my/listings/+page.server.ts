import { fail } from "@sveltejs/kit";
import type { AuctionDetail } from "$schema";
import { formString } from "$lib/forms";
import { api } from "$lib/server/api";
import { loadMyList } from "$lib/server/my-lists";
import { m } from "$schema/paraglide/messages.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = (event) => loadMyList(event, "listings", "newest");

const idOf = (data: FormData) => encodeURIComponent(formString(data, "id"));

export const actions: Actions = {
  publish: async (event) => {
    const data = await event.request.formData();
    const id = formString(data, "id");
    const published = await api<AuctionDetail>(event, `/api/auctions/${idOf(data)}/publish`, { method: "POST" });
    if (!published.ok) {
      const fieldErrors = published.error.details.fieldErrors;
      const startPassed = typeof fieldErrors === "object" && fieldErrors !== null && "startsAt" in fieldErrors;
      return fail(published.status, {
        id,
        message: startPassed ? m.listing_start_passed() : published.error.message,
      });
    }
    return { id, message: m.listing_published_notice({ title: published.data.title }) };
  },

  delete: async (event) => {
    const data = await event.request.formData();
    const id = formString(data, "id");
    const deleted = await api(event, `/api/auctions/${idOf(data)}`, { method: "DELETE" });
    if (!deleted.ok) return fail(deleted.status, { id, message: deleted.error.message });
    return { id: null, message: m.listing_deleted() };
  },
};
