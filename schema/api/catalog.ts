import { z } from "zod";
import {
  AuctionFormat,
  AuctionStatus,
  IncrementRule,
  MAX_AUCTION_DURATION_MS,
  MIN_AUCTION_DURATION_MS,
  Money,
} from "./auctions";
import { FeedbackScore } from "./feedback";
import { AuctionSnapshot } from "./live";
import { DEFAULT_REVEAL_WINDOW_HOURS, MAX_REVEAL_WINDOW_HOURS } from "./sealed";

const RevealWindowHours = z.number().int().min(1).max(MAX_REVEAL_WINDOW_HOURS);

export const itemConditions = ["new", "like_new", "good", "fair", "for_parts"] as const;
export const ItemCondition = z.enum(itemConditions);
export type ItemCondition = z.infer<typeof ItemCondition>;

export const MAX_IMAGES_PER_LISTING = 10;
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGE_SIDE_PX = 12_000;
/** 12,000 × 12,000 would still decode to 576 MB; a total pixel cap stops that too. */
export const MAX_IMAGE_PIXELS = 50_000_000;
export const MAX_DESCRIPTION_LENGTH = 5000;
export const MAX_AUTO_RELISTS = 3;

export const Slug = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "Use lowercase letters, digits and single hyphens" });

// ---------------------------------------------------------------- categories

export const Category = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    /** 0 for top-level categories. */
    depth: z.number().int(),
    /** Published auctions in this category and its descendants. */
    auctionCount: z.number().int(),
  })
  .meta({ id: "Category" });
export type Category = z.infer<typeof Category>;

/** The whole tree in pre-order (each parent before its children, siblings by name). */
export const CategoryTree = z.object({ items: z.array(Category) }).meta({ id: "CategoryTree" });
export type CategoryTree = z.infer<typeof CategoryTree>;

export const CreateCategoryRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(60),
    slug: Slug.optional(),
    description: z.string().trim().max(500).default(""),
    parentId: z.uuid().nullable().default(null),
  })
  .meta({ id: "CreateCategoryRequest" });
export type CreateCategoryRequest = z.infer<typeof CreateCategoryRequest>;

export const UpdateCategoryRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(60).optional(),
    slug: Slug.optional(),
    description: z.string().trim().max(500).optional(),
    parentId: z.uuid().nullable().optional(),
  })
  .meta({ id: "UpdateCategoryRequest" });
export type UpdateCategoryRequest = z.infer<typeof UpdateCategoryRequest>;

// -------------------------------------------------------------------- images

/** A thumbnail is at most this many pixels a side and this many bytes: lists load ~480 px copies, not photos. */
export const MAX_THUMBNAIL_SIDE_PX = 640;
export const MAX_THUMBNAIL_BYTES = 100 * 1024;
export const THUMBNAIL_TYPES = ["image/webp", "image/jpeg"] as const;

export const ImageThumbnail = z.object({ url: z.string(), width: z.number().int(), height: z.number().int(), bytes: z.number().int() });
export type ImageThumbnail = z.infer<typeof ImageThumbnail>;

export const ListingImage = z
  .object({
    id: z.string(),
    url: z.string(),
    contentType: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    bytes: z.number().int(),
    /** A ~480 px wide copy for lists and strips; null when none was uploaded (optional: forms echo older JSON). */
    thumbnail: ImageThumbnail.nullable().optional(),
  })
  .meta({ id: "ListingImage" });
export type ListingImage = z.infer<typeof ListingImage>;

// ------------------------------------------------------------------ listings

/**
 * One line of text: no control or format characters (tabs, CR/LF, NUL,
 * bidirectional overrides) and no line separators, as for display names.
 * Titles end up in mail subjects and page titles, where a line break is an
 * injected header and an override a spoofed name.
 */
