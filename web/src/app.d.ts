import type { Locale, Preferences, User } from "$schema";
import type { ViewerMoney } from "$lib/display-currency";

declare global {
  namespace App {
    interface Locals {
      user: User | null;
      /** The page's language: the account's preference, else the locale cookie, else Accept-Language, else en (hooks.server.ts). */
      locale: Locale;
    }
    interface Platform {
      env: { API: Fetcher };
    }
    interface PageData {
      /** The page's language (root layout, from locals.locale): messages, and prices, numbers and dates through $lib/i18n/format. */
      locale: Locale;
      /** The viewer's display currency and time zone (null where not chosen or logged out; locale as stored). */
      preferences: Preferences;
      /** The display currency in force (account, else the visitor's cookie) and the rates (root layout), for approximate prices. */
      money: ViewerMoney;
      /** The viewer's time zone (account, else the browser's cookie), or null: UTC on the server, the browser's after hydration. */
      timeZone: string | null;
    }
    interface Error {
      message: string;
      requestId?: string;
    }
  }
}

export {};
