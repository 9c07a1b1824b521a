import { z } from "zod";
import { IncrementRule, MAX_AUCTION_DURATION_MS } from "./auctions";

const MAX_DURATION_DAYS = MAX_AUCTION_DURATION_MS / (24 * 60 * 60 * 1000);

/**
 * What a new listing starts from when its seller leaves a field out. Read when
 * a listing is created and copied into it: a change never alters a listing
 * that already exists.
 */
export const ListingDefaults = z
  .strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, { message: "Use an ISO 4217 code such as EUR" }),
    softCloseMinutes: z.number().int().min(0).max(60),
    increment: IncrementRule,
    bidCapPerBidder: z.number().int().min(1).max(1000).nullable(),
    /** The longest a new listing may run, at most the platform's 30 days. */
    maxDurationDays: z.number().int().min(1).max(MAX_DURATION_DAYS),
  })
  .meta({ id: "ListingDefaults" });
export type ListingDefaults = z.infer<typeof ListingDefaults>;

/** Site-wide settings an admin edits at /admin/settings; kept in D1 (one row). */
export const SiteSettings = z
  .strictObject({
    siteName: z.string().trim().min(1).max(60),
    registrationOpen: z.boolean(),
    /** Shown on every page while not empty. */
    maintenanceBanner: z.string().trim().max(280),
    listingDefaults: ListingDefaults,
    /** Days a winning bidder has to pay after a sale. */
    paymentDeadlineDays: z.number().int().min(1).max(30),
  })
  .meta({ id: "SiteSettings" });
export type SiteSettings = z.infer<typeof SiteSettings>;

export const defaultSiteSettings: SiteSettings = {
  siteName: "Gavel",
  registrationOpen: true,
  maintenanceBanner: "",
  listingDefaults: {
    currency: "EUR",
    softCloseMinutes: 2,
    increment: { kind: "fixed", amount: 100 },
    bidCapPerBidder: null,
    maxDurationDays: MAX_DURATION_DAYS,
  },
  paymentDeadlineDays: 4,
};

/** What every visitor may know: the site's name, whether sign-up is open, the banner and the listing defaults. */
export const PublicSiteSettings = SiteSettings.pick({ siteName: true, registrationOpen: true, maintenanceBanner: true, listingDefaults: true }).meta({
  id: "PublicSiteSettings",
});
export type PublicSiteSettings = z.infer<typeof PublicSiteSettings>;
