import { error, fail, redirect, type RequestEvent } from "@sveltejs/kit";
import type { SecondChanceOffer } from "$schema";
import { api } from "$lib/server/api";
import { m } from "$schema/paraglide/messages.js";
import type { Actions, PageServerLoad } from "./$types";

const offerPath = (id: string) => `/api/second-chance/${encodeURIComponent(id)}`;

function requireLogin(event: RequestEvent): void {
  if (!event.locals.user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
}

export const load: PageServerLoad = async (event) => {
  requireLogin(event);
  const result = await api<SecondChanceOffer>(event, offerPath(event.params.id));
  if (!result.ok) {
    if (result.status === 400 || result.status === 404) error(404, m.order_offer_not_found());
    error(result.status, result.error.message);
  }
  return { offer: result.data };
};

export const actions: Actions = {
  accept: async (event) => {
    requireLogin(event);
    const result = await api<SecondChanceOffer>(event, `${offerPath(event.params.id)}/accept`, { method: "POST" });
    if (!result.ok) return fail(result.status, { message: result.error.message });
    redirect(303, result.data.orderId ? `/orders/${result.data.orderId}` : event.url.pathname);
  },
  decline: async (event) => {
    requireLogin(event);
    const result = await api<SecondChanceOffer>(event, `${offerPath(event.params.id)}/decline`, { method: "POST" });
    if (!result.ok) return fail(result.status, { message: result.error.message });
    return { message: undefined };
  },
};
