import { readFileSync } from "node:fs";
import { resolve } from "node:path";

type Message = string | Array<{ match: Record<string, string> }>;

const messagesDir = resolve(import.meta.dirname, "../../../../messages");

function readMessages(locale: string): Record<string, Message> {
  return JSON.parse(readFileSync(resolve(messagesDir, `${locale}.json`), "utf8")) as Record<string, Message>;
}

function texts(message: Message | undefined): string[] {
  if (message === undefined) return [];
  return typeof message === "string" ? [message] : message.flatMap((variant) => Object.values(variant.match));
}

/**
 * English wording, from the messages whose keys start with one of `prefixes`, that shows up in `rendered`
 * although `locale` words that message differently: a message that fell back to English (Paraglide
 * does so silently) or text a component still writes itself. Placeholders split a message into the
 * fragments looked for; fragments shorter than two words are too common to tell anything.
 */
export function englishLeftovers(rendered: string, locale: string, prefixes: string[]): string[] {
  const english = readMessages("en");
  const translated = readMessages(locale);
  const found = new Set<string>();
  for (const [key, message] of Object.entries(english)) {
    if (!prefixes.some((prefix) => key.startsWith(prefix))) continue;
    const translations = texts(translated[key]).join("\n");
    for (const text of texts(message)) {
      for (const fragment of text.split(/\{\w+\}/)) {
        const words = fragment.trim();
        if (!/\p{L}+\s+\p{L}+/u.test(words) || translations.includes(words)) continue;
        if (rendered.includes(words)) found.add(words);
      }
    }
  }
  return [...found];
}
