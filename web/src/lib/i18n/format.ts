/**
 * Every price, number, date, countdown and list the site shows goes through here, in the viewer's
 * language (the page's locale: <html lang> in the browser, the request's on the server) and, for
 * moments, the viewer's time zone when they chose one. Pass `locale` explicitly where a component
 * gets it as a prop (tests, the worker); otherwise the page's locale is used.
 */
import { formatMoney } from "$schema/money";
import { getLocale } from "$schema/paraglide/runtime.js";
import { m } from "$schema/paraglide/messages.js";
import type { Locale } from "./locale";

/** The page's language as Paraglide resolves it (server: the request's; browser: <html lang>). */
export function currentLocale(): Locale {
  return getLocale();
}

/** A price in the auction's own currency, written the viewer's way ("CHF 1’250.50", "1.250,50 CHF", "CHF 1,250.50"). */
export function formatPrice(minor: number, currency: string, locale: string = getLocale()): string {
  return formatMoney(minor, currency, locale);
}

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}, locale: string = getLocale()): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

export type DateTimeOptions = {
  dateOnly?: boolean;
  seconds?: boolean;
  /** The viewer's chosen zone; undefined is the runtime's own (the browser's, or UTC on the server). */
  timeZone?: string | null | undefined;
};

/** A moment ("3 Dec 2026, 14:30"), in the viewer's zone if known; `timeZoneName` is added when the zone is not the browser's. */
export function formatDateTime(at: Date | number | string, options: DateTimeOptions = {}, locale: string = getLocale()): string {
  const style: Intl.DateTimeFormatOptions = options.dateOnly ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: options.seconds ? "medium" : "short" };
  return new Intl.DateTimeFormat(locale, { ...style, ...(options.timeZone ? { timeZone: options.timeZone } : {}) }).format(new Date(at));
}

/** The zone's short name in the viewer's language ("CET", "GMT+9", "UTC"), to label times with. */
export function timeZoneLabel(at: Date | number, timeZone: string, locale: string = getLocale()): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }).formatToParts(new Date(at));
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "5 minutes ago", "vor 5 Minuten", "il y a 5 minutes", "5 分前"; "in 2 days" for the future; under a minute, "now". */
export function formatRelativeTime(at: number, now: number, locale: string = getLocale()): string {
  const difference = at - now;
  const distance = Math.abs(difference);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, size] of RELATIVE_UNITS) {
    if (distance >= size) return format.format(Math.sign(difference) * Math.floor(distance / size), unit);
  }
  return format.format(0, "second");
}

/**
 * A countdown read at a glance, two units at most: "2d 4h", "2 T. 4 Std.", "2 j 4 h", "2日4時間".
 * From messages rather than Intl.DurationFormat: the server (workerd) and every browser must write the
 * same text or hydration flickers, and DurationFormat's narrow style is uneven ("2d4h" in Japanese).
 */
export function formatDuration(milliseconds: number, locale: Locale = getLocale()): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const number = (value: number, minimumIntegerDigits = 1) => formatNumber(value, { minimumIntegerDigits, useGrouping: true }, locale);
  if (days > 0) return m.time_duration_days_hours({ days: number(days), hours: number(hours) }, { locale });
  if (hours > 0) return m.time_duration_hours_minutes({ hours: number(hours), minutes: number(minutes) }, { locale });
  if (minutes > 0) return m.time_duration_minutes_seconds({ minutes: number(minutes), seconds: number(rest, 2) }, { locale });
  return m.time_duration_seconds({ seconds: number(rest) }, { locale });
}

/** "a, b and c" / "a, b und c" / "a、b、c"; `type: "disjunction"` for "or". */
export function formatList(items: readonly string[], type: Intl.ListFormatType = "conjunction", locale: string = getLocale()): string {
  return new Intl.ListFormat(locale, { type, style: "long" }).format(items);
}
