import { mailOutbox } from "../../schema/db";
import { database } from "../db/client";
import { log } from "../lib/log";

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

/**
 * Addresses that can only be this machine or a test: loopback, `localhost`
 * and the names RFC 6761 reserves for testing (`.localhost`, `.test`). The
 * outbox serves every mail (reset links included) to anyone who asks, so it is
 * only allowed where SITE_URL is one of these.
 */
export function isLocalSiteUrl(siteUrl: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(siteUrl).hostname;
  } catch {
    return false;
  }
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname.endsWith(".test") ||
    hostname === "[::1]" ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/** Mail is kept in the outbox: asked for by MAIL_TRANSPORT and allowed by a local SITE_URL. */
export function isOutboxConfigured(env: Env): boolean {
  return env.MAIL_TRANSPORT === "outbox" && isLocalSiteUrl(env.SITE_URL);
}

/** Stands in for the outbox on a public site: sends nothing, and says why in the log. */
class RefusedOutboxMailer implements Mailer {
  constructor(private readonly siteUrl: string) {}

  async send(): Promise<void> {
    refuseOutbox(this.siteUrl);
  }
}

function refuseOutbox(siteUrl: string): never {
  const message = "MAIL_TRANSPORT=outbox is refused because SITE_URL is not a local address; set MAIL_TRANSPORT=cloudflare";
  log("error", message, { siteUrl });
  throw new Error(`${message} (SITE_URL=${siteUrl})`);
}

export function mailerFor(env: Env): Mailer {
  if (env.MAIL_TRANSPORT !== "outbox") return new CloudflareMailer(env.EMAIL, env.MAIL_FROM);
  return isOutboxConfigured(env) ? new OutboxMailer(env.DB) : new RefusedOutboxMailer(env.SITE_URL);
}

/** For the dev outbox routes: they answer 404 unless the outbox is allowed, and log when it was asked for but refused. */
export function outboxAvailable(env: Env): boolean {
  if (env.MAIL_TRANSPORT === "outbox" && !isLocalSiteUrl(env.SITE_URL)) {
    log("error", "The dev outbox is not served because SITE_URL is not a local address", { siteUrl: env.SITE_URL });
    return false;
  }
  return isOutboxConfigured(env);
}
