import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { IncrementRule } from "./api/auctions";
import { auctionFormats, auctionStatuses } from "./api/auctions";
import { applicationStatuses, reportStatuses } from "./api/admin";
import { itemConditions } from "./api/catalog";
import { notificationEvents } from "./api/notifications";
import type { Locale } from "./api/locales";
import type { Role } from "./api/users";

/** All timestamps are epoch milliseconds (UTC). */
export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  roles: text("roles", { mode: "json" }).$type<Role[]>().notNull().default(sql`'[]'`),
  emailVerifiedAt: integer("email_verified_at"),
  suspendedAt: integer("suspended_at"),
  /** Why an admin suspended the account (the audit log keeps the history). */
  suspendedReason: text("suspended_reason"),
  /** Set when the member deleted their account: the row stays, anonymised, so bids, sales and feedback keep their author. */
  deletedAt: integer("deleted_at"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
  /** The site's language the member chose (one of project.inlang's locales); null: cookie / Accept-Language. */
  preferredLocale: text("preferred_locale").$type<Locale>(),
  /** ISO 4217 code for approximate prices; null: none. */
  displayCurrency: text("display_currency"),
  /** IANA zone times are shown in; null: the browser's. */
  timeZone: text("time_zone"),
});

/**
 * A login on one device. Its refresh tokens form one rotation family: a token
 * that is presented after it was rotated revokes the whole session.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
    revokedReason: text("revoked_reason"),
    userAgent: text("user_agent"),
    ip: text("ip"),
  },
  (table) => [index("sessions_user_idx").on(table.userId)],
);

/** Refresh tokens are stored only as SHA-256 digests. */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: integer("created_at").notNull(),
    usedAt: integer("used_at"),
  },
  (table) => [index("refresh_tokens_session_idx").on(table.sessionId)],
);

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

/**
 * One row per auction: the terms the seller fixed, plus a summary (status,
 * price, bid count) that the AuctionRoom refreshes so lists never have to
 * ask the rooms. The room's own storage is the source of truth for bids.
 */
