import { error, fail, redirect } from "@sveltejs/kit";
import { MAX_IMAGES_PER_LISTING, type AuctionDetail, type CategoryTree, type ListingImage } from "$schema";
import { CHECK_FIELDS, formString } from "$lib/forms";
import { FILES_FIELD } from "$lib/listing-form";
import { api, formErrorsOf } from "$lib/server/api";
import { listingFormValues, listingPhotos, listingRequestOf } from "$lib/server/listing-form";
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

    // Without JavaScript the chosen files arrive with the form and are uploaded here.
    const files = data.getAll(FILES_FIELD).filter((entry): entry is File => entry instanceof File && entry.size > 0);
    for (const file of files) {
      if (photos.length >= MAX_IMAGES_PER_LISTING) {
        return failure(400, { fieldErrors: { imageIds: [`At most ${MAX_IMAGES_PER_LISTING} photos per listing`] }, message: CHECK_FIELDS });
      }
      const uploaded = await api<ListingImage>(event, "/api/images", { method: "POST", file });
      if (!uploaded.ok) {
        return failure(uploaded.status, { fieldErrors: { imageIds: [`${file.name}: ${uploaded.error.message}`] }, message: CHECK_FIELDS });
      }
      photos.push(uploaded.data);
    }

    const publish = formString(data, "intent") === "publish";
    const built = listingRequestOf(values, photos.map((photo) => photo.id), publish, Date.now());
    if (!built.ok) return failure(400, { fieldErrors: built.fieldErrors, message: CHECK_FIELDS });

    const created = await api<AuctionDetail>(event, "/api/auctions", { method: "POST", body: built.request });
    if (!created.ok) return failure(created.status, formErrorsOf(created.error));
    redirect(303, `/auctions/${created.data.id}`);
  },
};
