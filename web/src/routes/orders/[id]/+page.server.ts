import { error, fail, redirect, type RequestEvent } from "@sveltejs/kit";
import { FeedbackReplyRequest, FeedbackRequest, OrderMessageRequest, OrderStepRequest, type FieldErrors, type OrderDetail, type SecondChanceOffer } from "$schema";
import { api, formErrorsOf } from "$lib/server/api";
import { checkFields, fieldErrorsFromZod, formString } from "$lib/forms";
import type { Actions, PageServerLoad } from "./$types";

const noErrors: FieldErrors = {};
const orderPath = (id: string) => `/api/orders/${encodeURIComponent(id)}`;

function requireLogin(event: RequestEvent): void {
  if (!event.locals.user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
}

export const load: PageServerLoad = async (event) => {
  requireLogin(event);
  const result = await api<OrderDetail>(event, orderPath(event.params.id));
  if (!result.ok) {
    // Someone else's order looks exactly like one that doesn't exist.
    if (result.status === 400 || result.status === 404) error(404, "This order doesn't exist, or it isn't yours.");
    error(result.status, result.error.message);
  }
  return { order: result.data };
};

export const actions: Actions = {
  step: async (event) => {
    requireLogin(event);
    const data = await event.request.formData();
    const trackingNote = formString(data, "trackingNote").trim();
    const parsed = OrderStepRequest.safeParse({ step: formString(data, "step"), ...(trackingNote ? { trackingNote } : {}) });
    if (!parsed.success) return fail(400, { step: { fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() } });
    const result = await api<OrderDetail>(event, `${orderPath(event.params.id)}/steps`, { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, { step: formErrorsOf(result.error) });
    return { step: { fieldErrors: noErrors, message: undefined } };
  },

  feedback: async (event) => {
    requireLogin(event);
    const data = await event.request.formData();
    const parsed = FeedbackRequest.safeParse({ rating: formString(data, "rating") || undefined, comment: formString(data, "comment") });
    if (!parsed.success) return fail(400, { feedback: { fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() } });
    const result = await api<OrderDetail>(event, `${orderPath(event.params.id)}/feedback`, { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, { feedback: formErrorsOf(result.error) });
    return { feedback: { fieldErrors: noErrors, message: undefined } };
  },

  reply: async (event) => {
    requireLogin(event);
    const data = await event.request.formData();
    const parsed = FeedbackReplyRequest.safeParse({ reply: formString(data, "reply") });
    if (!parsed.success) return fail(400, { reply: { fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() } });
    const result = await api(event, `/api/feedback/${encodeURIComponent(formString(data, "feedbackId"))}/reply`, { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, { reply: formErrorsOf(result.error) });
    return { reply: { fieldErrors: noErrors, message: undefined } };
  },

  secondChance: async (event) => {
    requireLogin(event);
    const result = await api<SecondChanceOffer>(event, `${orderPath(event.params.id)}/second-chance`, { method: "POST" });
    if (!result.ok) return fail(result.status, { secondChance: { message: result.error.message } });
    return { secondChance: { message: undefined } };
  },

  message: async (event) => {
    requireLogin(event);
    const body = formString(await event.request.formData(), "body");
    const parsed = OrderMessageRequest.safeParse({ body });
    if (!parsed.success) return fail(400, { message: { fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields(), draft: body } });
    const result = await api(event, `${orderPath(event.params.id)}/messages`, { method: "POST", body: parsed.data });
    if (!result.ok) return fail(result.status, { message: { ...formErrorsOf(result.error), draft: body } });
    return { message: { fieldErrors: noErrors, message: undefined, draft: "" } };
  },
};
