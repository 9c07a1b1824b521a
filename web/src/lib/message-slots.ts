/**
 * Markup inside a translated sentence (a link, a <time>, <strong>): the message
 * takes a slot marker as the parameter's value, and the component renders the
 * sentence's parts around it, so each language keeps its own word order.
 * Private-use characters never occur in message text or user input we render.
 */
export const SLOT = "\uE000";
export const SECOND_SLOT = "\uE001";

/** A translated sentence cut at its slot markers, the markers kept as parts of their own. */
export function slots(text: string): string[] {
  return text.split(/([\uE000\uE001])/).filter((part) => part !== "");
}
