import { m } from "../../schema/paraglide/messages.js";
import type { Locale } from "../lib/language";
import type { MailMessage } from "./mailer";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

interface LayoutExtras {
  /** A code shown large above the text. */
  highlight?: string;
  /** One button-like link after the text. */
  action?: { label: string; url: string };
  /** Small print under a rule: why the mail came, how to stop it. */
  footer?: Array<{ text: string; link?: { label: string; url: string } }>;
}

/** One layout for every message: the site name on top, plain paragraphs, nothing remote to load; `lang` lets mail clients pick fonts and voices. */
export function layout(siteName: string, locale: Locale, paragraphs: string[], extras: LayoutExtras = {}): string {
  const body = paragraphs.map((paragraph) => `<p style="margin:0 0 16px">${escapeHtml(paragraph)}</p>`).join("");
  const code = extras.highlight
    ? `<p style="margin:0 0 16px;font-size:28px;font-weight:700;letter-spacing:6px;font-family:monospace">${escapeHtml(extras.highlight)}</p>`
    : "";
  const action = extras.action
    ? `<p style="margin:0 0 24px"><a href="${escapeHtml(extras.action.url)}" style="display:inline-block;padding:10px 18px;background:#1b1b1b;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(extras.action.label)}</a></p>`
    : "";
  const footer = extras.footer?.length
    ? `<hr style="border:0;border-top:1px solid #ddd;margin:24px 0 12px">` +
      extras.footer
        .map(
          (line) =>
            `<p style="margin:0 0 8px;font-size:12px;color:#666">${escapeHtml(line.text)}` +
            (line.link ? ` <a href="${escapeHtml(line.link.url)}" style="color:#666">${escapeHtml(line.link.label)}</a>` : "") +
            `</p>`,
        )
        .join("")
    : "";
  return (
    `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;color:#1b1b1b;max-width:560px;margin:0 auto;padding:24px">` +
    `<h1 style="font-size:20px;margin:0 0 24px">${escapeHtml(siteName)}</h1>${code}${body}${action}${footer}</body></html>`
  );
}

/**
 * Every mail is written in its recipient's language (`locale`): their account
 * preference, else the language of the request that caused it (see
 * docs/email.md). Links carry no locale: a page is at the same address in
 * every language, and the site shows it in the reader's own.
 */
export function verificationCodeMail(siteName: string, to: string, code: string, validMinutes: number, locale: Locale): MailMessage {
  const paragraphs = [m.mail_verify_body({ minutes: validMinutes }, { locale }), m.mail_verify_ignore({}, { locale })];
  return {
    to,
    subject: m.mail_verify_subject({ code, site: siteName }, { locale }),
    text: `${m.mail_verify_intro({ code, site: siteName }, { locale })}\n\n${paragraphs.join("\n\n")}\n`,
    html: layout(siteName, locale, paragraphs, { highlight: code }),
  };
}

export interface NotificationMailContent {
  title: string;
  body: string;
  /** Absolute URL of the page the notification is about (an auction, an order). */
  url: string;
  /** Absolute URL of the page that turns this kind of mail off, without logging in. */
  unsubscribeUrl: string;
  /** Absolute URL a mail client POSTs to for RFC 8058 one-click unsubscribe. */
  oneClickUnsubscribeUrl: string;
  /** What the unsubscribe link stops, in words ("Someone outbid you"), in the recipient's language. */
  eventLabel: string;
}

/** The title and body are the stored notification's, already in the recipient's language. */
export function notificationMail(siteName: string, to: string, content: NotificationMailContent, locale: Locale): MailMessage {
  const why = m.mail_notice_why({ event: content.eventLabel }, { locale });
  return {
    to,
    subject: content.title,
    text: `${content.body}\n\n${content.url}\n\n-- \n${why}\n${m.mail_notice_unsubscribe_line({ url: content.unsubscribeUrl }, { locale })}\n`,
    html: layout(siteName, locale, [content.body], {
      action: { label: m.mail_notice_action({ site: siteName }, { locale }), url: content.url },
      footer: [
        { text: why },
        { text: m.mail_notice_unwanted({}, { locale }), link: { label: m.mail_notice_unsubscribe({}, { locale }), url: content.unsubscribeUrl } },
      ],
    }),
    headers: {
      "List-Unsubscribe": `<${content.oneClickUnsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

export function passwordResetMail(siteName: string, to: string, link: string, validMinutes: number, locale: Locale): MailMessage {
  const paragraphs = [m.mail_reset_body({ site: siteName, minutes: validMinutes }, { locale }), m.mail_reset_ignore({}, { locale })];
  return {
    to,
    subject: m.mail_reset_subject({ site: siteName }, { locale }),
    text: `${m.mail_reset_intro({ site: siteName }, { locale })}\n\n${link}\n\n${paragraphs.join("\n\n")}\n`,
    html: layout(siteName, locale, paragraphs, { action: { label: m.mail_reset_action({}, { locale }), url: link } }),
  };
}

export function emailChangeCodeMail(siteName: string, to: string, code: string, validMinutes: number, locale: Locale): MailMessage {
  const paragraphs = [m.mail_email_change_body({ site: siteName, minutes: validMinutes }, { locale }), m.mail_email_change_ignore({}, { locale })];
  return {
    to,
    subject: m.mail_email_change_subject({ code, site: siteName }, { locale }),
    text: `${m.mail_email_change_intro({ code }, { locale })}\n\n${paragraphs.join("\n\n")}\n`,
    html: layout(siteName, locale, paragraphs, { highlight: code }),
  };
}

export function emailChangedMail(siteName: string, to: string, newEmail: string, locale: Locale): MailMessage {
  const paragraphs = [m.mail_email_changed_body({ site: siteName, email: newEmail }, { locale }), m.mail_email_changed_warning({}, { locale })];
  return { to, subject: m.mail_email_changed_subject({ site: siteName }, { locale }), text: `${paragraphs.join("\n\n")}\n`, html: layout(siteName, locale, paragraphs) };
}