export const auctions = sqliteTable(
  "auctions",
  {
    id: text("id").primaryKey(),
    sellerId: text("seller_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    categoryId: text("category_id").references(() => categories.id),
    /** Forward listings only. */
    condition: text("condition", { enum: itemConditions }),
    location: text("location").notNull().default(""),
    /** Service requests only: what a provider must bring, the budget floor, when the work is due. */
    requirements: text("requirements"),
    budgetMin: integer("budget_min"),
    deadline: integer("deadline"),
    format: text("format", { enum: auctionFormats }).notNull(),
    currency: text("currency").notNull(),
    startingPrice: integer("starting_price").notNull(),
    increment: text("increment", { mode: "json" }).$type<IncrementRule>().notNull(),
    reservePrice: integer("reserve_price"),
    buyNowPrice: integer("buy_now_price"),
    bidCapPerBidder: integer("bid_cap_per_bidder"),
    softCloseMs: integer("soft_close_ms").notNull(),
    /** Sealed service requests (commit–reveal): how long providers may reveal after the deadline; null for open listings. */
    revealWindowMs: integer("reveal_window_ms"),
    hardCloseAt: integer("hard_close_at"),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    status: text("status", { enum: auctionStatuses }).notNull(),
    currentPrice: integer("current_price"),
    bidCount: integer("bid_count").notNull().default(0),
    summarySeq: integer("summary_seq").notNull().default(0),
    watchCount: integer("watch_count").notNull().default(0),
    /** Set by an admin to feature the auction on the home page. */
    featuredAt: integer("featured_at"),
    cancelReason: text("cancel_reason"),
    /** Set by an admin: the listing leaves search, featured and lists; its page says it was removed. */
    hiddenAt: integer("hidden_at"),
    hiddenReason: text("hidden_reason"),
    publishedAt: integer("published_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** The ended listing this one was relisted from; unique, so one click (or a retried automatic relist) makes one copy. */
    relistedFromId: text("relisted_from_id").references((): AnySQLiteColumn => auctions.id),
    /** How many more times the listing relists itself if it ends without a sale (at most 3 when listed). */
    autoRelist: integer("auto_relist").notNull().default(0),
    /** Offer the item to the runner-up automatically when the winner's order is marked unpaid. */
    autoSecondChance: integer("auto_second_chance", { mode: "boolean" }).notNull().default(false),
  },
  (table) => [
    uniqueIndex("auctions_relisted_from_key").on(table.relistedFromId),
    index("auctions_status_ends_idx").on(table.status, table.endsAt),
    index("auctions_seller_idx").on(table.sellerId),
    index("auctions_category_idx").on(table.categoryId),
    index("auctions_published_idx").on(table.publishedAt),
    index("auctions_currency_idx").on(table.currency),
  ],
);

/** Written exactly once per auction (the primary key makes a retried write a no-op). */
export const auctionResults = sqliteTable("auction_results", {
  auctionId: text("auction_id")
    .primaryKey()
    .references(() => auctions.id),
  status: text("status", { enum: auctionStatuses }).notNull(),
  winnerId: text("winner_id").references(() => users.id),
  finalPrice: integer("final_price"),
  bidCount: integer("bid_count").notNull(),
  reserveMet: integer("reserve_met", { mode: "boolean" }).notNull(),
  settledAt: integer("settled_at").notNull(),
});

/**
 * A tree of any depth. `path` holds the ids from the root down ("/a/b/"), so
 * a subtree is one LIKE prefix; `pathNames` holds the names ("Home services /
 * Plumbing") for the search index, which triggers cannot compute recursively.
 */
export const categories = sqliteTable(
  "categories",
  {
    id: text("id").primaryKey(),
    parentId: text("parent_id").references((): AnySQLiteColumn => categories.id),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    path: text("path").notNull(),
    pathNames: text("path_names").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [index("categories_parent_idx").on(table.parentId), index("categories_path_idx").on(table.path)],
);

/**
 * An uploaded image. `auctionId` is null until a listing claims it; unclaimed
 * uploads older than a day are swept from R2 and here.
 */
export const images = sqliteTable(
  "images",
  {
    id: text("id").primaryKey(),
    /** The R2 object key: random, so an image URL cannot be guessed. */
    objectKey: text("object_key").notNull().unique(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    auctionId: text("auction_id").references(() => auctions.id),
    position: integer("position").notNull().default(0),
    contentType: text("content_type").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    /** The browser-made thumbnail's R2 key and size; null until one is uploaded. */
    thumbKey: text("thumb_key"),
    thumbWidth: integer("thumb_width"),
    thumbHeight: integer("thumb_height"),
    thumbBytes: integer("thumb_bytes"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [index("images_auction_idx").on(table.auctionId, table.position), index("images_owner_idx").on(table.ownerId, table.createdAt)],
);

export const watches = sqliteTable(
  "watches",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    auctionId: text("auction_id")
      .notNull()
      .references(() => auctions.id),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.auctionId] }), index("watches_auction_idx").on(table.auctionId)],
);

/** Who has bid where, copied from the rooms with the debounced summary: "My auctions" and profile counts read it. */
export const auctionBidders = sqliteTable(
  "auction_bidders",
  {
    auctionId: text("auction_id")
      .notNull()
      .references(() => auctions.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    bidCount: integer("bid_count").notNull(),
    highestShown: integer("highest_shown").notNull(),
    lastSeq: integer("last_seq").notNull(),
  },
  (table) => [primaryKey({ columns: [table.auctionId, table.userId] }), index("auction_bidders_user_idx").on(table.userId)],
);

export type CategoryRow = typeof categories.$inferSelect;
export type ImageRow = typeof images.$inferSelect;
export type AuctionRow = typeof auctions.$inferSelect;

/** Mail kept instead of sent (MAIL_TRANSPORT=outbox): local development and tests read it at /dev/outbox. */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull().default(sql`'{}'`),
    sentAt: integer("sent_at").notNull(),
  },
  (table) => [index("mail_outbox_sent_idx").on(table.sentAt)],
);

/**
 * The one live email verification code of a user. A new code replaces the
 * row, so a resend invalidates the previous code; attempts are counted here,
 * not by the approximate rate limiter.
 */
export const emailCodes = sqliteTable("email_codes", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  codeHash: text("code_hash").notNull(),
  expiresAt: integer("expires_at").notNull(),
  failedAttempts: integer("failed_attempts").notNull().default(0),
  sentAt: integer("sent_at").notNull(),
});