const SINGLE_LINE = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*$/u;
const singleLine = { message: "Use a single line without control characters" };
const Title = z.string().trim().min(5).max(120).regex(SINGLE_LINE, singleLine);
const Description = z.string().trim().min(20).max(MAX_DESCRIPTION_LENGTH);
const Location = z.string().trim().min(2).max(120).regex(SINGLE_LINE, singleLine);
const Currency = z.string().regex(/^[A-Z]{3}$/, { message: "Use an ISO 4217 code such as EUR" });
const BidCapPerBidder = z.number().int().min(1).max(1000);
const SoftCloseMinutes = z.number().int().min(0).max(60);
const ImageIds = z
  .array(z.uuid())
  .max(MAX_IMAGES_PER_LISTING, { message: `At most ${MAX_IMAGES_PER_LISTING} images per listing` })
  .refine((ids) => new Set(ids).size === ids.length, { message: "An image is listed twice" });

const forwardFields = {
  format: z.literal("forward"),
  title: Title,
  description: Description,
  categoryId: z.uuid(),
  condition: ItemCondition,
  location: Location,
  currency: Currency,
  startingPrice: Money,
  increment: IncrementRule.default({ kind: "fixed", amount: 100 }),
  reservePrice: Money.nullable().default(null),
  buyNowPrice: Money.nullable().default(null),
  bidCapPerBidder: z.number().int().min(1).max(1000).nullable().default(null),
  softCloseMinutes: z.number().int().min(0).max(60).default(2),
  hardCloseAt: z.iso.datetime().nullable().default(null),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  /** Relist automatically, up to this many times, when the auction ends without a sale (docs/orders.md). */
  autoRelist: z.number().int().min(0).max(MAX_AUTO_RELISTS).default(0),
  /** Offer the item to the runner-up at their highest bid when the winner does not pay. */
  autoSecondChance: z.boolean().default(false),
};

const serviceRequestFields = {
  format: z.literal("reverse"),
  title: Title,
  description: Description,
  categoryId: z.uuid(),
  location: Location,
  currency: Currency,
  budgetMin: Money,
  budgetMax: Money,
  /** When the work must be done by. */
  deadline: z.iso.datetime(),
  requirements: z.string().trim().max(2000).default(""),
  bidCapPerBidder: z.number().int().min(1).max(1000).nullable().default(null),
  softCloseMinutes: z.number().int().min(0).max(60).default(2),
  /** Commit–reveal: offers stay hidden from everyone, the requester and the operator included, until after the deadline; soft close does not apply. */
  sealed: z.boolean().default(false),
  /** Sealed only: how long after the deadline providers may reveal. */
  revealWindowHours: RevealWindowHours.default(DEFAULT_REVEAL_WINDOW_HOURS),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
};

const ForwardListingFields = z.strictObject(forwardFields);
const ServiceRequestFields = z.strictObject(serviceRequestFields);

/** The fields a new listing may leave out: it then takes the site's listing defaults (schema/api/site-settings.ts). */
const defaultedOnCreate = ["currency", "increment", "bidCapPerBidder", "softCloseMinutes"] as const;
type DefaultedOnCreate = (typeof defaultedOnCreate)[number];
type ListingShape =
  | Omit<z.infer<typeof ForwardListingFields>, DefaultedOnCreate>
  | Omit<z.infer<typeof ServiceRequestFields>, DefaultedOnCreate>;

