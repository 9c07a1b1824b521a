import { getContext, setContext } from "svelte";

/**
 * The viewer's time zone: the account's setting, else the browser's, which a
 * small script keeps in a cookie so pages rendered on the server show local
 * times too. Without either, the server renders UTC (labelled) and the
 * browser re-renders in its own zone after hydration.
 */
export const TIME_ZONE_COOKIE = "tz";

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

export const ZONE_CONTEXT = Symbol("viewer time zone");

/** The root layout hands the viewer's zone to every component below it (per request on the server). */
export function provideViewerZone(zone: () => string | null): void {
  setContext(ZONE_CONTEXT, zone);
}

/** The viewer's zone for a component: account, else browser cookie; null where unknown (and outside the layout, as in component tests). */
export function viewerZone(): () => string | null {
  return getContext<(() => string | null) | undefined>(ZONE_CONTEXT) ?? (() => null);
}

