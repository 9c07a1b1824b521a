import { afterEach, describe, expect, it } from "vitest";
import {
  EmailChangeConfirm,
  LoginRequest,
  OrderStepRequest,
  PasswordResetCheck,
  RegisterRequest,
  RegenerateRecoveryCodesRequest,
  SellerApplicationRequest,
  TwoFactorEnableRequest,
  TwoFactorLoginRequest,
  UpdateProfileRequest,
  VerifyEmailRequest,
} from "$schema";
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

  it("has a German wording for every check the account schemas word themselves", () => {
    const cases: Array<[schema: Parameters<typeof errorsOf>[0], input: unknown, field: string, german: string]> = [
      [RegisterRequest, { ...emptyRegistration, password: "0123456789" }, "password", "Dieses Passwort steht in Listen gestohlener Passwörter; wählen Sie ein anderes"],
      [RegisterRequest, { ...emptyRegistration, password: "é".repeat(600) }, "password", "Verwenden Sie höchstens 1024 Byte"],
      [UpdateProfileRequest, { displayName: "x".repeat(51) }, "displayName", "Verwenden Sie höchstens 50 Zeichen"],
      [PasswordResetCheck, { token: "short" }, "token", "Dieser Link ist unvollständig; öffnen Sie ihn erneut aus der E-Mail"],
      [TwoFactorLoginRequest, { challenge: "short", code: "123456" }, "challenge", "Melden Sie sich erneut an"],
      [RegenerateRecoveryCodesRequest, { password: "x", code: "nope" }, "code", "Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App oder einen Wiederherstellungscode ein"],
      [EmailChangeConfirm, { code: "1" }, "code", "Geben Sie den 6-stelligen Code ein"],
      [SellerApplicationRequest, { note: "clocks" }, "note", "Beschreiben Sie in einem Satz, was Sie verkaufen möchten"],
      [OrderStepRequest, { step: "paid", trackingNote: "DHL 123" }, "trackingNote", "Eine Sendungsinfo gehört nur zum Schritt „versandt“"],
    ];
    for (const [schema, input, field, german] of cases) expect(errorsOf(schema, input, "de")[field]).toContain(german);
  });
});