/** The cross-field rules of a listing, shared by create and edit. */
function checkListing(input: ListingShape, context: z.RefinementCtx): void {
  const starts = Date.parse(input.startsAt);
  const ends = Date.parse(input.endsAt);
  if (ends - starts < MIN_AUCTION_DURATION_MS || ends - starts > MAX_AUCTION_DURATION_MS) {
    context.addIssue({ code: "custom", path: ["endsAt"], message: "An auction runs between 1 minute and 30 days" });
  }
  if (input.format === "reverse") {
    if (input.budgetMin > input.budgetMax) {
      context.addIssue({ code: "custom", path: ["budgetMin"], message: "The minimum budget cannot be above the maximum" });
    }
    if (Date.parse(input.deadline) < ends) {
      context.addIssue({ code: "custom", path: ["deadline"], message: "The deadline cannot be before offers close" });
    }
    return;
  }
  if (input.hardCloseAt !== null && Date.parse(input.hardCloseAt) < ends) {
    context.addIssue({ code: "custom", path: ["hardCloseAt"], message: "The hard close cannot be before the end" });
  }
  if (input.reservePrice !== null && input.reservePrice < input.startingPrice) {
    context.addIssue({ code: "custom", path: ["reservePrice"], message: "The reserve cannot be below the starting price" });
  }
  if (input.buyNowPrice !== null && input.buyNowPrice <= Math.max(input.startingPrice, input.reservePrice ?? 0)) {
    context.addIssue({ code: "custom", path: ["buyNowPrice"], message: "Buy-it-now must be above the starting price and reserve" });
  }
}

/** A listing's fields without the request-only `imageIds` and `publish`: what an edit is merged into and re-checked as. */
export const ListingFields = z.discriminatedUnion("format", [ForwardListingFields, ServiceRequestFields]).superRefine(checkListing);
export type ListingFields = z.infer<typeof ListingFields>;

/** Photos in display order, and whether to publish at once. */
const requestOnlyFields = { imageIds: ImageIds.default([]), publish: z.boolean().default(false) };

/**
 * A forward listing (seller capability) or a service request (any verified
 * account). Saved as a draft unless `publish` is true.
 */
export const CreateListingRequest = z
  .discriminatedUnion("format", [
    z.strictObject({
      ...forwardFields,
      ...requestOnlyFields,
      currency: Currency.optional(),
      increment: IncrementRule.optional(),
      bidCapPerBidder: BidCapPerBidder.nullable().optional(),
      softCloseMinutes: SoftCloseMinutes.optional(),
    }),
    z.strictObject({
      ...serviceRequestFields,
      ...requestOnlyFields,
      currency: Currency.optional(),
      bidCapPerBidder: BidCapPerBidder.nullable().optional(),
      softCloseMinutes: SoftCloseMinutes.optional(),
    }),
  ])
  .superRefine(checkListing)
  .meta({ id: "CreateListingRequest" });
export type CreateListingRequest = z.infer<typeof CreateListingRequest>;
export type CreateListingInput = z.input<typeof CreateListingRequest>;

/**
 * Every field may change while no bid exists; after the first bid only
 * `appendDescription` and `imageIds`. Unknown keys (status, sellerId,
 * currentPrice, …) are refused, never ignored.
 */
export const UpdateListingRequest = z
  .strictObject({
    title: Title.optional(),
    description: Description.optional(),
    appendDescription: z.string().trim().min(1).max(1000).optional(),
    categoryId: z.uuid().optional(),
    condition: ItemCondition.optional(),
    location: Location.optional(),
    currency: Currency.optional(),
    startingPrice: Money.optional(),
    increment: IncrementRule.optional(),
    reservePrice: Money.nullable().optional(),
    buyNowPrice: Money.nullable().optional(),
    bidCapPerBidder: z.number().int().min(1).max(1000).nullable().optional(),
    softCloseMinutes: z.number().int().min(0).max(60).optional(),
    hardCloseAt: z.iso.datetime().nullable().optional(),
    budgetMin: Money.optional(),
    budgetMax: Money.optional(),
    deadline: z.iso.datetime().optional(),
    requirements: z.string().trim().max(2000).optional(),
    sealed: z.boolean().optional(),
    revealWindowHours: RevealWindowHours.optional(),
    startsAt: z.iso.datetime().optional(),
    endsAt: z.iso.datetime().optional(),
    autoRelist: z.number().int().min(0).max(MAX_AUTO_RELISTS).optional(),
    autoSecondChance: z.boolean().optional(),
    imageIds: ImageIds.optional(),
  })
  .refine((input) => input.description === undefined || input.appendDescription === undefined, {
    message: "Replace the description or append to it, not both",
    path: ["appendDescription"],
  })
  .meta({ id: "UpdateListingRequest" });
