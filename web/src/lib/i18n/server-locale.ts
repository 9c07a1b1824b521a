import { AsyncLocalStorage } from "node:async_hooks";
import { overwriteServerAsyncLocalStorage } from "$schema/paraglide/runtime.js";
import type { Locale } from "./locale";

type ParaglideStore = { locale?: Locale; origin?: string; messageCalls?: Set<string> };

/**
 * Messages rendered on the server read the request's locale from this store, so concurrent requests in one
 * isolate never see each other's language (Pages runs the site with nodejs_compat, which has AsyncLocalStorage).
 */
const requestLocale = new AsyncLocalStorage<ParaglideStore>();
overwriteServerAsyncLocalStorage(requestLocale);

export function withRequestLocale<T>(locale: Locale, origin: string, render: () => T): T {
  return requestLocale.run({ locale, origin, messageCalls: new Set() }, render);
}
