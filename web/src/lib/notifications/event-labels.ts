import type { NotificationEvent } from "$schema";
import { m } from "$schema/paraglide/messages.js";

/** What each event means to the person receiving it, in the viewer's language (preferences form, unsubscribe page). */
const LABELS: Record<NotificationEvent, () => string> = {
  starting_soon: m.notifications_event_starting_soon,
  started: m.notifications_event_started,
  ending_soon: m.notifications_event_ending_soon,
  outbid: m.notifications_event_outbid,
  new_offer: m.notifications_event_new_offer,
  won: m.notifications_event_won,
  ended: m.notifications_event_ended,
  awarded: m.notifications_event_awarded,
  reveal_open: m.notifications_event_reveal_open,
  reveal_closing: m.notifications_event_reveal_closing,
  lost: m.notifications_event_lost,
  watched_ended: m.notifications_event_watched_ended,
  cancelled: m.notifications_event_cancelled,
  order_update: m.notifications_event_order_update,
  order_message: m.notifications_event_order_message,
  second_chance: m.notifications_event_second_chance,
  feedback: m.notifications_event_feedback,
};

export function notificationEventLabel(event: NotificationEvent): string {
  return LABELS[event]();
}
