import type { User } from "$schema";

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
    }
    interface Error {
      message: string;
      requestId?: string;
    }
  }
}

export {};
