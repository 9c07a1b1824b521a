import type { RequestEvent } from "@sveltejs/kit";
import { CreateListingRequest, ListingImage, MAX_IMAGES_PER_LISTING, type FieldErrors } from "$schema";
import { api } from "$lib/server/api";
import { fieldErrorsFromZod, formString } from "$lib/forms";
import { FILES_FIELD, LISTING_INPUTS, PHOTO_FIELD, type ListingFormValues } from "$lib/listing-form";
import { minorUnitDigits, parseMajorUnits } from "$schema/money";
import { instantOf } from "$lib/time";
import { amountExample } from "$lib/live/bid-checks";
import { m } from "$schema/paraglide/messages.js";
import { auctionOptionsOf, incrementTableOf } from "./auction-options";

export function listingFormValues(data: FormData): ListingFormValues {
  const values = {} as ListingFormValues;
  for (const name of LISTING_INPUTS) values[name] = formString(data, name);
  values.incrementTable = incrementTableOf(data);
  return values;
}

/** The photos already uploaded, as the form lists them; the API checks that each id is the seller's own. */
export function listingPhotos(data: FormData): ListingImage[] {
  return data.getAll(PHOTO_FIELD).flatMap((entry) => {
    if (typeof entry !== "string") return [];
    try {
      const parsed = ListingImage.safeParse(JSON.parse(entry));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

export type UploadFailure = { status: number; fieldErrors: FieldErrors };

/**
 * Without JavaScript the chosen files arrive with the form: upload each and
 * append it to `photos`. Stops at the first file that cannot be added.
 */
export async function uploadFormFiles(event: RequestEvent, data: FormData, photos: ListingImage[], kind: "listing" | "request"): Promise<UploadFailure | null> {
  const files = data.getAll(FILES_FIELD).filter((entry): entry is File => entry instanceof File && entry.size > 0);
  for (const file of files) {
    if (photos.length >= MAX_IMAGES_PER_LISTING) {
      const limit = kind === "request" ? m.listing_photos_at_most_request({ max: MAX_IMAGES_PER_LISTING }) : m.listing_photos_at_most_listing({ max: MAX_IMAGES_PER_LISTING });
      return { status: 400, fieldErrors: { imageIds: [limit] } };
    }
    const uploaded = await api<ListingImage>(event, "/api/images", { method: "POST", file });
    if (!uploaded.ok) return { status: uploaded.status, fieldErrors: { imageIds: [`${file.name}: ${uploaded.error.message}`] } };
    photos.push(uploaded.data);
  }
  return null;
}

function currencyDigits(currency: string): number | null {
  if (!/^[A-Z]{3}$/.test(currency)) return null;
  try {
    return minorUnitDigits(currency);
  } catch {
    return null;
  }
}

/** "Enter an amount such as 25 or 25.50", with the currency's decimals and the viewer's decimal mark. */
export function amountHint(whole: number, digits: number, locale?: string): string {
  if (digits === 0) return m.listing_amount_hint_whole({ whole: amountExample(whole, 0, locale) });
  return m.listing_amount_hint({ whole: amountExample(whole, 0, locale), decimal: amountExample(whole + 0.5, digits, locale) });
}

export type BuiltListing = { ok: true; request: CreateListingRequest } | { ok: false; fieldErrors: FieldErrors };

/**
 * The API request for what the form holds: prices typed in major units become
 * minor units of the chosen currency, dates become ISO UTC, and "start now"
 * becomes this moment. The shared schema then checks the rest, as the API will.
 */
export function listingRequestOf(values: ListingFormValues, imageIds: string[], publish: boolean, now: number, locale?: string): BuiltListing {
  const fieldErrors: FieldErrors = {};
  const problem = (field: string, message: string) => (fieldErrors[field] ??= []).push(message);

  if (values.categoryId === "") problem("categoryId", m.listing_error_category());
  if (values.condition === "") problem("condition", m.listing_error_condition());

  const digits = currencyDigits(values.currency);
  if (digits === null) problem("currency", m.listing_error_currency());
  const money = (field: "startingPrice" | "increment" | "reservePrice" | "buyNowPrice", required: boolean) => {
    const text = values[field].trim();
    if (text === "") {
      if (required) problem(field, m.listing_error_amount());
      return null;
    }
    if (digits === null) return null;
    const minor = parseMajorUnits(text, digits, locale);
    if (minor === null) problem(field, amountHint(25, digits, locale));
    return minor;
  };
  const startingPrice = money("startingPrice", true);
  const increment = values.incrementKind === "table" ? null : money("increment", false);
  const reservePrice = money("reservePrice", false);
  const buyNowPrice = money("buyNowPrice", false);
  const options = auctionOptionsOf(values, digits, increment, problem, locale);

  // Forms without these inputs (editing) send nothing: the schema's defaults apply.
  let autoRelist: number | undefined;
  if (values.autoRelist.trim() !== "") {
    if (/^\d+$/.test(values.autoRelist.trim())) autoRelist = Number(values.autoRelist.trim());
    else problem("autoRelist", m.listing_error_relist());
  }

  const startsAt = values.startMode === "scheduled" ? instantOf(values.startsAt) : now;
  if (startsAt === null) problem("startsAt", m.listing_error_start());
  const endsAt = instantOf(values.endsAt);
  if (endsAt === null) problem("endsAt", m.listing_error_end());

  const candidate = {
    format: "forward",
    title: values.title,
    description: values.description,
    categoryId: values.categoryId,
    condition: values.condition,
    location: values.location,
    currency: values.currency,
    startingPrice: startingPrice ?? undefined,
    increment: options.increment,
    reservePrice,
    buyNowPrice,
    bidCapPerBidder: options.bidCapPerBidder,
    softCloseMinutes: options.softCloseMinutes,
    autoRelist,
    autoSecondChance: values.autoSecondChance === "on",
    startsAt: startsAt === null ? undefined : new Date(startsAt).toISOString(),
    endsAt: endsAt === null ? undefined : new Date(endsAt).toISOString(),
    imageIds,
    publish,
  };
  const parsed = CreateListingRequest.safeParse(candidate);
  if (parsed.success && Object.keys(fieldErrors).length === 0) return { ok: true, request: parsed.data };
  if (!parsed.success) {
    // A field this function already explained keeps that message alone.
    for (const [field, messages] of Object.entries(fieldErrorsFromZod(parsed.error))) {
      const input = field.split(".")[0] ?? field;
      if (!(input in fieldErrors)) fieldErrors[field] = messages;
    }
  }
  return { ok: false, fieldErrors };
}
