import type { CreateListingRequest, ListingFields } from "../../schema/api/catalog";
import type { ListingDefaults } from "../../schema/api/site-settings";

/** Omit that keeps the union: a forward listing stays a forward listing. */
type NewListing = CreateListingRequest extends infer Request ? (Request extends unknown ? Omit<Request, "imageIds" | "publish"> : never) : never;

/**
 * A new listing's fields with the site's defaults where the seller left one
 * out. The result is stored with the listing, so a later change of the
 * defaults never reaches a listing that exists.
 */
export function withListingDefaults(listing: NewListing, defaults: ListingDefaults): ListingFields {
  const common = {
    currency: listing.currency ?? defaults.currency,
    bidCapPerBidder: listing.bidCapPerBidder === undefined ? defaults.bidCapPerBidder : listing.bidCapPerBidder,
    softCloseMinutes: listing.softCloseMinutes ?? defaults.softCloseMinutes,
  };
  if (listing.format === "reverse") return { ...listing, ...common };
  return { ...listing, ...common, increment: listing.increment ?? defaults.increment };
}

/** The site's longest duration for new listings (the platform's 30 days are checked by the schema). */
export function exceedsLongestDuration(listing: Pick<ListingFields, "startsAt" | "endsAt">, defaults: ListingDefaults): boolean {
  return Date.parse(listing.endsAt) - Date.parse(listing.startsAt) > defaults.maxDurationDays * 24 * 60 * 60 * 1000;
}