export type MailRow = typeof mailOutbox.$inferSelect;
export type EmailCodeRow = typeof emailCodes.$inferSelect;

/** Email for a notification: decided when it is stored, claimed before sending so a redelivery never mails twice. */
export const emailStatuses = ["pending", "sending", "sent", "skipped"] as const;

/**
 * In-app notifications, one per (user, event, auction, occurrence). The unique
 * key is what makes the queue consumer idempotent: a redelivered message
 * inserts nothing. `occurrence` tells repeatable events apart (the bid seq
 * that outbid you); it is empty for events that happen once per auction.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    event: text("event", { enum: notificationEvents }).notNull(),
    auctionId: text("auction_id")
      .notNull()
      .references(() => auctions.id),
    occurrence: text("occurrence").notNull().default(""),
    title: text("title").notNull(),
    body: text("body").notNull(),
    link: text("link").notNull(),
    createdAt: integer("created_at").notNull(),
    readAt: integer("read_at"),
    emailStatus: text("email_status", { enum: emailStatuses }).notNull(),
    emailClaimedAt: integer("email_claimed_at"),
    /** Coalesced notices (outbid): how many notices this one row stands for. */
    repeatCount: integer("repeat_count").notNull().default(1),
    /** Coalesced notices: the seq of the latest bid folded in, so a redelivered notice is not counted twice. */
    lastSeq: integer("last_seq").notNull().default(0),
  },
  (table) => [
    uniqueIndex("notifications_delivery_key").on(table.userId, table.event, table.auctionId, table.occurrence),
    index("notifications_user_idx").on(table.userId, table.createdAt, table.id),
    index("notifications_unread_idx").on(table.userId).where(sql`read_at IS NULL`),
  ],
);

/** A row only where the user changed the default (schema/api/notifications.ts defaultEmailPreferences). */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    event: text("event", { enum: notificationEvents }).notNull(),
    email: integer("email", { mode: "boolean" }).notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.event] })],
);

/** Notification settings beyond the per-event email choices; a row only once the user changed one. */
export const notificationSettings = sqliteTable("notification_settings", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** At most one outbid mail per auction in this many minutes. */
  outbidMailWindowMinutes: integer("outbid_mail_window_minutes").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Queue messages that failed every retry, kept for an operator to inspect and replay. */
export const notificationDeadLetters = sqliteTable("notification_dead_letters", {
  messageId: text("message_id").primaryKey(),
  body: text("body").notNull(),
  attempts: integer("attempts").notNull(),
  receivedAt: integer("received_at").notNull(),
});

export type NotificationRow = typeof notifications.$inferSelect;

// Account security: password reset links and TOTP two-factor authentication (docs/auth.md).

/**
 * The one live password reset link of a user: a new request replaces the
 * row, so only the newest link works. Only the SHA-256 of the token is kept.
 */
export const passwordResets = sqliteTable("password_resets", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull().unique(),
  expiresAt: integer("expires_at").notNull(),
  /** Wrong two-factor codes typed with this link (accounts with two-factor on). */
  failedAttempts: integer("failed_attempts").notNull().default(0),
  sentAt: integer("sent_at").notNull(),
});

/**
 * A user's TOTP secret, AES-GCM encrypted. `enabledAt` is null while setup
 * waits for its first code. `lastUsedStep` is the newest accepted time step:
 * codes of that step or older are refused, so none can be replayed.
 */
export const twoFactorSecrets = sqliteTable("two_factor_secrets", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretCiphertext: text("secret_ciphertext").notNull(),
  enabledAt: integer("enabled_at"),
  lastUsedStep: integer("last_used_step"),
  /** Wrong codes in a row, across challenges; reset by a right one. */
  failedAttempts: integer("failed_attempts").notNull().default(0),
  lastFailedAt: integer("last_failed_at"),
  createdAt: integer("created_at").notNull(),
});

/** Single-use recovery codes, stored as an HMAC under the server secret. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [uniqueIndex("recovery_codes_user_code_idx").on(table.userId, table.codeHash)],
);

/**
 * The step between a correct password and a session for an account with
 * two-factor on: bound to the user, five minutes, only for completing that
 * login, and burned by the fifth wrong code. Only the SHA-256 of the token is kept.
 */