export type UpdateListingRequest = z.infer<typeof UpdateListingRequest>;

/** The fields an owner may still change once the first bid is in. */
export const EDITABLE_AFTER_FIRST_BID = ["appendDescription", "imageIds"] as const;

export const CancelRequest = z
  .strictObject({ reason: z.string().trim().min(3).max(500).optional() })
  .meta({ id: "CancelRequest" });
export type CancelRequest = z.infer<typeof CancelRequest>;

export const CategoryRef = z.object({ id: z.string(), slug: z.string(), name: z.string() });
export type CategoryRef = z.infer<typeof CategoryRef>;

export const SellerCard = z.object({ id: z.string(), displayName: z.string(), memberSince: z.number().int() });
export type SellerCard = z.infer<typeof SellerCard>;

/** A service request's award, public like the request itself: when, at what price, to which provider. */
export const Award = z.object({
  at: z.number().int(),
  price: z.number().int(),
  provider: z.object({ id: z.string(), displayName: z.string() }),
});
export type Award = z.infer<typeof Award>;

/** The live snapshot plus everything the catalog knows about the listing. */
export const AuctionDetail = AuctionSnapshot.extend({
  title: z.string(),
  description: z.string(),
  /** Root first, the listing's own category last. */
  categoryPath: z.array(CategoryRef),
  condition: ItemCondition.nullable(),
  location: z.string(),
  requirements: z.string().nullable(),
  budgetMin: z.number().int().nullable(),
  deadline: z.number().int().nullable(),
  increment: IncrementRule,
  softCloseMinutes: z.number().int(),
  hardCloseAt: z.number().int().nullable(),
  bidCapPerBidder: z.number().int().nullable(),
  seller: SellerCard,
  images: z.array(ListingImage),
  watchCount: z.number().int(),
  /** null for anonymous viewers. */
  watching: z.boolean().nullable(),
  /** Awarded service requests, once the room's result is recorded; null otherwise. */
  award: Award.nullable(),
  cancelReason: z.string().nullable(),
  /** Set when an admin hid the listing; only its owner and admins ever receive a hidden listing. */
  removed: z.object({ at: z.number().int(), reason: z.string().nullable() }).nullable(),
  publishedAt: z.number().int().nullable(),
  createdAt: z.number().int(),
  /** Owner only: a hidden reserve is shown to the seller who set it. */
  reservePrice: z.number().int().nullable(),
  /** Owner only (null for others): automatic relists left, and whether the runner-up gets an offer on non-payment. */
  autoRelist: z.number().int().nullable(),
  autoSecondChance: z.boolean().nullable(),
  /** The ended listing this one copies, when it was relisted. */
  relistedFromId: z.string().nullable(),
}).meta({ id: "AuctionDetail" });
export type AuctionDetail = z.infer<typeof AuctionDetail>;

// ---------------------------------------------------------- search & browse

export const searchSorts = ["relevance", "ending", "newest", "price_asc", "price_desc", "bids"] as const;
export const SearchSort = z.enum(searchSorts);
export type SearchSort = z.infer<typeof SearchSort>;

/** "active" is scheduled or live; "all" is everything published (and your drafts, in "my listings"). */
export const StatusFilter = z.enum(["active", "all", ...AuctionStatus.options]);
export type StatusFilter = z.infer<typeof StatusFilter>;

