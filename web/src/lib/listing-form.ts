import type { FieldErrors, ListingImage } from "$schema";

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
  "softCloseMinutes",
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

/** The server's message plus the errors of fields the form shows no input for, as one alert; undefined when none. */
export function unplacedErrorsText(fieldErrors: FieldErrors, placed: ReadonlySet<string>, serverMessage: string | undefined): string | undefined {
  const elsewhere = Object.entries(fieldErrors)
    .filter(([key]) => !placed.has(key.split(".")[0] ?? key))
    .flatMap(([, list]) => list);
  return [serverMessage, ...elsewhere].filter(Boolean).join(" ") || undefined;
}
