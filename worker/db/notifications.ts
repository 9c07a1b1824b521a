import { and, count, desc, eq, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { DEFAULT_OUTBID_MAIL_WINDOW_MINUTES, type NotificationEvent } from "../../schema/api/notifications";
import {
  notificationDeadLetters,
  notificationPreferences,
  notifications,
  notificationSettings,
  users,
  watches,
  type NotificationRow,
} from "../../schema/db";
import type { KeysetPosition } from "../lib/cursor";
import { readerFrom, type Reader } from "../lib/language";
import type { Database } from "./client";

/** `column IN (ids)` as one bound JSON array: D1 allows at most 100 bound parameters, an audience can be larger. */
function inIdList(column: SQLiteColumn, ids: string[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

export interface Recipient {
  id: string;
  email: string;
  emailVerified: boolean;
  /** Their stored language and time zone: a notification is written for its reader. */
  reader: Reader;
}

const recipientColumns = {
  id: users.id,
  email: users.email,
  emailVerifiedAt: users.emailVerifiedAt,
  preferredLocale: users.preferredLocale,
  timeZone: users.timeZone,
};

function toRecipient(row: { id: string; email: string; emailVerifiedAt: number | null; preferredLocale: string | null; timeZone: string | null }): Recipient {
  return {
    id: row.id,
    email: row.email,
    emailVerified: row.emailVerifiedAt !== null,
    reader: readerFrom({ locale: row.preferredLocale, timeZone: row.timeZone }),
  };
}

/** One account as a recipient, for mail whose notification was stored by an earlier delivery. */
export async function recipientById(db: Database, userId: string): Promise<Recipient | undefined> {
  const [row] = await db.select(recipientColumns).from(users).where(eq(users.id, userId)).limit(1);
  return row && toRecipient(row);
}

/**
 * The people a notice reaches: those it names, plus the auction's watchers
 * when asked; never the excluded ones, never suspended accounts.
 */
export async function noticeRecipients(
  db: Database,
  input: { auctionId: string; userIds: string[]; watchers: boolean; excludeIds: string[] },
): Promise<Recipient[]> {
  const watcherIds = input.watchers
    ? db.select({ userId: watches.userId }).from(watches).where(eq(watches.auctionId, input.auctionId))
    : undefined;
  const named = input.userIds.length > 0 ? inIdList(users.id, input.userIds) : undefined;
  const audience = watcherIds ? or(named, inArray(users.id, watcherIds)) : named;
  if (!audience) return [];
  const rows = await db
    .select(recipientColumns)
    .from(users)
    .where(and(audience, isNull(users.suspendedAt)));
  const excluded = new Set(input.excludeIds);
  return rows.filter((row) => !excluded.has(row.id)).map(toRecipient);
}

/** Who wants mail for this event: stored choices over the defaults. */
export async function emailChoices(db: Database, userIds: string[], event: NotificationEvent): Promise<Map<string, boolean>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: notificationPreferences.userId, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.event, event), inIdList(notificationPreferences.userId, userIds)));
  return new Map(rows.map((row) => [row.userId, row.email]));
}

export type NewNotification = Pick<NotificationRow, "id" | "userId" | "title" | "body" | "emailStatus">;

/**
 * Stores one notice's notifications in one statement. The unique delivery key
 * makes a redelivered notice insert nothing; only rows inserted now are
 * returned, so only they are pushed live.
 */
export async function insertNotifications(
  d1: D1Database,
  notice: { event: NotificationEvent; auctionId: string; occurrence: string; link: string; createdAt: number },
  rows: NewNotification[],
): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  const result = await d1
    .prepare(
      `INSERT INTO notifications (id, user_id, event, auction_id, occurrence, title, body, link, created_at, email_status)
       SELECT value ->> 'id', value ->> 'userId', ?2, ?3, ?4, value ->> 'title', value ->> 'body', ?5, ?6, value ->> 'emailStatus'
       FROM json_each(?1) WHERE true
       ON CONFLICT (user_id, event, auction_id, occurrence) DO NOTHING
       RETURNING *`,
    )
    .bind(JSON.stringify(rows), notice.event, notice.auctionId, notice.occurrence, notice.link, notice.createdAt)
    .all<Record<string, unknown>>();
  return result.results.map(rowFromD1);
}

function rowFromD1(row: Record<string, unknown>): NotificationRow {
  return {
    id: row.id as string,
    userId: row.user_id as string,
    event: row.event as NotificationEvent,
    auctionId: row.auction_id as string,
    occurrence: row.occurrence as string,
    title: row.title as string,
    body: row.body as string,
    link: row.link as string,
    createdAt: row.created_at as number,
    readAt: row.read_at as number | null,
    emailStatus: row.email_status as NotificationRow["emailStatus"],
    emailClaimedAt: row.email_claimed_at as number | null,
    repeatCount: row.repeat_count as number,
    lastSeq: row.last_seq as number,
  };
}

/**
 * Outbid notices, coalesced: one row per bidder and auction, which each
 * takeover renews (its words, time and count; unread again). Mail goes again
 * only once the bidder's window since the last outbid mail of that auction
 * has passed. A redelivered notice (a seq already folded in) changes nothing
 * and returns nothing, so it is neither pushed nor mailed twice.
 */