export const loginChallenges = sqliteTable(
  "login_challenges",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [index("login_challenges_user_idx").on(table.userId)],
);

export type PasswordResetRow = typeof passwordResets.$inferSelect;
export type TwoFactorSecretRow = typeof twoFactorSecrets.$inferSelect;
export type LoginChallengeRow = typeof loginChallenges.$inferSelect;

// Operating the site: settings, the audit log, seller applications and listing reports (docs/operations.md).

/** One row (id 1): the site settings as JSON, validated by schema/api/site-settings.ts when read and written. */
export const siteSettings = sqliteTable("site_settings", {
  id: integer("id").primaryKey(),
  settings: text("settings", { mode: "json" }).$type<unknown>().notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Append-only: every admin action and security event. No route updates or
 * deletes a row. `before` and `after` are the changed fields as JSON.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: integer("at").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
    requestId: text("request_id"),
    ip: text("ip"),
  },
  (table) => [
    index("audit_log_at_idx").on(table.at, table.id),
    index("audit_log_action_idx").on(table.action, table.at),
    index("audit_log_actor_idx").on(table.actorId, table.at),
    index("audit_log_target_idx").on(table.targetId, table.at),
  ],
);

/** A request for the seller capability; at most one pending per user (partial unique index). */
export const sellerApplications = sqliteTable(
  "seller_applications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    note: text("note").notNull(),
    status: text("status", { enum: applicationStatuses }).notNull(),
    decisionReason: text("decision_reason"),
    decidedBy: text("decided_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    decidedAt: integer("decided_at"),
  },
  (table) => [
    uniqueIndex("seller_applications_pending_idx").on(table.userId).where(sql`status = 'pending'`),
    index("seller_applications_status_idx").on(table.status, table.createdAt),
  ],
);

/** A user's report of a listing; at most one open per (listing, reporter) (partial unique index). */
export const listingReports = sqliteTable(
  "listing_reports",
  {
    id: text("id").primaryKey(),
    auctionId: text("auction_id")
      .notNull()
      .references(() => auctions.id),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    note: text("note").notNull().default(""),
    status: text("status", { enum: reportStatuses }).notNull(),
    decisionNote: text("decision_note"),
    decidedBy: text("decided_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    decidedAt: integer("decided_at"),
  },
  (table) => [
    uniqueIndex("listing_reports_open_idx").on(table.auctionId, table.reporterId).where(sql`status = 'open'`),
    index("listing_reports_status_idx").on(table.status, table.createdAt),
    index("listing_reports_reporter_idx").on(table.reporterId, table.createdAt),
  ],
);

/**
 * Fixed-window counters for per-user limits that must hold exactly (reports):
 * an attempt is claimed with one conditional upsert before anything else.
 */
export const actionQuotas = sqliteTable(
  "action_quotas",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.action] })],
);

export type AuditRow = typeof auditLog.$inferSelect;
export type SellerApplicationRow = typeof sellerApplications.$inferSelect;
export type ListingReportRow = typeof listingReports.$inferSelect;

// After the hammer: orders between buyer and seller (docs/orders.md).

export const orderStatuses = ["awaiting_payment", "paid", "shipped", "completed", "unpaid"] as const;
/** "result": written with the auction's result; "second_chance": the runner-up accepted an offer after an unpaid order. */
export const orderSources = ["result", "second_chance"] as const;

/**
 * One sale. The unique (auction, source) key is what makes the room's retried
 * result write and a double-clicked second-chance acceptance create one order.
 * For a service request the requester is the buyer and the provider the seller.
 */
export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    auctionId: text("auction_id")
      .notNull()
      .references(() => auctions.id),
    source: text("source", { enum: orderSources }).notNull(),
    buyerId: text("buyer_id")
      .notNull()
      .references(() => users.id),
    sellerId: text("seller_id")
      .notNull()
      .references(() => users.id),
    currency: text("currency").notNull(),
    price: integer("price").notNull(),
    status: text("status", { enum: orderStatuses }).notNull(),
    trackingNote: text("tracking_note"),
    paymentDueAt: integer("payment_due_at").notNull(),
    paidAt: integer("paid_at"),
    shippedAt: integer("shipped_at"),
    receivedAt: integer("received_at"),
    completedAt: integer("completed_at"),
    unpaidAt: integer("unpaid_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [
    uniqueIndex("orders_auction_source_key").on(table.auctionId, table.source),
    index("orders_buyer_idx").on(table.buyerId, table.createdAt),
    index("orders_seller_idx").on(table.sellerId, table.createdAt),
  ],
);

