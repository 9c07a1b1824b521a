import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuthResult, ErrorBody, PasswordResetAccepted } from "../../schema";
import { mailTo } from "../notifications/channel";
import { call, expectError, PASSWORD, randomIp, registerAccount, uniqueEmail, type Account } from "../helpers";

async function prefer(account: Account, locale: string): Promise<void> {
  const response = await call("/api/me/preferences", { method: "PATCH", token: account.auth.accessToken, body: { locale } });
  expect(response.status).toBe(200);
}

/** The reset mail is sent after the answer (so timing reveals nothing): wait for it to land. */
async function onlyMailTo(email: string) {
  await expect.poll(async () => (await mailTo(email)).length, { timeout: 5_000 }).toBe(1);
  return (await mailTo(email))[0]!;
}

function requestReset(email: string, headers: Record<string, string> = {}) {
  return call("/api/auth/password-reset/request", { method: "POST", body: { email }, headers, ip: randomIp() });
}

describe("mail in the recipient's language", () => {
  it("sends the verification code of a registration in the language the site asked in", async () => {
    const email = uniqueEmail("de");
    const response = await call("/api/auth/register", {
      method: "POST",
      headers: { "accept-language": "de" },
      body: { email, password: PASSWORD, displayName: "Erika" },
    });
    expect(response.status).toBe(201);

    const [mail] = await mailTo(email);
    const code = /\b(\d{6})\b/.exec(mail!.subject)![1];
    expect(mail!.subject).toBe(`${code} ist Ihr Bestätigungscode für ${env.SITE_NAME}`);
    expect(mail!.text_body).toContain("Geben Sie diesen Code ein, um Ihre E-Mail-Adresse zu bestätigen. Er ist 10 Minuten gültig.");
    expect(mail!.html_body).toContain('<html lang="de">');
    // The account keeps the language it was made in, so the mail that comes later (notifications) is German too.
    const token = ((await response.json()) as AuthResult).accessToken;
    expect(await (await call("/api/me/preferences", { token })).json()).toMatchObject({ locale: "de" });
  });

  it("stores no language for a registration that names none we have", async () => {
    for (const header of [undefined, "*", "pt-BR"]) {
      const response = await call("/api/auth/register", {
        method: "POST",
        headers: header === undefined ? {} : { "accept-language": header },
        body: { email: uniqueEmail("nolang"), password: PASSWORD, displayName: "Nadia" },
      });
      const token = ((await response.json()) as AuthResult).accessToken;
      expect({ header, preferences: await (await call("/api/me/preferences", { token })).json() }).toMatchObject({ header, preferences: { locale: null } });
    }
  });

  it("sends a German account its password reset in German, whatever language the request asked in", async () => {
    const account = await registerAccount();
    await prefer(account, "de");
    const before = (await mailTo(account.email)).length;

    const answer = await requestReset(account.email, { "accept-language": "ja" });
    expect(answer.status).toBe(202);
    // The answer is for the person asking (Japanese); the mail for the account's owner (German).
    expect(((await answer.json()) as PasswordResetAccepted).message).toMatch(/^このアドレスを使うアカウントがあれば/);

    await expect.poll(async () => (await mailTo(account.email)).length, { timeout: 5_000 }).toBe(before + 1);
    const mail = (await mailTo(account.email)).at(-1)!;
    expect(mail.subject).toBe(`Ihr Passwort für ${env.SITE_NAME} zurücksetzen`);
    expect(mail.text_body).toContain(`Hier wählen Sie ein neues Passwort für ${env.SITE_NAME}:\n\n${env.SITE_URL}/reset-password`);
    expect(mail.text_body).toContain("Wenn Sie das nicht waren, ignorieren Sie diese Nachricht");
    expect(mail.html_body).toContain("Neues Passwort wählen");
  });

  it("falls back to the request's language for an account without a preference, and to English for one we do not have", async () => {
    const french = await registerAccount();
    const unknown = await registerAccount();

    expect((await requestReset(french.email, { "accept-language": "fr-CH, fr;q=0.9, en;q=0.5" })).status).toBe(202);
    expect((await requestReset(unknown.email, { "accept-language": "pt-BR, pt;q=0.9" })).status).toBe(202);

    await expect.poll(async () => (await mailTo(french.email)).length, { timeout: 5_000 }).toBe(2);
    expect((await mailTo(french.email)).at(-1)!.subject).toBe(`Réinitialisez votre mot de passe ${env.SITE_NAME}`);
    await expect.poll(async () => (await mailTo(unknown.email)).length, { timeout: 5_000 }).toBe(2);
    expect((await mailTo(unknown.email)).at(-1)!.subject).toBe(`Reset your ${env.SITE_NAME} password`);
  });
});

