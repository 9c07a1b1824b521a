import { describe, expect, it } from "vitest";
import { BID_ERROR_CODES } from "../../../web/src/lib/live/bid-refusals";
import { bidErrorMessage } from "../../src/refusals";

describe("bid refusals in the terminal", () => {
  it("words each code as the site does in English, read from messages/en.json", () => {
    expect(bidErrorMessage("BID_TOO_LOW", { format: "forward", limitText: "€27" })).toBe("Someone bid first, or the amount is too low: bid at least €27.");
    expect(bidErrorMessage("ALREADY_LEADING", { format: "reverse", limitText: null })).toBe("You already have the lowest offer.");
    for (const code of BID_ERROR_CODES) expect(bidErrorMessage(code, { format: "forward", limitText: "€27" })).toMatch(/^[A-Z].+\.$/);
  });

  it("keeps the room's own sentence for a code it doesn't know, and says something when there is none", () => {
    expect(bidErrorMessage("SOMETHING_NEW", { format: "forward", limitText: null, serverMessage: "New rule" })).toBe("New rule");
    expect(bidErrorMessage("SOMETHING_NEW", { format: "forward", limitText: null })).toBe("The bid was not accepted. Please try again.");
  });
});
