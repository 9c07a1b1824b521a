import type { NotificationEvent } from "../../schema/api/notifications";
import { m } from "../../schema/paraglide/messages.js";
import type { Locale } from "../lib/language";

/** What each event means to the person receiving it, for the footer of its mail ("you get this because …"). */
const labels: Record<NotificationEvent, (inputs: Record<string, never>, options: { locale: Locale }) => string> = {
  starting_soon: m.mail_event_starting_soon,
  started: m.mail_event_started,
  ending_soon: m.mail_event_ending_soon,
  outbid: m.mail_event_outbid,
  new_offer: m.mail_event_new_offer,
  won: m.mail_event_won,
  ended: m.mail_event_ended,
  awarded: m.mail_event_awarded,
  reveal_open: m.mail_event_reveal_open,
  reveal_closing: m.mail_event_reveal_closing,
  lost: m.mail_event_lost,
  watched_ended: m.mail_event_watched_ended,
  cancelled: m.mail_event_cancelled,
  order_update: m.mail_event_order_update,
  order_message: m.mail_event_order_message,
  second_chance: m.mail_event_second_chance,
  feedback: m.mail_event_feedback,
};

export function eventLabel(event: NotificationEvent, locale: Locale): string {
  return labels[event]({}, { locale });
}
