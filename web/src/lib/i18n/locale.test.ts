import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, resolveLocale, textDirection } from "./locale";

describe("localeFromAcceptLanguage", () => {
  it("takes the best-rated language the site has, regional tags included", () => {
    expect(localeFromAcceptLanguage("de-CH,de;q=0.9,en;q=0.8")).toBe("de");
    expect(localeFromAcceptLanguage("it-IT,it;q=0.9,fr;q=0.5,en;q=0.4")).toBe("fr");
    expect(localeFromAcceptLanguage("en;q=0.2, ja")).toBe("ja");
    expect(localeFromAcceptLanguage("JA-jp")).toBe("ja");
  });

  it("skips unknown, wildcard, refused and malformed entries", () => {
    expect(localeFromAcceptLanguage("it, *;q=0.5")).toBeNull();
    expect(localeFromAcceptLanguage("de;q=0, fr;q=0.1")).toBe("fr");
    expect(localeFromAcceptLanguage(";;,q=1,de;q=abc,fr")).toBe("fr");
    expect(localeFromAcceptLanguage("")).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
  });
});

describe("resolveLocale", () => {
  it("prefers the account, then the cookie, then Accept-Language, then English", () => {
    expect(resolveLocale({ preference: "ja", cookie: "fr", acceptLanguage: "de" })).toBe("ja");
    expect(resolveLocale({ preference: null, cookie: "fr", acceptLanguage: "de" })).toBe("fr");
    expect(resolveLocale({ preference: null, cookie: undefined, acceptLanguage: "de" })).toBe("de");
    expect(resolveLocale({ preference: null, cookie: undefined, acceptLanguage: "pt-BR" })).toBe("en");
  });

  it("ignores a stored or cookie value that is not one of the site's languages", () => {
    expect(resolveLocale({ preference: "xx", cookie: "<script>", acceptLanguage: "fr" })).toBe("fr");
  });
});

describe("textDirection", () => {
  it("is rtl for right-to-left scripts, so adding one needs no layout code", () => {
    expect(["en", "de", "fr", "ja"].map(textDirection)).toEqual(["ltr", "ltr", "ltr", "ltr"]);
    expect(["ar", "he", "fa-IR", "ur"].map(textDirection)).toEqual(["rtl", "rtl", "rtl", "rtl"]);
  });
});
