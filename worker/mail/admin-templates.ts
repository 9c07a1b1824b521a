import { m } from "../../schema/paraglide/messages.js";
import type { Locale } from "../lib/language";
import type { MailMessage } from "./mailer";
import { layout } from "./templates";

/** The answer to a request for the seller capability, either way, with the admin's reason, in the applicant's language. */
export function sellerApplicationMail(siteName: string, to: string, decision: { approved: boolean; reason: string; url: string }, locale: Locale): MailMessage {
  const reason = m.mail_seller_reason({ reason: decision.reason }, { locale });
  const paragraphs = decision.approved
    ? [m.mail_seller_approved_body({}, { locale }), reason]
    : [m.mail_seller_declined_body({}, { locale }), reason, m.mail_seller_ask_again({}, { locale })];
  const label = decision.approved ? m.mail_seller_action_list({}, { locale }) : m.mail_seller_action_account({}, { locale });
  return {
    to,
    subject: decision.approved ? m.mail_seller_approved_subject({ site: siteName }, { locale }) : m.mail_seller_declined_subject({ site: siteName }, { locale }),
    text: `${paragraphs.join("\n\n")}\n\n${m.mail_link_line({ label, url: decision.url }, { locale })}\n`,
    html: layout(siteName, locale, paragraphs, { action: { label, url: decision.url } }),
  };
}
