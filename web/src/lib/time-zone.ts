import { getContext, setContext } from "svelte";

/**
 * The viewer's time zone: the account's setting, else the browser's, which a
 * small script keeps in a cookie so pages rendered on the server show local
 * times too. Without either, the server renders UTC (labelled) and the
 * browser re-renders in its own zone after hydration.
 */
export const TIME_ZONE_COOKIE = "tz";

const DAY_MS = 24 * 60 * 60 * 1000;

/** An IANA zone name this runtime knows ("Europe/Zurich", "Asia/Tokyo", "UTC"). */
export function isTimeZone(name: string | null | undefined): name is string {
  if (!name || name.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Remembers the browser's zone for the server's next rendering (a year; refreshed on every page while it changes). */
export function rememberBrowserTimeZone(): void {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isTimeZone(zone) || document.cookie.split("; ").includes(`${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}`)) return;
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

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

export const ZONE_CONTEXT = Symbol("viewer time zone");

/** The root layout hands the viewer's zone to every component below it (per request on the server). */
export function provideViewerZone(zone: () => string | null): void {
  setContext(ZONE_CONTEXT, zone);
}

/** The viewer's zone for a component: account, else browser cookie; null where unknown (and outside the layout, as in component tests). */
export function viewerZone(): () => string | null {
  return getContext<(() => string | null) | undefined>(ZONE_CONTEXT) ?? (() => null);
}
