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

/** One layout for every message: the site name on top, plain paragraphs, nothing remote to load. */
export function layout(siteName: string, paragraphs: string[], extras: LayoutExtras = {}): string {
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
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1b1b1b;max-width:560px;margin:0 auto;padding:24px">` +
    `<h1 style="font-size:20px;margin:0 0 24px">${escapeHtml(siteName)}</h1>${code}${body}${action}${footer}</body></html>`
  );
}

export function verificationCodeMail(siteName: string, to: string, code: string, validMinutes: number): MailMessage {
  const paragraphs = [
    `Enter this code to verify your email address. It is valid for ${validMinutes} minutes.`,
    "If you did not create an account, you can ignore this message.",
  ];
  return {
    to,
    subject: `${code} is your ${siteName} verification code`,
    text: `Your ${siteName} verification code is ${code}.\n\n${paragraphs.join("\n\n")}\n`,
    html: layout(siteName, paragraphs, { highlight: code }),
  };
}

export interface NotificationMailContent {
  title: string;
  body: string;
  /** Absolute URL of the auction. */
  url: string;
  /** Absolute URL of the page that turns this kind of mail off, without logging in. */
  unsubscribeUrl: string;
  /** Absolute URL a mail client POSTs to for RFC 8058 one-click unsubscribe. */
  oneClickUnsubscribeUrl: string;
  /** What the unsubscribe link stops, in words ("Someone outbid you"). */
  eventLabel: string;
}

export function notificationMail(siteName: string, to: string, content: NotificationMailContent): MailMessage {
  const why = `You get this because email is on for: ${content.eventLabel}.`;
  return {
    to,
    subject: content.title,
    text:
      `${content.body}\n\n${content.url}\n\n-- \n${why}\n` +
      `Turn these emails off: ${content.unsubscribeUrl}\n`,
    html: layout(siteName, [content.body], {
      action: { label: "Open the auction", url: content.url },
      footer: [{ text: why }, { text: "Don't want these?", link: { label: "Turn these emails off", url: content.unsubscribeUrl } }],
    }),
    headers: {
      "List-Unsubscribe": `<${content.oneClickUnsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

export function passwordResetMail(siteName: string, to: string, link: string, validMinutes: number): MailMessage {
  const paragraphs = [
    `Someone asked to reset the password of your ${siteName} account. The link works once, for ${validMinutes} minutes, and logs you out everywhere.`,
    "If it was not you, ignore this message: your password stays as it is.",
  ];
  return {
    to,
    subject: `Reset your ${siteName} password`,
    text: `Choose a new ${siteName} password here:\n\n${link}\n\n${paragraphs.join("\n\n")}\n`,
    html: layout(siteName, paragraphs, { action: { label: "Choose a new password", url: link } }),
  };
}

export function emailChangeCodeMail(siteName: string, to: string, code: string, validMinutes: number): MailMessage {
  const paragraphs = [
    `Enter this code on your ${siteName} account page to use this address from now on. It is valid for ${validMinutes} minutes.`,
    "If you did not ask for this, ignore this message: nothing changes without the code.",
  ];
  return {
    to,
    subject: `${code} confirms your new ${siteName} email address`,
    text: `Your code is ${code}.\n\n${paragraphs.join("\n\n")}\n`,
    html: layout(siteName, paragraphs, { highlight: code }),
  };
}

export function emailChangedMail(siteName: string, to: string, newEmail: string): MailMessage {
  const paragraphs = [
    `The email address of your ${siteName} account was changed to ${newEmail}. Mail about your account now goes there.`,
    "If you did not do this, reset your password from the login page at once and contact us.",
  ];
  return { to, subject: `Your ${siteName} email address was changed`, text: `${paragraphs.join("\n\n")}\n`, html: layout(siteName, paragraphs) };
}
