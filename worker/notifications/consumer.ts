import { relistAutomatically } from "../catalog/relist";
import { database } from "../db/client";
import { recordDeadLetters } from "../db/notifications";
import { log } from "../lib/log";
import { deliverNotice } from "./deliver";
import { NoticeMessage } from "./message";

export const NOTIFICATIONS_DLQ = "gavel-notifications-dlq";

/** 10 s, 20 s, 40 s, … capped at 10 minutes; wrangler.toml's max_retries then sends it to the dead-letter queue. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Each message is acknowledged or retried on its own, so one failing notice
 * does not hold back (or redeliver) the rest of the batch. A message that
 * does not parse will never succeed: it goes straight to the dead letters.
 */
export async function consumeNotices(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const now = Date.now();
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = NoticeMessage.safeParse(message.body);
      if (!parsed.success) {
        log("error", "notifications: malformed message set aside", { messageId: message.id, issues: parsed.error.issues.length });
        await recordDeadLetters(database(env.DB), [{ messageId: message.id, body: JSON.stringify(message.body) ?? "null", attempts: message.attempts }], now);
        message.ack();
        return;
      }
      try {
        await deliverNotice(env, parsed.data, now);
        // "ended" without a winner is the one moment an unsold listing is known; relisting is idempotent, so a redelivery is harmless.
        if (parsed.data.event === "ended" && parsed.data.facts.winnerId === null) await relistAutomatically(env, parsed.data.auctionId, now);
        message.ack();
      } catch (error) {
        log("warn", "notifications: delivery failed, will retry", { messageId: message.id, attempts: message.attempts, error: String(error) });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }),
  );
}

/** What exhausted its retries is kept in D1 for an operator to look at and replay. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const letters = batch.messages.map((message) => ({ messageId: message.id, body: JSON.stringify(message.body) ?? "null", attempts: message.attempts }));
  await recordDeadLetters(database(env.DB), letters, Date.now());
  log("error", "notifications: messages exhausted their retries", { count: letters.length, ids: letters.map((letter) => letter.messageId) });
  batch.ackAll();
}
