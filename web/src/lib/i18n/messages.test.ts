import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every message exists in every language with the same placeholders, so no page falls back to English
 * (Paraglide would, silently) and no translation drops or invents a value.
 */
const root = resolve(import.meta.dirname, "../../../..");
const settings = JSON.parse(readFileSync(join(root, "project.inlang", "settings.json"), "utf8")) as { baseLocale: string; locales: string[] };
const files = readdirSync(join(root, "messages")).filter((file) => file.endsWith(".json"));
type Variant = { declarations?: string[]; selectors?: string[]; match: Record<string, string> };
type Message = string | Variant[];
const messages = Object.fromEntries(
  settings.locales.map((locale) => {
    const { $schema: _schema, ...entries } = JSON.parse(readFileSync(join(root, "messages", `${locale}.json`), "utf8")) as Record<string, Message>;
    return [locale, entries];
  }),
) as Record<string, Record<string, Message>>;

/** The values a message uses: {name} in its texts, and its declared inputs. */
function placeholders(message: Message): string[] {
  const texts = typeof message === "string" ? [message] : message.flatMap((variant) => Object.values(variant.match));
  const used = texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!));
  const inputs = typeof message === "string" ? [] : message.flatMap((variant) => (variant.declarations ?? []).filter((line) => line.startsWith("input ")).map((line) => line.slice(6).trim()));
  return [...new Set([...used, ...inputs])].filter((name) => !isLocalVariable(message, name)).sort();
}

function isLocalVariable(message: Message, name: string): boolean {
  return typeof message !== "string" && message.some((variant) => (variant.declarations ?? []).some((line) => line.startsWith(`local ${name} `)));
}

describe("message files", () => {
  it("one per language in project.inlang/settings.json, and no other", () => {
    expect(files.map((file) => file.replace(/\.json$/, "")).sort()).toEqual([...settings.locales].sort());
    expect(settings.locales).toContain(settings.baseLocale);
  });

  const base = messages[settings.baseLocale]!;
  for (const locale of settings.locales.filter((code) => code !== settings.baseLocale)) {
    it(`${locale} has exactly the keys of ${settings.baseLocale}`, () => {
      const keys = Object.keys(messages[locale]!);
      expect(Object.keys(base).filter((key) => !keys.includes(key)), `missing in ${locale}.json`).toEqual([]);
      expect(keys.filter((key) => !(key in base)), `only in ${locale}.json`).toEqual([]);
    });

    it(`${locale} uses the same placeholders as ${settings.baseLocale}, and no message is empty`, () => {
      for (const [key, message] of Object.entries(messages[locale]!)) {
        if (!(key in base)) continue;
        expect(placeholders(message), `${locale}.json ${key}`).toEqual(placeholders(base[key]!));
        const texts = typeof message === "string" ? [message] : message.flatMap((variant) => Object.values(variant.match));
        expect(texts.every((text) => text.trim().length > 0), `${locale}.json ${key} is empty`).toBe(true);
      }
    });
  }

  it("keys are snake_case with an area prefix", () => {
    for (const key of Object.keys(base)) expect(key).toMatch(/^[a-z]+_[a-z0-9_]+$/);
  });
});
