import { z } from "zod";

/**
 * Notifications: what the queue consumer stores in D1, the notifications API
 * returns, and the per-user live channel (GET /api/me/notifications/live)
 * pushes. The web app imports these.
 */

/** Events an auction room decides (worker/auction/notices.ts) and publishes through the queue. */
export const auctionNoticeEvents = [
  "starting_soon",
  "started",
  "ending_soon",
  "outbid",
  "new_offer",
  "won",
  "ended",
  "awarded",
  "lost",
  "watched_ended",
  "cancelled",
  "reveal_open",
  "reveal_closing",
] as const;
export const AuctionNoticeEvent = z.enum(auctionNoticeEvents);
export type AuctionNoticeEvent = z.infer<typeof AuctionNoticeEvent>;
/** Events after a sale, told to one party by the request that caused them (worker/orders/notices.ts). */
export const orderNoticeEvents = ["order_update", "order_message", "second_chance", "feedback"] as const;
export const notificationEvents = [...auctionNoticeEvents, ...orderNoticeEvents] as const;
export const NotificationEvent = z.enum(notificationEvents).meta({ id: "NotificationEvent" });
export type NotificationEvent = z.infer<typeof NotificationEvent>;

/** What each event means to the person receiving it; the preferences form shows these. */
export const notificationEventLabels: Record<NotificationEvent, string> = {
  starting_soon: "An auction you watch starts in 15 minutes",
  started: "An auction you watch has started",
  ending_soon: "An auction you watch or bid on ends in 15 minutes",
  outbid: "Someone outbid you (or undercut your offer)",
  new_offer: "A new offer on a service request you posted",
  won: "You won an auction",
  ended: "Your listing ended (with its result)",
  awarded: "Your offer was chosen for a service request",
  reveal_open: "A sealed request you made an offer on closed: reveal your offer",
  reveal_closing: "The reveal window of your sealed offer closes in an hour",
  lost: "An auction you bid on ended and someone else won",
  watched_ended: "An auction you watch ended",
  cancelled: "An auction you bid on or watch was cancelled",
  order_update: "The other party moved an order on (paid, shipped, received, unpaid)",
  order_message: "A message on one of your orders",
  second_chance: "A second-chance offer for an item you bid on",
  feedback: "Feedback about you, or a reply to yours",
};

/** Mail by default only for what needs action or concerns money; everything always shows in the app. */
export const defaultEmailPreferences: Record<NotificationEvent, boolean> = {
  starting_soon: false,
  started: false,
  ending_soon: true,
  outbid: true,
  new_offer: true,
  won: true,
  ended: true,
  awarded: true,
  reveal_open: true,
  reveal_closing: true,
  lost: true,
  watched_ended: false,
  cancelled: true,
  order_update: true,
  order_message: true,
  second_chance: true,
  feedback: false,
};

export const Notification = z
  .object({
    id: z.string(),
    event: NotificationEvent,
    auctionId: z.string(),
    title: z.string(),
    body: z.string(),
    /** Site-relative path of the page the notification is about. */
    link: z.string(),
    createdAt: z.number().int(),
    readAt: z.number().int().nullable(),
    /** Outbid notices coalesce per auction: how many times this one notice was renewed (1 for every other event). */
    repeatCount: z.number().int().min(1),
  })
  .meta({ id: "Notification" });
export type Notification = z.infer<typeof Notification>;

export const NotificationList = z
  .object({ items: z.array(Notification), nextCursor: z.string().nullable(), unreadCount: z.number().int() })
  .meta({ id: "NotificationList" });
export type NotificationList = z.infer<typeof NotificationList>;

export const MarkReadRequest = z
  .union([
    z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) }),
    z.strictObject({ all: z.literal(true) }),
  ])
  .meta({ id: "MarkReadRequest" });
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;

export const UnreadCount = z.object({ unreadCount: z.number().int() }).meta({ id: "UnreadCount" });
export type UnreadCount = z.infer<typeof UnreadCount>;

/** Outbid mail comes at most once per auction in this window; 0 mails every time you are outbid. */
export const DEFAULT_OUTBID_MAIL_WINDOW_MINUTES = 15;
export const OutbidMailWindowMinutes = z.number().int().min(0).max(24 * 60);

export const NotificationPreferences = z
  .object({ email: z.record(NotificationEvent, z.boolean()), outbidMailWindowMinutes: OutbidMailWindowMinutes })
  .meta({ id: "NotificationPreferences" });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** Only the events named change; the others keep their setting. */
export const NotificationPreferencesUpdate = z
  .strictObject({ email: z.partialRecord(NotificationEvent, z.boolean()).default({}), outbidMailWindowMinutes: OutbidMailWindowMinutes.optional() })
  .meta({ id: "NotificationPreferencesUpdate" });
export type NotificationPreferencesUpdate = z.infer<typeof NotificationPreferencesUpdate>;

export const UnsubscribeRequest = z.strictObject({ token: z.string().min(1).max(2048) }).meta({ id: "UnsubscribeRequest" });
export type UnsubscribeRequest = z.infer<typeof UnsubscribeRequest>;

export const Unsubscribed = z.object({ event: NotificationEvent, label: z.string() }).meta({ id: "Unsubscribed" });
export type Unsubscribed = z.infer<typeof Unsubscribed>;

/** Frames the per-user channel sends. Clients send only the text `ping` (answered `pong`); anything else gets `error`. */
export const ChannelFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("notification"), now: z.number().int(), notification: Notification, unreadCount: z.number().int() }),
  z.object({ type: z.literal("read"), now: z.number().int(), unreadCount: z.number().int() }),
  z.object({ type: z.literal("error"), now: z.number().int(), code: z.string(), message: z.string() }),
]);
export type ChannelFrame = z.infer<typeof ChannelFrame>;
