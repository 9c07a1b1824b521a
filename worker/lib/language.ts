import { baseLocale, extractLocaleFromHeader, isLocale, type Locale } from "../../schema/paraglide/runtime.js";

export type { Locale };

/** The base language: messages are written in it first, and it is what a reader we know nothing about gets. */
export const ENGLISH: Locale = baseLocale;

/**
 * Who a message is written for: their language, and the time zone its dates
 * are shown in. The worker never uses paraglide's ambient locale: every
 * message is rendered for one reader, passed explicitly.
 */
export interface Reader {
  locale: Locale;
  timeZone: string;
}

/** Nothing known about the reader: English, times in UTC (named, so nobody mistakes them for local time). */
export const DEFAULT_READER: Reader = { locale: baseLocale, timeZone: "UTC" };

/**
 * The language a request asks for. The site forwards the viewer's resolved
 * locale as `Accept-Language` on every API call (web/src/lib/server/api.ts);
 * other clients send their own header. English when it names none we have.
 */
export function requestLocale(request: Request): Locale {
  return requestedLocale(request) ?? baseLocale;
}

/** The language a request names, if it names one we have: none for `*`, `pt-BR` or no header. */
export function requestedLocale(request: Request): Locale | undefined {
  return extractLocaleFromHeader(request);
}

function knownTimeZone(timeZone: string | null | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/**
 * A reader from an account's stored preferences. A preference we cannot use
 * (none yet, a language since removed, a zone the runtime does not know)
 * falls back to `fallbackLocale` (the request's language where there is a
 * request) and to UTC.
 */
export function readerFrom(preferences: { locale?: string | null; timeZone?: string | null }, fallbackLocale: Locale = baseLocale): Reader {
  return {
    locale: preferences.locale && isLocale(preferences.locale) ? preferences.locale : fallbackLocale,
    timeZone: knownTimeZone(preferences.timeZone) ?? DEFAULT_READER.timeZone,
  };
}

/**
 * The language to write to an account in: the member's stored preference,
 * else the language of the request that caused the mail (a registration, a
 * reset asked for from the login page), else English.
 */
export function accountLocale(account: { preferredLocale: string | null }, requested: Locale = ENGLISH): Locale {
  return readerFrom({ locale: account.preferredLocale }, requested).locale;
}

/** An instant as the reader reads it, with the zone named: "3 December 2026 at 14:00 UTC", "2026年12月3日 23:00 JST". */
export function formatDateTime(at: number, reader: Reader): string {
  return new Intl.DateTimeFormat(reader.locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: reader.timeZone,
    timeZoneName: "short",
  }).format(at);
}
