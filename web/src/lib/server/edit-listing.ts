import type { AuctionDetail, CreateListingRequest, FieldErrors, UpdateListingRequest } from "$schema";
import type { ListingFormValues } from "$lib/listing-form";
import { majorUnitsText, minorUnitDigits } from "$schema/money";
import type { RequestFormValues } from "$lib/request-form";
import { listingRequestOf } from "$lib/server/listing-form";
import { serviceRequestOf } from "$lib/server/request-form";
import { auctionOptionValues } from "$lib/auction-options";

const MINUTE_MS = 60_000;
const iso = (at: number) => new Date(at).toISOString();

/** What an edit form starts from: the listing's fields as the forms hold them (major units, ISO times). */
export function formValuesOf(detail: AuctionDetail): Record<string, string> {
  const digits = minorUnitDigits(detail.currency);
  const major = (minor: number | null) => (minor === null ? "" : majorUnitsText(minor, digits));
  const common = {
    title: detail.title,
    description: detail.description,
    categoryId: detail.categoryPath.at(-1)?.id ?? "",
    location: detail.location,
    currency: detail.currency,
    startMode: "scheduled",
    startsAt: iso(detail.startsAt),
    endsAt: iso(detail.endsAt),
    ...auctionOptionValues(detail, digits),
  };
  if (detail.format === "reverse") {
    return {
      ...common,
      budgetMin: major(detail.budgetMin),
      budgetMax: major(detail.startingPrice),
      deadline: detail.deadline === null ? "" : iso(detail.deadline),
      requirements: detail.requirements ?? "",
    };
  }
  return {
    ...common,
    condition: detail.condition ?? "",
    startingPrice: major(detail.startingPrice),
    increment: detail.increment.kind === "fixed" ? major(detail.increment.amount) : "",
    reservePrice: major(detail.reservePrice),
    buyNowPrice: major(detail.buyNowPrice),
    autoRelist: String(detail.autoRelist ?? 0),
    autoSecondChance: detail.autoSecondChance ? "on" : "",
  };
}

/** The keys each form edits; anything else on the listing (the latest hard-close moment) is left alone. */
const FORWARD_KEYS = [
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
  "bidCapPerBidder",
  "softCloseMinutes",
  "startsAt",
  "endsAt",
] as const;
const REVERSE_KEYS = ["title", "description", "categoryId", "location", "currency", "budgetMin", "budgetMax", "deadline", "requirements", "bidCapPerBidder", "softCloseMinutes", "startsAt", "endsAt"] as const;
const TIME_KEYS = new Set(["startsAt", "endsAt", "deadline"]);

/** The listing's current values under the request's names, for comparing. */
function currentFields(detail: AuctionDetail): Record<string, unknown> {
  const common = {
    title: detail.title,
    description: detail.description,
    categoryId: detail.categoryPath.at(-1)?.id ?? "",
    location: detail.location,
    currency: detail.currency,
    startsAt: detail.startsAt,
    endsAt: detail.endsAt,
    bidCapPerBidder: detail.bidCapPerBidder,
    softCloseMinutes: detail.softCloseMinutes,
  };
  if (detail.format === "reverse") {
    return { ...common, budgetMin: detail.budgetMin, budgetMax: detail.startingPrice, deadline: detail.deadline, requirements: detail.requirements ?? "" };
  }
  return {
    ...common,
    condition: detail.condition,
    startingPrice: detail.startingPrice,
    increment: detail.increment,
    reservePrice: detail.reservePrice,
    buyNowPrice: detail.buyNowPrice,
  };
}

function same(key: string, before: unknown, after: unknown): boolean {
  if (TIME_KEYS.has(key)) {
    // The form shows minutes; a moment within the same minute is unchanged.
    const minute = (value: unknown) => (typeof value === "string" ? Math.floor(Date.parse(value) / MINUTE_MS) : typeof value === "number" ? Math.floor(value / MINUTE_MS) : null);
    return minute(before) === minute(after);
  }
  return JSON.stringify(before) === JSON.stringify(after);
}

export type BuiltEdit = { ok: true; changes: UpdateListingRequest } | { ok: false; fieldErrors: FieldErrors };

/**
 * The PATCH body for an unlocked listing: the whole form is built and
 * validated as a new listing would be (the API merges and re-checks the same
 * way), then only the fields that differ from the stored listing are sent.
 */
export function listingChanges(detail: AuctionDetail, values: Record<string, string>, imageIds: string[], now: number, locale?: string): BuiltEdit {
  const built =
    detail.format === "reverse"
      ? serviceRequestOf(values as RequestFormValues, imageIds, false, now, locale)
      : listingRequestOf(values as ListingFormValues, imageIds, false, now, locale);
  if (!built.ok) return built;
  const request: CreateListingRequest = built.request;
  const fields = request as unknown as Record<string, unknown>;
  const current = currentFields(detail);
  const changes: Record<string, unknown> = {};
  for (const key of detail.format === "reverse" ? REVERSE_KEYS : FORWARD_KEYS) {
    if (!same(key, current[key], fields[key])) changes[key] = fields[key];
  }
  const storedIds = detail.images.map((image) => image.id);
  if (JSON.stringify(storedIds) !== JSON.stringify(imageIds)) changes.imageIds = imageIds;
  return { ok: true, changes: changes as UpdateListingRequest };
}
