import { mailOutbox } from "../../schema/db";
import { database } from "../db/client";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, such as List-Unsubscribe on notification mail. */
  headers?: Record<string, string>;
}

/** Where mail goes: Cloudflare's send_email binding in production, a D1 outbox locally. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * A line break in a header value starts a new header (`Bcc:` injection).
 * Every header value is flattened to one line here, whatever its source, in
 * both transports, so the outbox shows exactly what would have been sent.
 */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ");
}

function withSafeHeaders(message: MailMessage): MailMessage {
  return {
    ...message,
    to: oneLine(message.to),
    subject: oneLine(message.subject),
    ...(message.headers && { headers: Object.fromEntries(Object.entries(message.headers).map(([name, value]) => [oneLine(name), oneLine(value)])) }),
  };
}

/** Keeps each message in D1 so a person (the /dev/outbox page) or a test can read it. */
export class OutboxMailer implements Mailer {
  constructor(private readonly db: D1Database) {}

  async send(unsafe: MailMessage): Promise<void> {
    const message = withSafeHeaders(unsafe);
    await database(this.db).insert(mailOutbox).values({
      id: crypto.randomUUID(),
      toAddress: message.to,
      subject: message.subject,
      textBody: message.text,
      htmlBody: message.html,
      headers: message.headers ?? {},
      sentAt: Date.now(),
    });
  }
}

export class CloudflareMailer implements Mailer {
  constructor(
    private readonly binding: SendEmail,
    private readonly from: string,
  ) {}

  async send(unsafe: MailMessage): Promise<void> {
    const message = withSafeHeaders(unsafe);
    await this.binding.send({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      ...(message.headers ? { headers: message.headers } : {}),
    });
  }
}

export function isOutboxConfigured(env: Env): boolean {
  return env.MAIL_TRANSPORT === "outbox";
}

export function mailerFor(env: Env): Mailer {
  return isOutboxConfigured(env) ? new OutboxMailer(env.DB) : new CloudflareMailer(env.EMAIL, env.MAIL_FROM);
}
