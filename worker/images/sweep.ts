import { database } from "../db/client";
import { deleteUnclaimedImageRows, unattachedImagesBefore } from "../db/images";
import { log } from "../lib/log";
import { deleteImageObjects } from "./store";

/** Uploads no listing claimed within this long are deleted: long enough to finish a listing over a lunch break. */
export const UNCLAIMED_IMAGE_TTL_MS = 24 * 60 * 60 * 1000;
const SWEEP_BATCH = 100;

/**
 * Run by the cron trigger. Rows go first, and only those still unclaimed: a
 * listing that claims an image mid-sweep keeps it. A crash before the R2
 * delete can leave an object without a row, which nothing links to.
 */
export async function sweepUnclaimedImages(env: Env, now: number): Promise<number> {
  const db = database(env.DB);
  let swept = 0;
  for (;;) {
    const batch = await unattachedImagesBefore(db, now - UNCLAIMED_IMAGE_TTL_MS, SWEEP_BATCH);
    if (batch.length === 0) break;
    const deleted = await deleteUnclaimedImageRows(db, batch.map((row) => row.id));
    await deleteImageObjects(env.IMAGES, deleted);
    swept += deleted.length;
  }
  if (swept > 0) log("info", "swept unclaimed images", { swept });
  return swept;
}
