import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { IncrementRule } from "./api/auctions";
import { auctionFormats, auctionStatuses } from "./api/auctions";
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
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
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
    format: text("format", { enum: auctionFormats }).notNull(),
    currency: text("currency").notNull(),
    startingPrice: integer("starting_price").notNull(),
    increment: text("increment", { mode: "json" }).$type<IncrementRule>().notNull(),
    reservePrice: integer("reserve_price"),
    buyNowPrice: integer("buy_now_price"),
    bidCapPerBidder: integer("bid_cap_per_bidder"),
    softCloseMs: integer("soft_close_ms").notNull(),
    hardCloseAt: integer("hard_close_at"),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    status: text("status", { enum: auctionStatuses }).notNull(),
    currentPrice: integer("current_price"),
    bidCount: integer("bid_count").notNull().default(0),
    summarySeq: integer("summary_seq").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [index("auctions_status_ends_idx").on(table.status, table.endsAt), index("auctions_seller_idx").on(table.sellerId)],
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