export async function renewOutbidNotifications(
  d1: D1Database,
  notice: { auctionId: string; link: string; createdAt: number; seq: number },
  rows: NewNotification[],
): Promise<NotificationRow[]> {
  if (rows.length === 0) return [];
  const result = await d1
    .prepare(
      `INSERT INTO notifications (id, user_id, event, auction_id, occurrence, title, body, link, created_at, email_status, last_seq)
       SELECT value ->> 'id', value ->> 'userId', 'outbid', ?2, '', value ->> 'title', value ->> 'body', ?3, ?4, value ->> 'emailStatus', ?5
       FROM json_each(?1) WHERE true
       ON CONFLICT (user_id, event, auction_id, occurrence) DO UPDATE SET
         title = excluded.title,
         body = excluded.body || ' (' || (notifications.repeat_count + 1) || ' times so far)',
         created_at = excluded.created_at,
         read_at = NULL,
         repeat_count = notifications.repeat_count + 1,
         last_seq = excluded.last_seq,
         email_status = CASE
           WHEN excluded.email_status = 'pending' AND notifications.email_status IN ('sent', 'skipped')
             AND COALESCE(notifications.email_claimed_at, 0) <= excluded.created_at - 60000 * COALESCE(
               (SELECT outbid_mail_window_minutes FROM notification_settings WHERE user_id = excluded.user_id), ?6)
           THEN 'pending' ELSE notifications.email_status END
       WHERE excluded.last_seq > notifications.last_seq
       RETURNING *`,
    )
    .bind(JSON.stringify(rows), notice.auctionId, notice.link, notice.createdAt, notice.seq, DEFAULT_OUTBID_MAIL_WINDOW_MINUTES)
    .all<Record<string, unknown>>();
  return result.results.map(rowFromD1);
}

export async function outbidMailWindowMinutes(db: Database, userId: string): Promise<number> {
  const [row] = await db.select({ minutes: notificationSettings.outbidMailWindowMinutes }).from(notificationSettings).where(eq(notificationSettings.userId, userId));
  return row?.minutes ?? DEFAULT_OUTBID_MAIL_WINDOW_MINUTES;
}

export async function saveOutbidMailWindow(db: Database, userId: string, minutes: number, now: number): Promise<void> {
  await db
    .insert(notificationSettings)
    .values({ userId, outbidMailWindowMinutes: minutes, updatedAt: now })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { outbidMailWindowMinutes: minutes, updatedAt: now } });
}

/**
 * Claims the notice's unsent mail. A claimed row is never claimed again, so
 * two deliveries of one message racing each other cannot both send it.
 */
export async function claimPendingEmails(
  db: Database,
  key: { event: NotificationEvent; auctionId: string; occurrence: string },
  now: number,
): Promise<NotificationRow[]> {
  return db
    .update(notifications)
    .set({ emailStatus: "sending", emailClaimedAt: now })
    .where(
      and(
        eq(notifications.event, key.event),
        eq(notifications.auctionId, key.auctionId),
        eq(notifications.occurrence, key.occurrence),
        eq(notifications.emailStatus, "pending"),
      ),
    )
    .returning();
}

/** A failed send goes back to pending, for the message's retry to claim again. */
export async function settleEmail(db: Database, id: string, outcome: "sent" | "failed"): Promise<void> {
  await db
    .update(notifications)
    .set(outcome === "sent" ? { emailStatus: "sent" } : { emailStatus: "pending", emailClaimedAt: null })
    .where(eq(notifications.id, id));
}

export async function unreadCounts(db: Database, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: notifications.userId, unread: count() })
    .from(notifications)
    .where(and(inIdList(notifications.userId, userIds), isNull(notifications.readAt)))
    .groupBy(notifications.userId);
  return new Map(rows.map((row) => [row.userId, row.unread]));
}

export async function unreadCount(db: Database, userId: string): Promise<number> {
  return (await unreadCounts(db, [userId])).get(userId) ?? 0;
}

/** Newest first, keyset-paged on (createdAt, id). */
export async function listNotifications(
  db: Database,
  userId: string,
  options: { after?: KeysetPosition | undefined; limit: number; unreadOnly: boolean },
): Promise<NotificationRow[]> {
  const after = options.after;
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        options.unreadOnly ? isNull(notifications.readAt) : undefined,
        after
          ? or(lt(notifications.createdAt, after.createdAt), and(eq(notifications.createdAt, after.createdAt), lt(notifications.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit);
}

/** Marks the given notifications of this user read (others' ids are ignored); `ids: "all"` marks every one. */
export async function markRead(db: Database, userId: string, ids: string[] | "all", now: number): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids === "all" ? undefined : inIdList(notifications.id, ids)));
}

export async function storedEmailPreferences(db: Database, userId: string): Promise<Partial<Record<NotificationEvent, boolean>>> {
  const rows = await db
    .select({ event: notificationPreferences.event, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  return Object.fromEntries(rows.map((row) => [row.event, row.email]));
}

export async function saveEmailPreferences(db: Database, userId: string, choices: Partial<Record<NotificationEvent, boolean>>, now: number): Promise<void> {
  const entries = Object.entries(choices) as Array<[NotificationEvent, boolean]>;
  if (entries.length === 0) return;
  await db
    .insert(notificationPreferences)
    .values(entries.map(([event, email]) => ({ userId, event, email, updatedAt: now })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.event],
      set: { email: sql`excluded.email`, updatedAt: sql`excluded.updated_at` },
    });
}

export async function recordDeadLetters(db: Database, letters: Array<{ messageId: string; body: string; attempts: number }>, now: number): Promise<void> {
  if (letters.length === 0) return;
  await db
    .insert(notificationDeadLetters)
    .values(letters.map((letter) => ({ ...letter, receivedAt: now })))
    .onConflictDoNothing();
}

/** Deletes up to `limit` notifications created before `before`; returns how many went. */
export async function deleteNotificationsBefore(db: Database, before: number, limit: number): Promise<number> {
  const oldest = db.select({ id: notifications.id }).from(notifications).where(lt(notifications.createdAt, before)).limit(limit);
  const deleted = await db.delete(notifications).where(inArray(notifications.id, oldest)).returning({ id: notifications.id });
  return deleted.length;
}
