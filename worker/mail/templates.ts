import type { MailMessage } from "./mailer";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** One layout for every message: the site name on top, plain paragraphs, nothing remote to load. */
function layout(siteName: string, paragraphs: string[], highlight?: string): string {
  const body = paragraphs.map((paragraph) => `<p style="margin:0 0 16px">${escapeHtml(paragraph)}</p>`).join("");
  const code = highlight
    ? `<p style="margin:0 0 16px;font-size:28px;font-weight:700;letter-spacing:6px;font-family:monospace">${escapeHtml(highlight)}</p>`
    : "";
  return (
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1b1b1b;max-width:560px;margin:0 auto;padding:24px">` +
    `<h1 style="font-size:20px;margin:0 0 24px">${escapeHtml(siteName)}</h1>${code}${body}</body></html>`
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
    html: layout(siteName, paragraphs, code),
  };
}
