import { describe, expect, it } from "vitest";
import { isOneEditApart, toFtsQuery } from "../../worker/catalog/search-terms";

describe("isOneEditApart", () => {
  it.each([
    ["omgea", "omega"],
    ["omea", "omega"],
    ["omegaa", "omega"],
    ["omexa", "omega"],
    ["moega", "omega"],
    ["omeg", "omega"],
  ])("%s is one typo from %s", (a, b) => {
    expect(isOneEditApart(a, b)).toBe(true);
    expect(isOneEditApart(b, a)).toBe(true);
  });

  it.each([
    ["omega", "omega"],
    ["ogmae", "omega"],
    ["om", "omega"],
    ["rolex", "omega"],
  ])("%s is not one typo from %s", (a, b) => {
    expect(isOneEditApart(a, b)).toBe(false);
  });
});

describe("toFtsQuery", () => {
  it("offers a word's corrections beside it and keeps every word required", () => {
    expect(toFtsQuery("Omgea watch", new Map([["omgea", ["omega"]]]))).toBe('("omgea"* OR "omega") AND "watch"*');
    expect(toFtsQuery('x" OR y')).toBe('"x"* AND "or"* AND "y"*');
  });
});
