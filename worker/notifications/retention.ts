import { database } from "../db/client";
import { deleteNotificationsBefore } from "../db/notifications";
import { log } from "../lib/log";

/** Notifications older than this are deleted: long past any auction they were about. */
export const NOTIFICATION_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;
const SWEEP_BATCH = 500;

/** Run by the hourly cron, in batches so no single D1 statement runs long. */
export async function sweepOldNotifications(env: Env, now: number): Promise<number> {
  const db = database(env.DB);
  let swept = 0;
  for (;;) {
    const deleted = await deleteNotificationsBefore(db, now - NOTIFICATION_RETENTION_MS, SWEEP_BATCH);
    swept += deleted;
    if (deleted < SWEEP_BATCH) break;
  }
  if (swept > 0) log("info", "swept old notifications", { swept });
  return swept;
}
