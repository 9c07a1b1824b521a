import { z } from "zod";

/** A three-letter ISO 4217 code that this runtime's Intl knows (so it can format prices in it). */
export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code);
}

/** An IANA zone name this runtime's Intl accepts ("Europe/Zurich", "UTC"). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const DisplayCurrency = z
  .string()
  .refine(isKnownCurrency, { message: "Use a three-letter ISO 4217 currency code, such as EUR or JPY" })
  .meta({ description: "ISO 4217 code of the currency approximate prices are shown in", example: "JPY" });
export const TimeZoneName = z
  .string()
  .max(64)
  .refine(isKnownTimeZone, { message: "Use an IANA time zone, such as Europe/Zurich" })
  .meta({ description: "IANA time zone times are shown in", example: "Asia/Tokyo" });

/**
 * The member's preferences; null means not chosen (the locale cookie / Accept-Language, no conversion,
 * the browser's zone). `locale` is one of the site's languages (./locales; validated on the way in).
 */
export const Preferences = z
  .object({
    locale: z.string().nullable().meta({ description: "One of the site's languages", example: "de" }),
    displayCurrency: z.string().nullable().meta({ description: "ISO 4217 code", example: "JPY" }),
    timeZone: z.string().nullable().meta({ description: "IANA time zone", example: "Asia/Tokyo" }),
  })
  .meta({ id: "Preferences" });
export type Preferences = z.infer<typeof Preferences>;

export const NO_PREFERENCES: Preferences = { locale: null, displayCurrency: null, timeZone: null };
