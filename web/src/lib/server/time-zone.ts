import type { RequestEvent } from "@sveltejs/kit";
import { TIME_ZONE_COOKIE, isTimeZone } from "$lib/time-zone";

/** The zone to show times in: the account's setting, else the browser's (its cookie), else null (UTC, then the browser's after hydration). */
export function viewerTimeZone(event: RequestEvent, accountZone: string | null = null): string | null {
  if (isTimeZone(accountZone)) return accountZone;
  const cookie = event.cookies.get(TIME_ZONE_COOKIE);
  return isTimeZone(cookie) ? cookie : null;
}
