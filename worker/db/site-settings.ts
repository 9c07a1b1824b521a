import { eq } from "drizzle-orm";
import { defaultSiteSettings, SiteSettings } from "../../schema/api/site-settings";
import { siteSettings } from "../../schema/db";
import { DAY_MS } from "../orders/rules";
import type { Database } from "./client";

const SETTINGS_ROW = 1;

/**
 * The site settings, defaults where none were saved. A stored value that no
 * longer parses (a field added or tightened since) falls back field by field
 * to the defaults rather than failing every request that reads it.
 */
export async function getSiteSettings(db: Database): Promise<SiteSettings> {
  const row = await db.query.siteSettings.findFirst({ where: eq(siteSettings.id, SETTINGS_ROW) });
  if (!row) return defaultSiteSettings;
  const stored = SiteSettings.safeParse(row.settings);
  if (stored.success) return stored.data;
  const merged = SiteSettings.safeParse({ ...defaultSiteSettings, ...(row.settings as object) });
  return merged.success ? merged.data : defaultSiteSettings;
}

/** Replaces the settings (validated by the caller with SiteSettings); run it in a batch with its audit entry. */
export function saveSiteSettingsStatement(db: Database, settings: SiteSettings, now: number) {
  return db
    .insert(siteSettings)
    .values({ id: SETTINGS_ROW, settings, updatedAt: now })
    .onConflictDoUpdate({ target: siteSettings.id, set: { settings, updatedAt: now } });
}

/**
 * The payment deadline in force, in ms, as an SQL expression: an order's
 * statement reads the setting in the same transaction that writes the order,
 * so the room's result batch needs no extra round trip. Saved settings are
 * validated (1–30 days), else the default applies.
 */
export const PAYMENT_DEADLINE_MS_SQL = `(COALESCE((SELECT json_extract(settings, '$.paymentDeadlineDays') FROM site_settings WHERE id = ${SETTINGS_ROW}), ${defaultSiteSettings.paymentDeadlineDays}) * ${DAY_MS})`;
