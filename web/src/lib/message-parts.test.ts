import { describe, expect, it } from "vitest";
import { around, parts, slot } from "./message-parts";

describe("message parts", () => {
  it("keeps each language's order of text and markup", () => {
    expect(parts(`Signed in ${slot(0)}, last active ${slot(1)}`)).toEqual(["Signed in ", 0, ", last active ", 1]);
    expect(parts(`${slot(1)} に ${slot(0)}`)).toEqual([1, " に ", 0]);
  });

  it("splits around a single slot, empty where the slot starts or ends the sentence", () => {
    expect(around(`We sent a code to ${slot(0)}. It is valid.`)).toEqual(["We sent a code to ", ". It is valid."]);
    expect(around(`${slot(0)} に送信しました。`)).toEqual(["", " に送信しました。"]);
    expect(around("No slot at all.")).toEqual(["No slot at all.", ""]);
  });
});
