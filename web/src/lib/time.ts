import { m } from "$schema/paraglide/messages.js";
import { getLocale, type Locale } from "$schema/paraglide/runtime.js";

// Countdowns ("2d 4h", "2日4時間") are formatDuration in $lib/i18n/format.

/** A `datetime-local` value ("2026-05-01T14:30") for a moment, in the given zone's wall time. */
export function dateTimeLocalValue(epochMs: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value ?? "00";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}`;
}

/**
 * The moment a form's date field names: an ISO string with a zone (the browser
 * converted the viewer's local time), or a bare `datetime-local` value, read as
 * UTC because without JavaScript the form can only offer UTC.
 */
export function instantOf(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const withZone = /(?:Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}Z`;
  const epochMs = Date.parse(withZone);
  return Number.isNaN(epochMs) ? null : epochMs;
}

/** A datetime-local value the server rendered in UTC (all it can know), as wall time in `timeZone`. */
export function inTimeZone(value: string, timeZone: string): string {
  const at = instantOf(value);
  return at === null ? value : dateTimeLocalValue(at, timeZone);
}

/** Says which zone a form's times are in, so nobody has to guess. */
export function timeZoneHint(timeZone: string, locale: Locale = getLocale()): string {
  return timeZone === "UTC" ? m.time_zone_hint_utc({}, { locale }) : m.time_zone_hint({ zone: timeZone }, { locale });
}

/**
 * Rewrites a form's datetime-local values, the viewer's wall time, as ISO
 * instants: only the browser knows which instant that wall time is. Blank and
 * unreadable values are left for the server to report.
 */
export function localTimesToInstants(formData: FormData, names: readonly string[]): void {
  for (const name of names) {
    const local = formData.get(name);
    if (typeof local !== "string" || instantOf(local) === null) continue;
    const at = new Date(local);
    if (!Number.isNaN(at.getTime())) formData.set(name, at.toISOString());
  }
}
