const FALLBACK_LOCALE = "en";

/**
 * The visitor's first usable language from Accept-Language. Server and browser
 * then format prices with the same locale, so hydration shows no flicker.
 */
export function preferredLocale(acceptLanguage: string | null): string {
  for (const entry of (acceptLanguage ?? "").split(",")) {
    const tag = entry.split(";")[0]?.trim();
    if (!tag || tag === "*") continue;
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // A malformed tag: try the next one.
    }
  }
  return FALLBACK_LOCALE;
}
