import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CreateListingRequest } from "$schema";
import { checkFields, fieldErrorsFromZod } from "./forms";

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

  it("speaks the page's language, with its own number format", () => {
    const schema = z.object({ name: z.string().min(1500), email: z.email(), count: z.number(), price: z.number().positive() });
    const parsed = schema.safeParse({ name: "a", email: "nope", price: 0 });
    expect(fieldErrorsFromZod(parsed.error!, "de")).toEqual({
      name: ["Verwenden Sie mindestens 1.500 Zeichen."],
      email: ["Geben Sie eine E-Mail-Adresse wie name@example.com ein."],
      count: ["Dieses Feld ist erforderlich."],
      price: ["Geben Sie einen Betrag über 0 ein."],
    });
    expect(fieldErrorsFromZod(parsed.error!, "ja").name).toEqual(["1,500文字以上で入力してください。"]);
    document.documentElement.lang = "fr";
    try {
      expect(fieldErrorsFromZod(parsed.error!).count).toEqual(["Ce champ est obligatoire."]);
      expect(checkFields()).toBe("Veuillez vérifier les champs signalés.");
    } finally {
      document.documentElement.lang = "";
    }
  });

  it("says what is missing and what is too long", () => {
    const schema = z.object({ name: z.string().max(3), email: z.email(), count: z.number() });
    const errors = fieldErrorsFromZod(schema.safeParse({ name: "abcd", email: "nope" }).error!);
    expect(errors).toEqual({ name: ["Use at most 3 characters."], email: ["Enter an email address such as name@example.com."], count: ["This is required."] });
  });
});