/** The short thread between an order's buyer and seller. */
export const orderMessages = sqliteTable(
  "order_messages",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [index("order_messages_order_idx").on(table.orderId, table.createdAt)],
);

export type OrderRow = typeof orders.$inferSelect;
export type OrderMessageRow = typeof orderMessages.$inferSelect;

export const secondChanceStatuses = ["pending", "accepted", "declined", "expired"] as const;

/**
 * The item of an unpaid order offered to the runner-up at their own highest
 * bid. One per unpaid order (the unique key), so a double click, a retry or
 * the automatic offer racing the seller's make one offer.
 */
export const secondChanceOffers = sqliteTable(
  "second_chance_offers",
  {
    id: text("id").primaryKey(),
    unpaidOrderId: text("unpaid_order_id")
      .notNull()
      .references(() => orders.id),
    auctionId: text("auction_id")
      .notNull()
      .references(() => auctions.id),
    buyerId: text("buyer_id")
      .notNull()
      .references(() => users.id),
    sellerId: text("seller_id")
      .notNull()
      .references(() => users.id),
    currency: text("currency").notNull(),
    price: integer("price").notNull(),
    status: text("status", { enum: secondChanceStatuses }).notNull(),
    expiresAt: integer("expires_at").notNull(),
    decidedAt: integer("decided_at"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [uniqueIndex("second_chance_offers_order_key").on(table.unpaidOrderId), index("second_chance_offers_buyer_idx").on(table.buyerId, table.createdAt)],
);

export const feedbackRatings = ["positive", "neutral", "negative"] as const;

/** One rating per party per order (the unique key); the rated party may reply once. */
export const feedback = sqliteTable(
  "feedback",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    subjectId: text("subject_id")
      .notNull()
      .references(() => users.id),
    /** The rated party's role in the order: what the profile says they were rated as. */
    subjectRole: text("subject_role", { enum: ["buyer", "seller"] }).notNull(),
    rating: text("rating", { enum: feedbackRatings }).notNull(),
    comment: text("comment").notNull(),
    reply: text("reply"),
    repliedAt: integer("replied_at"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [uniqueIndex("feedback_order_author_key").on(table.orderId, table.authorId), index("feedback_subject_idx").on(table.subjectId, table.createdAt)],
);

/**
 * A pending change of a user's email: the new address gets a 6-digit code
 * and only a right code moves the account to it. A new request replaces it.
 */
export const emailChanges = sqliteTable("email_changes", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  newEmail: text("new_email").notNull(),
  codeHash: text("code_hash").notNull(),
  expiresAt: integer("expires_at").notNull(),
  failedAttempts: integer("failed_attempts").notNull().default(0),
  sentAt: integer("sent_at").notNull(),
});

export type SecondChanceOfferRow = typeof secondChanceOffers.$inferSelect;
export type FeedbackRow = typeof feedback.$inferSelect;
export type EmailChangeRow = typeof emailChanges.$inferSelect;

/**
 * Daily exchange rates an operator loads (`npm run rates:update` or the admin
 * console): one unit of `base` buys `rate` units of `quote` on `rateDate`. The
 * rate is a decimal string so no float ever enters money arithmetic; only the
 * approximate prices and the search price filter read it (schema/exchange-rates.ts).
 */
export const exchangeRates = sqliteTable(
  "exchange_rates",
  {
    base: text("base").notNull(),
    quote: text("quote").notNull(),
    /** ISO date (YYYY-MM-DD) the rate was published for. */
    rateDate: text("rate_date").notNull(),
    rate: text("rate").notNull(),
    /** Where the operator says the rate came from ("ECB", a bank…). */
    source: text("source").notNull(),
    /** The admin who loaded it from the console; null when loaded by `npm run rates:update` (the audit log says so too). */
    loadedBy: text("loaded_by"),
    loadedAt: integer("loaded_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.base, table.quote, table.rateDate] })],
);

export type ExchangeRateRow = typeof exchangeRates.$inferSelect;
