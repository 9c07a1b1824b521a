import { BASE_LOCALE, isLocale, LOCALES, type Locale } from "$schema/api/locales";

export { BASE_LOCALE, isLocale, LOCALES, type Locale };

/** The cookie the language switch sets for visitors (and members, so logging out keeps the language). */
export const LOCALE_COOKIE = "locale";

/** Scripts written right to left. The site ships none yet; adding one to project.inlang needs no layout work. */
const RIGHT_TO_LEFT = new Set(["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ku", "ckb"]);

export function textDirection(locale: string): "ltr" | "rtl" {
  const language = locale.split("-")[0]?.toLowerCase() ?? "";
  return RIGHT_TO_LEFT.has(language) ? "rtl" : "ltr";
}

/**
 * The first of the site's languages the visitor accepts, by quality: "de-CH, fr;q=0.8" is de.
 * A regional tag matches its language; "*" and unknown tags are skipped.
 */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  const ranked = (header ?? "")
    .split(",")
    .map((entry, position) => {
      const [tag = "", ...params] = entry.trim().split(";");
      const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
      // A quality that is not a number (q=abc) makes the entry unusable, like q=0.
      return { tag: tag.trim().toLowerCase(), quality: q === undefined ? 1 : Number(q.slice(2) || Number.NaN), position };
    })
    .filter((entry) => entry.tag && entry.tag !== "*" && entry.quality > 0 && Number.isFinite(entry.quality))
    .sort((a, b) => b.quality - a.quality || a.position - b.position);
  for (const { tag } of ranked) {
    const language = tag.split("-")[0];
    if (isLocale(tag)) return tag;
    if (isLocale(language)) return language;
  }
  return null;
}

/** The site's language for a request: the account's choice, else the switch's cookie, else Accept-Language, else English. */
export function resolveLocale(sources: { preference: string | null | undefined; cookie: string | undefined; acceptLanguage: string | null }): Locale {
  if (isLocale(sources.preference)) return sources.preference;
  if (isLocale(sources.cookie)) return sources.cookie;
  return localeFromAcceptLanguage(sources.acceptLanguage) ?? BASE_LOCALE;
}
