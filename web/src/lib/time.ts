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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant a wall time names in `timeZone` ("2026-12-03T09:00" in
 * Asia/Tokyo is 00:00 UTC). Across a daylight-saving change a skipped wall
 * time moves forward by the gap, and a repeated one takes its first instance.
 */
export function wallTimeToInstant(wallTime: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wallTime);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((field) => Number(field ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(asUtc)) return null;
  // The zone's offset at a moment, in ms: what its wall clock shows minus UTC.
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" }).formatToParts(instant);
    const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((entry) => entry.type === type)?.value);
    return Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second")) - Math.floor(instant / 1000) * 1000;
  };
  // A zone changes its offset at most once within a day either side: the wall time is one of these two.
  const before = offsetAt(asUtc - DAY_MS);
  const after = offsetAt(asUtc + DAY_MS);
  const earlier = asUtc - Math.max(before, after);
  const later = asUtc - Math.min(before, after);
  const names = (instant: number) => instant + offsetAt(instant) === asUtc;
  if (names(earlier)) return earlier;
  if (names(later)) return later;
  // Skipped by a clock going forward: the old offset moves it forward by the gap.
  return asUtc - before;
}

/**
 * Rewrites a form's datetime-local values, wall time in `timeZone` (the zone
 * the form names), as ISO instants: the server would read them as UTC. Blank
 * and unreadable values are left for the server to report.
 */
export function localTimesToInstants(formData: FormData, names: readonly string[], timeZone: string): void {
  for (const name of names) {
    const local = formData.get(name);
    if (typeof local !== "string" || instantOf(local) === null) continue;
    const at = /(?:Z|[+-]\d{2}:\d{2})$/i.test(local) ? instantOf(local) : wallTimeToInstant(local, timeZone);
    if (at !== null) formData.set(name, new Date(at).toISOString());
  }
}
