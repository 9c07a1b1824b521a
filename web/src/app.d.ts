import type { User } from "$schema";

declare global {
  namespace App {
    interface Locals {
      user: User | null;
    }
    interface Platform {
      env: { API: Fetcher };
    }
    interface Error {
      message: string;
      requestId?: string;
    }
  }
}

export {};
