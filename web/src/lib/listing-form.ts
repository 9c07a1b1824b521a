import type { FieldErrors, ListingImage } from "$schema";
import { m } from "$schema/paraglide/messages.js";
import { AUCTION_OPTION_INPUTS } from "./auction-options";

/** The create-listing form's inputs; names match CreateListingRequest's fields where there is one. */
export const LISTING_INPUTS = [
  "title",
  "description",
  "categoryId",
  "condition",
  "location",
  "currency",
  "startingPrice",
  "increment",
  "reservePrice",
  "buyNowPrice",
  ...AUCTION_OPTION_INPUTS,
  "startMode",
  "startsAt",
  "endsAt",
  "autoRelist",
  "autoSecondChance",
] as const;
export type ListingInput = (typeof LISTING_INPUTS)[number];
export type ListingFormValues = Record<ListingInput, string>;

export const LISTING_CURRENCIES = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "JPY"] as const;
export const DEFAULT_CURRENCY = "EUR";

/** Uploaded photos travel with the form as hidden JSON fields, in display order. */
export const PHOTO_FIELD = "photo";
/** The file picker; read only when the form is posted without JavaScript. */
export const FILES_FIELD = "files";

export const ACCEPTED_IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/avif";

/** A photo in the picker: uploading, uploaded (with the API's image) or failed (with why). */
export interface Photo {
  key: number;
  name: string;
  /** Kept for a retry; null for photos restored from an earlier submission. */
  file: File | null;
  status: "uploading" | "uploaded" | "failed";
  message: string;
  image: ListingImage | null;
}

let nextPhotoKey = 0;

export function newPhoto(name: string, file: File | null, image: ListingImage | null = null): Photo {
  return { key: nextPhotoKey++, name, file, status: image ? "uploaded" : "uploading", message: "", image };
}

/** Messages for one input, nested keys such as "increment.amount" included; undefined when there are none. */
export function errorsForInput(fieldErrors: FieldErrors, input: string): string[] | undefined {
  const messages = Object.entries(fieldErrors)
    .filter(([key]) => key === input || key.startsWith(`${input}.`))
    .flatMap(([, list]) => list);
  return messages.length ? messages : undefined;
}

/** What the error summary calls each input of the listing forms (in the viewer's language), and where its link goes. */
export function listingFieldLabels(): Record<string, { label: string; id?: string }> {
  return {
    title: { label: m.listing_field_title() },
    description: { label: m.listing_field_description() },
    appendDescription: { label: m.listing_field_append_description() },
    categoryId: { label: m.listing_field_category() },
    condition: { label: m.listing_field_condition() },
    location: { label: m.listing_field_location() },
    requirements: { label: m.listing_field_requirements() },
    imageIds: { label: m.listing_field_photos(), id: "field-photos" },
    currency: { label: m.listing_field_currency() },
    startingPrice: { label: m.listing_field_starting_price() },
    budgetMin: { label: m.listing_field_budget_from() },
    budgetMax: { label: m.listing_field_budget_to() },
    increment: { label: m.listing_field_increment() },
    reservePrice: { label: m.listing_field_reserve() },
    buyNowPrice: { label: m.listing_field_buy_now() },
    bidCapPerBidder: { label: m.listing_field_bid_cap() },
    softCloseMinutes: { label: m.listing_field_soft_close() },
    startsAt: { label: m.listing_field_starts_at() },
    endsAt: { label: m.listing_field_ends_at() },
    deadline: { label: m.listing_field_deadline() },
  };
}
