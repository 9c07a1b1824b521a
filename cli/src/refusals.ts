import { readFileSync } from "node:fs";
import { bidRefusal, type MessageContext } from "../../web/src/lib/live/bid-refusals";

/** The site's English messages, read as they are: the client speaks English and loads no compiled messages. */
const english = JSON.parse(readFileSync(new URL("../../messages/en.json", import.meta.url), "utf8")) as Record<string, unknown>;

/** A bid refusal as the site words it in English (web/src/lib/live/bid-refusals.ts picks the sentence). */
export function bidErrorMessage(code: string, context: MessageContext): string {
  const refusal = bidRefusal(code, context);
  if ("serverMessage" in refusal) return refusal.serverMessage;
  const text = english[refusal.key];
  if (typeof text !== "string") throw new Error(`messages/en.json has no sentence ${refusal.key}`);
  return text.replace("{limit}", refusal.params.limit ?? "");
}
