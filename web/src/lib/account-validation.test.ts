import { afterEach, describe, expect, it } from "vitest";
import { LoginRequest, RegisterRequest, TwoFactorEnableRequest, VerifyEmailRequest } from "$schema";
import { fieldErrorsFromZod } from "$lib/forms";

/** The messages the account schemas write themselves, as the login, registration and account forms show them. */
function errorsOf(schema: { safeParse(input: unknown): { success: boolean; error?: unknown } }, input: unknown, locale: string) {
  document.documentElement.lang = locale;
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return fieldErrorsFromZod(result.error as Parameters<typeof fieldErrorsFromZod>[0]);
}

afterEach(() => {
  document.documentElement.lang = "";
});

describe("account validation messages", () => {
  const emptyRegistration = { email: "", password: "", displayName: "" };

  it("stay word for word in English", () => {
    expect(errorsOf(RegisterRequest, emptyRegistration, "en")).toEqual({
      email: ["Enter a valid email address"],
      password: ["Use at least 10 characters", "Use more than one distinct character"],
      displayName: ["Use at least 2 characters", "Use letters, numbers, spaces and punctuation"],
    });
    expect(errorsOf(LoginRequest, { email: "ada@example.com", password: "" }, "en")).toEqual({ password: ["Enter your password"] });
  });

  it("follow the reader's language when the form is checked", () => {
    expect(errorsOf(RegisterRequest, emptyRegistration, "de")).toEqual({
      email: ["Geben Sie eine gültige E-Mail-Adresse ein"],
      password: ["Verwenden Sie mindestens 10 Zeichen", "Verwenden Sie mehr als ein unterschiedliches Zeichen"],
      displayName: ["Verwenden Sie mindestens 2 Zeichen", "Verwenden Sie Buchstaben, Ziffern, Leerzeichen und Satzzeichen"],
    });
    expect(errorsOf(RegisterRequest, { ...emptyRegistration, displayName: "<b>" }, "fr").displayName).toEqual([
      "Utilisez des lettres, des chiffres, des espaces et de la ponctuation",
    ]);
    expect(errorsOf(VerifyEmailRequest, { code: "12" }, "ja")).toEqual({ code: ["メールに記載された6桁のコードを入力してください"] });
    expect(errorsOf(TwoFactorEnableRequest, { password: "x", code: "abc" }, "de")).toEqual({
      code: ["Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein"],
    });
  });
});
