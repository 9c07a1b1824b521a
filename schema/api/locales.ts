import { z } from "zod";
import { baseLocale, locales } from "../paraglide/runtime.js";
import { DisplayCurrency, TimeZoneName } from "./preferences";

/**
 * The site's languages, from project.inlang/settings.json as compiled into schema/paraglide: adding a
 * language there (and its messages file) adds it to the API, the switch and locale resolution.
 * Kept apart from ./preferences so code that never compiles messages (the terminal client) can read users.
 */
export const LOCALES = locales;
export type Locale = (typeof locales)[number];
export const BASE_LOCALE: Locale = baseLocale;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export const LocaleCode = z.enum(locales).meta({ description: "One of the site's languages", example: "de" });

/** A change to some preferences; a field left out stays as it is, null clears it. */
export const PreferencesPatch = z
  .strictObject({
    locale: LocaleCode.nullable().optional(),
    displayCurrency: DisplayCurrency.nullable().optional(),
    timeZone: TimeZoneName.nullable().optional(),
  })
  .meta({ id: "PreferencesPatch" });
export type PreferencesPatch = z.infer<typeof PreferencesPatch>;
