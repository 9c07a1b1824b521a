import { describe, expect, it } from "vitest";
import { ratesOfText } from "./rates-form";

describe("the admin rates form", () => {
  it("reads one rate per line, whatever separates the code and the rate", () => {
    expect(ratesOfText("JPY 162.47\n\nusd: 1.0523\r\nCHF,0.9362\nGBP=0.8321")).toEqual({ JPY: "162.47", USD: "1.0523", CHF: "0.9362", GBP: "0.8321" });
  });

  it("keeps a line it cannot read whole, for the schema to report at that code", () => {
    expect(ratesOfText("JPY 162.47 extra")).toEqual({ JPY: "JPY 162.47 extra" });
    expect(ratesOfText("JPY")).toEqual({ JPY: "" });
  });
});
