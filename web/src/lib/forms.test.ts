import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CreateListingRequest } from "$schema";
import { fieldErrorsFromZod } from "./forms";

describe("fieldErrorsFromZod", () => {
  it("puts zod's default messages in plain words and keeps the schemas' own", () => {
    const parsed = CreateListingRequest.safeParse({
      format: "forward",
      title: "Tap",
      description: "short",
      categoryId: "not-an-id",
      condition: "mint",
      location: "Lisbon",
      currency: "euro",
      startingPrice: 0,
      startsAt: "2030-01-01T10:00:00.000Z",
      endsAt: "2030-01-02T10:00:00.000Z",
      imageIds: [],
    });
    expect(parsed.success).toBe(false);
    const errors = fieldErrorsFromZod(parsed.error!);
    expect(errors.title).toEqual(["Use at least 5 characters."]);
    expect(errors.description).toEqual(["Use at least 20 characters."]);
    expect(errors.categoryId).toEqual(["Choose one of the options."]);
    expect(errors.condition).toEqual(["Choose one of the options."]);
    expect(errors.startingPrice).toEqual(["Enter an amount above 0."]);
    expect(errors.currency).toEqual(["Use an ISO 4217 code such as EUR"]);
    for (const messages of Object.values(errors)) for (const message of messages) expect(message).not.toMatch(/Too small|Too big|Invalid|expected/);
  });

  it("says what is missing and what is too long", () => {
    const schema = z.object({ name: z.string().max(3), email: z.email(), count: z.number() });
    const errors = fieldErrorsFromZod(schema.safeParse({ name: "abcd", email: "nope" }).error!);
    expect(errors).toEqual({ name: ["Use at most 3 characters."], email: ["Enter an email address such as name@example.com."], count: ["This is required."] });
  });
});
