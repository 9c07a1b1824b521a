import type { User } from "$schema";
import type { ViewerMoney } from "$lib/display-currency";

declare global {
  namespace App {
    interface Locals {
      user: User | null;
    }
    interface Platform {
      env: { API: Fetcher };
    }
    interface PageData {
      /** From Accept-Language (root layout), for formatting prices the same on server and browser. */
      locale: string;
      /** The viewer's display currency and the rates in force (root layout), for approximate prices. */
      money: ViewerMoney;
      /** The viewer's time zone (account, else browser cookie), or null: UTC on the server, the browser's after hydration. */
      timeZone: string | null;
    }
    interface Error {
      message: string;
      requestId?: string;
    }
  }
}

export {};
