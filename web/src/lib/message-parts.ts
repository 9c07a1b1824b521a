/**
 * Translated sentences that wrap markup (a link, a <time>, a name in bold) keep their own word order:
 * the markup goes into the message as a numbered slot, and the page renders the text around it.
 * `parts(m.unsub_open_again({ link: slot(0) }))` → ["Open it … in your ", 0, "."].
 */
const MARK = "\u{E000}";

export function slot(index: number): string {
  return `${MARK}${index}${MARK}`;
}

/** Text pieces as strings and slots as their numbers, in the order the language puts them. */
export function parts(text: string): Array<string | number> {
  return text
    .split(new RegExp(`${MARK}(\\d+)${MARK}`, "u"))
    .map((piece, index) => (index % 2 === 1 ? Number(piece) : piece))
    .filter((piece) => piece !== "");
}

/** The text before and after the one slot of a message. */
export function around(text: string): [before: string, after: string] {
  const [before = "", after = ""] = text.split(slot(0));
  return [before, after];
}
