import { env, exports } from "cloudflare:workers";
import type { ChannelFrame, NotificationEvent } from "../../schema";
import { FrameRecorder } from "../frame-recorder";
import { ORIGIN } from "../helpers";

/** A user's notification channel as an open page has it: records frames and how it closed. */
export class ChannelClient {
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly recorder: FrameRecorder<ChannelFrame>;

  constructor(readonly socket: WebSocket) {
    this.recorder = new FrameRecorder(socket);
    this.closed = new Promise((resolve) => socket.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason })));
  }

  static async connect(token: string): Promise<ChannelClient> {
    const response = await exports.default.fetch(
      new Request(`${ORIGIN}/api/me/notifications/live`, { headers: { upgrade: "websocket", authorization: `Bearer ${token}` } }),
    );
    if (!response.webSocket) throw new Error(`expected an upgrade, got ${response.status}: ${await response.text()}`);
    response.webSocket.accept();
    return new ChannelClient(response.webSocket);
  }

  next(match: (frame: ChannelFrame) => boolean, timeoutMs = 8000): Promise<ChannelFrame> {
    return this.recorder.next(match, timeoutMs);
  }

  close(): void {
    this.socket.close(1000, "done");
  }
}

export interface StoredNotification {
  id: string;
  user_id: string;
  event: NotificationEvent;
  occurrence: string;
  title: string;
  body: string;
  email_status: string;
  read_at: number | null;
  repeat_count: number;
  last_seq: number;
}

export async function notificationsOf(auctionId: string): Promise<StoredNotification[]> {
  const result = await env.DB.prepare("SELECT * FROM notifications WHERE auction_id = ? ORDER BY created_at, user_id").bind(auctionId).all<StoredNotification>();
  return result.results;
}

/** Polls D1 until the auction's notifications satisfy `done`: the queue consumer runs on its own schedule. */
export async function waitForNotifications(
  auctionId: string,
  done: (rows: StoredNotification[]) => boolean,
  timeoutMs = 10_000,
): Promise<StoredNotification[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await notificationsOf(auctionId);
    if (done(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`notifications never arrived; have ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface StoredMail {
  subject: string;
  text_body: string;
  html_body: string;
  headers: Record<string, string>;
}

export async function mailTo(email: string): Promise<StoredMail[]> {
  const result = await env.DB.prepare("SELECT subject, text_body, html_body, headers FROM mail_outbox WHERE to_address = ? ORDER BY sent_at")
    .bind(email)
    .all<Omit<StoredMail, "headers"> & { headers: string }>();
  return result.results.map((row) => ({ ...row, headers: JSON.parse(row.headers) as Record<string, string> }));
}
