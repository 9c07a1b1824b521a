import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/**
 * `__Host-` cookies are only accepted by browsers when Secure, Path=/ and
 * without Domain, which pins them to this exact origin. Browsers treat
 * http://localhost and http://127.0.0.1 as secure, so the same cookies work
 * in local development.
 */
export const AUTH_COOKIE_PREFIX = "__Host-gavel_";
export const ACCESS_COOKIE = `${AUTH_COOKIE_PREFIX}at`;
export const REFRESH_COOKIE = `${AUTH_COOKIE_PREFIX}rt`;

const baseOptions = { path: "/", secure: true, httpOnly: true, sameSite: "Lax" } as const;

export function setAuthCookies(
  c: Context,
  tokens: { accessToken: string; accessMaxAgeSeconds: number; refreshToken: string; refreshMaxAgeSeconds: number },
): void {
  setCookie(c, ACCESS_COOKIE, tokens.accessToken, {
    ...baseOptions,
    maxAge: tokens.accessMaxAgeSeconds,
  });
  setCookie(c, REFRESH_COOKIE, tokens.refreshToken, {
    ...baseOptions,
    maxAge: tokens.refreshMaxAgeSeconds,
  });
}

export function clearAuthCookies(c: Context): void {
  deleteCookie(c, ACCESS_COOKIE, baseOptions);
  deleteCookie(c, REFRESH_COOKIE, baseOptions);
}

export function readAccessCookie(c: Context): string | undefined {
  return getCookie(c, ACCESS_COOKIE);
}

export function readRefreshCookie(c: Context): string | undefined {
  return getCookie(c, REFRESH_COOKIE);
}
