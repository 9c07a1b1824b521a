import { defaultEmailPreferences, type Notification, type NotificationEvent } from "../../schema/api/notifications";
import type { NotificationRow } from "../../schema/db";
import { database } from "../db/client";
import { findAuctionRow } from "../db/listings";
import {
  claimPendingEmails,
  emailChoices,
  insertNotifications,
  noticeRecipients,
  recipientById,
  renewOutbidNotifications,
  settleEmail,
  unreadCounts,
  type NewNotification,
  type Recipient,
} from "../db/notifications";
import { findUserById } from "../db/users";
import type { Reader } from "../lib/language";
import { log } from "../lib/log";
import { mailerFor } from "../mail/mailer";
import { notificationMail } from "../mail/templates";
import { userChannel } from "../realtime/connections";
import { auctionLink, notificationText, type NotificationText } from "./content";
import { eventLabel } from "./event-labels";
import type { NoticeMessage } from "./message";
import { oneClickUnsubscribeUrl, unsubscribeToken, unsubscribeUrl } from "./unsubscribe";

export function toApiNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    event: row.event,
    auctionId: row.auctionId,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.createdAt,
    readAt: row.readAt,
    repeatCount: row.repeatCount,
  };
}

/**
 * Delivers one notice: stores a notification per recipient, pushes the new
 * ones to the recipients' open pages, and mails those who want mail.
 *
 * Safe to run again for the same message (the queue redelivers): rows are
 * keyed by (user, event, auction, occurrence), so a second run inserts and
 * pushes nothing, and mail is claimed row by row, so none goes out twice.
 * Throws when some mail could not be sent; the retry sends only that mail.
 */
export async function deliverNotice(env: Env, notice: NoticeMessage, now: number): Promise<void> {
  const db = database(env.DB);
  const auction = await findAuctionRow(db, notice.auctionId);
  if (!auction) {
    log("warn", "notifications: notice for an unknown auction dropped", { auctionId: notice.auctionId, event: notice.event });
    return;
  }
  const recipients = await noticeRecipients(db, notice);
  const winner = notice.event === "ended" && notice.facts.winnerId ? await findUserById(db, notice.facts.winnerId) : undefined;
  const context = { now, winnerName: winner?.displayName ?? null };
  const choices = await emailChoices(
    db,
    recipients.map((recipient) => recipient.id),
    notice.event,
  );
  const rows: NewNotification[] = recipients.map((recipient) => ({
    id: crypto.randomUUID(),
    userId: recipient.id,
    ...notificationText(notice.event, auction, notice.facts, context, recipient.reader),
    emailStatus: recipient.emailVerified && (choices.get(recipient.id) ?? defaultEmailPreferences[notice.event]) ? "pending" : "skipped",
  }));
  const link = auctionLink(notice.auctionId);
  // Outbid notices coalesce: one row per bidder and auction, renewed by each takeover (its seq is the occurrence).
  const coalesced = notice.event === "outbid";
  const key = { event: notice.event, auctionId: notice.auctionId, occurrence: coalesced ? "" : notice.occurrence, link, createdAt: now };
  const inserted = coalesced
    ? await renewOutbidNotifications(env.DB, { ...key, seq: Number(notice.occurrence) || 0 }, rows)
    : await insertNotifications(env.DB, key, rows);
  await pushLive(env, inserted, now);
  await sendPendingMail(env, key, recipients, now);
}

/** A notice's words for one reader; rendered once the recipient, and so their language, is known. */
export type NoticeWords = (reader: Reader) => NotificationText;

/** A notification for one person about something another person did (an order step, a message, an offer). */
export interface DirectNotice {
  event: NotificationEvent;
  auctionId: string;
  /** Tells repeated events about one auction apart: the order and its step, a message id. */
  occurrence: string;
  link: string;
  userId: string;
  text: NoticeWords;
}

/**
 * Stores, pushes and mails a direct notice, with the same once-only keys and
 * preferences as the auction notices. The caller's change is already
 * committed; a failure here is logged, not reported to the person acting, and
 * the stored notification shows on the next page load either way.
 */
export async function deliverDirect(env: Env, notice: DirectNotice, now: number): Promise<void> {
  try {
    const db = database(env.DB);
    const recipients = await noticeRecipients(db, { auctionId: notice.auctionId, userIds: [notice.userId], watchers: false, excludeIds: [] });
    const choices = await emailChoices(db, [notice.userId], notice.event);
    const rows: NewNotification[] = recipients.map((recipient) => ({
      id: crypto.randomUUID(),
      userId: recipient.id,
      ...notice.text(recipient.reader),
      emailStatus: recipient.emailVerified && (choices.get(recipient.id) ?? defaultEmailPreferences[notice.event]) ? "pending" : "skipped",
    }));
    const inserted = await insertNotifications(env.DB, { ...notice, createdAt: now }, rows);
    await pushLive(env, inserted, now);
    await sendPendingMail(env, notice, recipients, now);
  } catch (error) {
    log("warn", "notifications: direct notice failed", { event: notice.event, auctionId: notice.auctionId, occurrence: notice.occurrence, error: String(error) });
  }
}

/** Best effort: the notification is already stored, and pages load it when they open. */
async function pushLive(env: Env, inserted: NotificationRow[], now: number): Promise<void> {
  if (inserted.length === 0) return;
  const counts = await unreadCounts(
    database(env.DB),
    inserted.map((row) => row.userId),
  );
  const results = await Promise.allSettled(
    inserted.map((row) =>
      userChannel(env, row.userId).push({ type: "notification", now, notification: toApiNotification(row), unreadCount: counts.get(row.userId) ?? 1 }),
    ),
  );
  const failed = results.filter((result) => result.status === "rejected");
  if (failed.length > 0) log("warn", "notifications: live push failed", { failed: failed.length, error: String(failed[0]!.reason) });
}

async function sendPendingMail(
  env: Env,
  notice: { event: NotificationEvent; auctionId: string; occurrence: string },
  recipients: Recipient[],
  now: number,
): Promise<void> {
  const db = database(env.DB);
  const claimed = await claimPendingEmails(db, notice, now);
  if (claimed.length === 0) return;
  const known = new Map(recipients.map((recipient) => [recipient.id, recipient]));
  const mailer = mailerFor(env);
  const siteUrl = env.SITE_URL.replace(/\/+$/, "");
  let failures = 0;
  for (const row of claimed) {
    const recipient = known.get(row.userId) ?? (await recipientById(db, row.userId));
    if (!recipient) continue;
    const { locale } = recipient.reader;
    try {
      const token = await unsubscribeToken(env.JWT_SECRET, { userId: row.userId, event: row.event });
      await mailer.send(
        notificationMail(
          env.SITE_NAME,
          recipient.email,
          {
            title: row.title,
            body: row.body,
            url: `${siteUrl}${row.link}`,
            unsubscribeUrl: unsubscribeUrl(siteUrl, token),
            oneClickUnsubscribeUrl: oneClickUnsubscribeUrl(siteUrl, token),
            eventLabel: eventLabel(row.event, locale),
          },
          locale,
        ),
      );
      await settleEmail(db, row.id, "sent");
    } catch (error) {
      failures += 1;
      log("warn", "notifications: mail failed, will retry", { notification: row.id, error: String(error) });
      await settleEmail(db, row.id, "failed");
    }
  }
  if (failures > 0) throw new Error(`${failures} of ${claimed.length} notification emails failed`);
}