const MinorUnits = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const SearchQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    status: StatusFilter.optional(),
    format: AuctionFormat.optional(),
    /** A category slug; its descendants match too. */
    category: Slug.optional(),
    /** On the current price (the opening price before the first bid), in minor units. */
    minPrice: MinorUnits.optional(),
    maxPrice: MinorUnits.optional(),
    /**
     * The currency minPrice and maxPrice are in (the viewer's display currency): each auction is
     * compared after converting them into its own currency at the current exchange rates, and
     * where no rate exists, as the same amount in the auction's currency. Without it, the
     * bounds are compared with each auction's minor units as they are.
     */
    priceCurrency: Currency.optional(),
    location: z.string().trim().min(1).max(120).optional(),
    /** Minutes: only auctions ending within this long from now. */
    endingWithin: z.coerce.number().int().min(1).max(60 * 24 * 30).optional(),
    sort: SearchSort.optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(24),
  })
  .refine((query) => query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice, {
    message: "minPrice cannot be above maxPrice",
    path: ["minPrice"],
  });
export type SearchQuery = z.infer<typeof SearchQuery>;

export const AuctionSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    format: AuctionFormat,
    status: AuctionStatus,
    currency: z.string(),
    /** The current price, or the opening price (forward) / budget ceiling (reverse) before any bid. */
    price: z.number().int(),
    currentPrice: z.number().int().nullable(),
    startingPrice: z.number().int(),
    budgetMin: z.number().int().nullable(),
    bidCount: z.number().int(),
    watchCount: z.number().int(),
    startsAt: z.number().int(),
    endsAt: z.number().int(),
    location: z.string(),
    condition: ItemCondition.nullable(),
    category: CategoryRef.nullable(),
    image: ListingImage.nullable(),
    seller: z.object({ id: z.string(), displayName: z.string() }),
    publishedAt: z.number().int().nullable(),
    /** Once settled: whether it sold (forward) or was awarded (reverse), at what price, and whether the reserve was met. */
    result: z.object({ sold: z.boolean(), finalPrice: z.number().int().nullable(), reserveMet: z.boolean() }).nullable(),
    /** In your own lists: how many bids you placed and the highest one shown (a proxy maximum stays hidden). Null elsewhere. */
    yourBids: z.object({ count: z.number().int(), highest: z.number().int() }).nullable(),
  })
  .meta({ id: "AuctionSummary" });
export type AuctionSummary = z.infer<typeof AuctionSummary>;

export const AuctionPage = z
  .object({
    items: z.array(AuctionSummary),
    nextCursor: z.string().nullable(),
    /** How many auctions match the filters in all. */
    total: z.number().int(),
    /** With a price filter in a `priceCurrency`: the listing currencies it could not convert into (no current rate), compared as the same amount instead. */
    priceFilter: z.object({ currency: z.string(), unconverted: z.array(z.string()) }).nullable().optional(),
  })
  .meta({ id: "AuctionPage" });
export type AuctionPage = z.infer<typeof AuctionPage>;

export const WatchState = z.object({ watching: z.boolean(), watchCount: z.number().int() }).meta({ id: "WatchState" });
export type WatchState = z.infer<typeof WatchState>;

export const PublicProfile = z
  .object({
    id: z.string(),
    displayName: z.string(),
    memberSince: z.number().int(),
    counts: z.object({
      /** Published forward listings. */
      listings: z.number().int(),
      /** Forward auctions that ended with a winner. */
      sold: z.number().int(),
      /** Service requests awarded to this user as provider. */
      completedRequests: z.number().int(),
    }),
    /** Ratings received on orders, as buyer and as seller. */
    feedback: FeedbackScore,
  })
  .meta({ id: "PublicProfile" });
export type PublicProfile = z.infer<typeof PublicProfile>;

export const PrivateProfile = PublicProfile.extend({
  counts: PublicProfile.shape.counts.extend({
    /** Bids you placed (automatic proxy bids not counted). */
    bids: z.number().int(),
    /** Auctions you bid on. */
    auctionsBidOn: z.number().int(),
    watching: z.number().int(),
    won: z.number().int(),
  }),
}).meta({ id: "PrivateProfile" });
export type PrivateProfile = z.infer<typeof PrivateProfile>;