describe("API errors in the requester's language", () => {
  const missing = `/api/auctions/${crypto.randomUUID()}`;

  it("answers Accept-Language: fr in French with the same code, status and details", async () => {
    const english = await expectError(await call(missing), 404, "NOT_FOUND");
    const french = await expectError(await call(missing, { headers: { "accept-language": "fr" } }), 404, "NOT_FOUND");

    expect(french.error.message).toBe("Rien n’a été trouvé ici.");
    expect(french.error.details).toEqual(english.error.details);
    expect(english.error.message).not.toBe(french.error.message);
  });

  it("words field errors in the requester's language, on the same fields", async () => {
    const body = { email: "not an address", password: "x", nickname: "Kenji" };
    const english = await expectError(await call("/api/auth/register", { method: "POST", body }), 400, "VALIDATION_FAILED");
    const japanese = await expectError(await call("/api/auth/register", { method: "POST", body, headers: { "accept-language": "ja-JP,ja;q=0.9" } }), 400, "VALIDATION_FAILED");

    expect(japanese.error.message).toBe("リクエストの内容が正しくありません。入力内容を確認してください。");
    const fields = (answer: ErrorBody) => answer.error.details.fieldErrors as Record<string, string[]>;
    expect(Object.keys(fields(japanese)).sort()).toEqual(Object.keys(fields(english)).sort());
    expect(fields(english).displayName).toEqual(["This is required."]);
    expect(fields(japanese).displayName).toEqual(["入力してください。"]);
    expect(fields(japanese).nickname).toEqual(["不明な項目です。ここでは設定できません"]);
  });

  it("translates a field message that repeats the error's own sentence", async () => {
    const account = await registerAccount();
    const sent = /\b(\d{6})\b/.exec((await mailTo(account.email))[0]!.subject)![1];
    const wrongCode = sent === "000000" ? "111111" : "000000";
    const answer = await call("/api/auth/verify-email", { method: "POST", token: account.auth.accessToken, body: { code: wrongCode }, headers: { "accept-language": "de" } });
    const german = await expectError(answer, 422, "CODE_INVALID");
    expect(german.error.message).toBe("Dieser Code ist nicht richtig.");
    expect(german.error.details).toMatchObject({ fieldErrors: { code: ["Dieser Code ist nicht richtig."] } });
    expect(german.error.details.attemptsLeft).toBeTypeOf("number");
  });

  it("answers in English when the request names no language we have, or a malformed one", async () => {
    const english = await expectError(await call(missing), 404, "NOT_FOUND");
    for (const header of ["pt-BR, es;q=0.8", "*", "xx;q=abc", ";;,"]) {
      const body = (await (await call(missing, { headers: { "accept-language": header } })).json()) as ErrorBody;
      expect({ header, code: body.error.code, message: body.error.message }).toEqual({ header, code: "NOT_FOUND", message: english.error.message });
    }
  });

  it("answers the language a request prefers most among those we have", async () => {
    const body = (await (await call(missing, { headers: { "accept-language": "es;q=1, de;q=0.4, ja;q=0.7" } })).json()) as ErrorBody;
    expect(body.error.message).toBe("見つかりませんでした。");
  });
});
