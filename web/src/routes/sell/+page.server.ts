import { error, fail, redirect } from "@sveltejs/kit";
import { defaultSiteSettings, type AuctionDetail, type CategoryTree, type PublicSiteSettings } from "$schema";
import { checkFields, formString } from "$lib/forms";
import { api, formErrorsOf } from "$lib/server/api";
import { markPublished } from "$lib/server/published";
import { listingFormValues, listingPhotos, listingRequestOf, uploadFormFiles } from "$lib/server/listing-form";
import type { Actions, PageServerLoad } from "./$types";

const DEFAULT_DURATION_MS = 7 * 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export const load: PageServerLoad = async (event) => {
  const { user } = event.locals;
  if (!user) redirect(303, "/login?next=/sell");
  const site = await api<PublicSiteSettings>(event, "/api/site");
  const listingDefaults = site.ok ? site.data.listingDefaults : defaultSiteSettings.listingDefaults;
  if (!user.roles.includes("seller")) return { blocked: "seller" as const, categories: [], defaultEndsAt: 0, listingDefaults };
  if (!user.emailVerified) return { blocked: "unverified" as const, categories: [], defaultEndsAt: 0, listingDefaults };
  const categories = await api<CategoryTree>(event, "/api/categories");
  if (!categories.ok) error(categories.status, categories.error.message);
  // A week from now on the hour (within the site's longest duration): a round end time people can remember.
  const duration = Math.min(DEFAULT_DURATION_MS, listingDefaults.maxDurationDays * DAY_MS - HOUR_MS);
  const defaultEndsAt = Math.ceil((Date.now() + duration) / HOUR_MS) * HOUR_MS;
  return { blocked: null, categories: categories.data.items, defaultEndsAt, listingDefaults };
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
    if (uploadFailure) return failure(uploadFailure.status, { fieldErrors: uploadFailure.fieldErrors, message: checkFields() });

    const publish = formString(data, "intent") === "publish";
    const locale = event.locals.locale;
    const built = listingRequestOf(values, photos.map((photo) => photo.id), publish, Date.now(), locale);
    if (!built.ok) return failure(400, { fieldErrors: built.fieldErrors, message: checkFields() });

    const created = await api<AuctionDetail>(event, "/api/auctions", { method: "POST", body: built.request });
    if (!created.ok) return failure(created.status, formErrorsOf(created.error));
    if (publish) markPublished(event.cookies, created.data.id);
    redirect(303, `/auctions/${created.data.id}`);
  },
};
