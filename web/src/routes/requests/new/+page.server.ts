import { error, fail, redirect } from "@sveltejs/kit";
import type { AuctionDetail, CategoryTree } from "$schema";
import { checkFields, formString } from "$lib/forms";
import { servicesFirst } from "$lib/request-form";
import { api, formErrorsOf } from "$lib/server/api";
import { listingPhotos, uploadFormFiles } from "$lib/server/listing-form";
import { markPublished } from "$lib/server/published";
import { requestFormValues, serviceRequestOf } from "$lib/server/request-form";
import type { Actions, PageServerLoad } from "./$types";

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const onTheHour = (at: number) => Math.ceil(at / HOUR_MS) * HOUR_MS;

export const load: PageServerLoad = async (event) => {
  const { user } = event.locals;
  if (!user) redirect(303, "/login?next=/requests/new");
  if (!user.emailVerified) return { blocked: "unverified" as const, categories: [], defaultEndsAt: 0, defaultDeadline: 0 };
  const categories = await api<CategoryTree>(event, "/api/categories");
  if (!categories.ok) error(categories.status, categories.error.message);
  const now = Date.now();
  // Offers for a week, the work due a week after that: round hours people can remember.
  return {
    blocked: null,
    categories: servicesFirst(categories.data.items),
    defaultEndsAt: onTheHour(now + 7 * DAY_MS),
    defaultDeadline: onTheHour(now + 14 * DAY_MS),
  };
};

export const actions: Actions = {
  default: async (event) => {
    if (!event.locals.user) redirect(303, "/login?next=/requests/new");
    const data = await event.request.formData();
    const values = requestFormValues(data);
    const photos = listingPhotos(data);
    const failure = (status: number, problem: { fieldErrors: Record<string, string[]>; message: string }) =>
      fail(status, { values, photos, ...problem });

    const uploadFailure = await uploadFormFiles(event, data, photos, "request");
    if (uploadFailure) return failure(uploadFailure.status, { fieldErrors: uploadFailure.fieldErrors, message: checkFields() });

    const publish = formString(data, "intent") !== "draft";
    const locale = event.locals.locale;
    const built = serviceRequestOf(values, photos.map((photo) => photo.id), publish, Date.now(), locale);
    if (!built.ok) return failure(400, { fieldErrors: built.fieldErrors, message: checkFields() });

    const created = await api<AuctionDetail>(event, "/api/auctions", { method: "POST", body: built.request });
    if (!created.ok) return failure(created.status, formErrorsOf(created.error));
    if (publish) markPublished(event.cookies, created.data.id);
    redirect(303, `/auctions/${created.data.id}`);
  },
};
