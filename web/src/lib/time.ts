import { m } from "$schema/paraglide/messages.js";
import { wallTimeToInstant } from "./time-zone";

/** A countdown as people read it at a glance: "2d 4h", "3h 12m", "4m 05s", "9s". */
export function durationText(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${String(rest).padStart(2, "0")}s`;
  return `${rest}s`;
}

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
export function timeZoneHint(timeZone: string): string {
  return timeZone === "UTC" ? m.tz_form_hint_utc() : m.tz_form_hint_zone({ zone: timeZone });
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
