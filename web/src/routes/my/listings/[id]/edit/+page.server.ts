import { error, fail, redirect, type RequestEvent } from "@sveltejs/kit";
import { UpdateListingRequest, type AuctionDetail, type CategoryTree, type FieldErrors } from "$schema";
import { checkFields, fieldErrorsFromZod, formString } from "$lib/forms";
import { servicesFirst } from "$lib/request-form";
import { api, formErrorsOf } from "$lib/server/api";
import { formValuesOf, listingChanges } from "$lib/server/edit-listing";
import { listingFormValues, listingPhotos } from "$lib/server/listing-form";
import { markPublished } from "$lib/server/published";
import { requestFormValues } from "$lib/server/request-form";
import type { Actions, PageServerLoad } from "./$types";

const EDITABLE = new Set(["draft", "scheduled", "live"]);

async function ownListing(event: RequestEvent, id: string): Promise<AuctionDetail> {
  const user = event.locals.user;
  if (!user) redirect(303, `/login?next=/my/listings/${id}/edit`);
  const detail = await api<AuctionDetail>(event, `/api/auctions/${encodeURIComponent(id)}`);
  if (!detail.ok) error(detail.status === 400 ? 404 : detail.status, detail.error.message);
  if (detail.data.seller.id !== user.id) error(403, "Only the seller can edit this listing");
  return detail.data;
}

/** The room decides whether a bid exists; its snapshot's count is what the API will check. */
const lockedOf = (detail: AuctionDetail) => detail.status !== "draft" && detail.bidCount > 0;

export const load: PageServerLoad = async (event) => {
  const detail = await ownListing(event, event.params.id);
  const categories = await api<CategoryTree>(event, "/api/categories");
  if (!categories.ok) error(categories.status, categories.error.message);
  return {
    detail,
    editable: EDITABLE.has(detail.status),
    locked: lockedOf(detail),
    /** A draft whose start is (nearly) past would be refused on publishing: offer "as soon as published" first. */
    startNow: detail.status === "draft" && detail.startsAt < Date.now() + 5 * 60_000,
    values: formValuesOf(detail),
    categories: detail.format === "reverse" ? servicesFirst(categories.data.items) : categories.data.items,
  };
};

type Problem = { fieldErrors: FieldErrors; message: string };

export const actions: Actions = {
  default: async (event) => {
    const { id } = event.params;
    const detail = await ownListing(event, id);
    const data = await event.request.formData();
    const intent = formString(data, "intent");
    const imageIds = listingPhotos(data).map((photo) => photo.id);
    const failure = (status: number, problem: Problem) => fail(status, { ...problem, saved: false });
    if (!EDITABLE.has(detail.status)) return failure(409, { fieldErrors: {}, message: `The auction is ${detail.status}; it can no longer be edited.` });

    let changes: UpdateListingRequest;
    if (lockedOf(detail)) {
      const appendDescription = formString(data, "appendDescription").trim();
      const candidate: Record<string, unknown> = {};
      if (appendDescription !== "") candidate.appendDescription = appendDescription;
      if (JSON.stringify(detail.images.map((image) => image.id)) !== JSON.stringify(imageIds)) candidate.imageIds = imageIds;
      const parsed = UpdateListingRequest.safeParse(candidate);
      if (!parsed.success) return failure(400, { fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() });
      changes = parsed.data;
    } else {
      const values: Record<string, string> = detail.format === "reverse" ? requestFormValues(data) : listingFormValues(data);
      if (values.startMode === "") {
        // A live listing's start has passed: it stays as it is.
        values.startMode = "scheduled";
        values.startsAt = new Date(detail.startsAt).toISOString();
      }
      const built = listingChanges(detail, values, imageIds, Date.now(), event.locals.locale);
      if (!built.ok) return failure(400, { fieldErrors: built.fieldErrors, message: checkFields() });
      changes = built.changes;
    }

    if (Object.keys(changes).length > 0) {
      const updated = await api<AuctionDetail>(event, `/api/auctions/${encodeURIComponent(id)}`, { method: "PATCH", body: changes });
      if (!updated.ok) {
        if (updated.error.code === "LISTING_LOCKED") {
          return failure(409, {
            fieldErrors: {},
            message: "A bid arrived in the meantime, so only additions to the description and photos can change now. Nothing was saved; the form now shows what can still change.",
          });
        }
        return failure(updated.status, formErrorsOf(updated.error));
      }
    }
    if (intent === "publish" && detail.status === "draft") {
      const published = await api<AuctionDetail>(event, `/api/auctions/${encodeURIComponent(id)}/publish`, { method: "POST" });
      if (!published.ok) return failure(published.status, formErrorsOf(published.error));
      markPublished(event.cookies, id);
      redirect(303, `/auctions/${id}`);
    }
    return { saved: true, fieldErrors: {} as FieldErrors, message: Object.keys(changes).length > 0 ? "Your changes are saved." : "Nothing had changed." };
  },
};
