import type { Cookies } from "@sveltejs/kit";

/**
 * "Your listing is live" after publishing: a one-minute cookie naming the
 * listing, read once by its page, so the listing's URL stays the same.
 */
const PUBLISHED_COOKIE = "gavel_published";

export function markPublished(cookies: Cookies, auctionId: string): void {
  cookies.set(PUBLISHED_COOKIE, auctionId, { path: "/", maxAge: 60, httpOnly: true, sameSite: "lax" });
}

export function takePublished(cookies: Cookies, auctionId: string): boolean {
  if (cookies.get(PUBLISHED_COOKIE) !== auctionId) return false;
  cookies.delete(PUBLISHED_COOKIE, { path: "/" });
  return true;
}
