import { error, fail, redirect } from "@sveltejs/kit";
import type { AuctionDetail, CategoryTree } from "$schema";
import { CHECK_FIELDS, formString } from "$lib/forms";
import { api, formErrorsOf } from "$lib/server/api";
import { preferredLocale } from "$lib/server/locale";
import { markPublished } from "$lib/server/published";
import { listingFormValues, listingPhotos, listingRequestOf, uploadFormFiles } from "$lib/server/listing-form";
import type { Actions, PageServerLoad } from "./$types";

const DEFAULT_DURATION_MS = 7 * 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export const load: PageServerLoad = async (event) => {
  const { user } = event.locals;
  if (!user) redirect(303, "/login?next=/sell");
  if (!user.roles.includes("seller")) return { blocked: "seller" as const, categories: [], defaultEndsAt: 0 };
  if (!user.emailVerified) return { blocked: "unverified" as const, categories: [], defaultEndsAt: 0 };
  const categories = await api<CategoryTree>(event, "/api/categories");
  if (!categories.ok) error(categories.status, categories.error.message);
  // A week from now on the hour: a round end time people can remember.
  const defaultEndsAt = Math.ceil((Date.now() + DEFAULT_DURATION_MS) / HOUR_MS) * HOUR_MS;
  return { blocked: null, categories: categories.data.items, defaultEndsAt };
};

export const actions: Actions = {
  default: async (event) => {
    if (!event.locals.user) redirect(303, "/login?next=/sell");
    const data = await event.request.formData();
    const values = listingFormValues(data);
    const photos = listingPhotos(data);
    const failure = (status: number, problem: { fieldErrors: Record<string, string[]>; message: string }) =>
      fail(status, { values, photos, ...problem });

    const uploadFailure = await uploadFormFiles(event, data, photos, "listing");
    if (uploadFailure) return failure(uploadFailure.status, { fieldErrors: uploadFailure.fieldErrors, message: CHECK_FIELDS });

    const publish = formString(data, "intent") === "publish";
    const locale = preferredLocale(event.request.headers.get("accept-language"));
    const built = listingRequestOf(values, photos.map((photo) => photo.id), publish, Date.now(), locale);
    if (!built.ok) return failure(400, { fieldErrors: built.fieldErrors, message: CHECK_FIELDS });

    const created = await api<AuctionDetail>(event, "/api/auctions", { method: "POST", body: built.request });
    if (!created.ok) return failure(created.status, formErrorsOf(created.error));
    if (publish) markPublished(event.cookies, created.data.id);
    redirect(303, `/auctions/${created.data.id}`);
  },
};
