import { defineCustomClientStrategy } from "$schema/paraglide/runtime.js";
import { isLocale } from "./locale";

/**
 * In the browser, messages use the language the server rendered the page in: <html lang>, set by
 * hooks.server.ts. One source, so hydration never switches language and no cookie is read twice.
 * (Compiled with strategy ["custom-htmlLang", "baseLocale"]: scripts/i18n-compile.mjs.)
 */
defineCustomClientStrategy("custom-htmlLang", {
  getLocale: () => {
    const lang = typeof document === "undefined" ? undefined : document.documentElement.lang;
    return isLocale(lang) ? lang : undefined;
  },
  setLocale: (locale) => {
    document.documentElement.lang = locale;
  },
});
