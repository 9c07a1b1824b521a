import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import { issueAccessToken, verifyAccessToken } from "../../worker/auth/tokens";
import { isLocalSiteUrl, mailerFor } from "../../worker/mail/mailer";
import { ORIGIN, randomIp, registerAccount } from "../helpers";

afterEach(() => vi.restoreAllMocks());

/** The worker as deployed with another SITE_URL, everything else as in the tests. */
async function fetchWith(siteUrl: string, path: string): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`${ORIGIN}${path}`, { headers: { "cf-connecting-ip": randomIp() } }) as Request<unknown, IncomingRequestCfProperties>,
    { ...env, SITE_URL: siteUrl },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

describe("the outbox mail transport", () => {
  it.each([
    ["http://127.0.0.1:8788", true],
    ["http://localhost:5173", true],
    ["http://gavel.localhost", true],
    ["https://gavel.test", true],
    ["http://[::1]:8788", true],
    ["https://gavel.example.com", false],
    ["https://127.0.0.1.nip.io", false],
    ["https://localhost.attacker.com", false],
    ["not a url", false],
  ])("treats SITE_URL %s as local: %s", (siteUrl, local) => {
    expect(isLocalSiteUrl(siteUrl)).toBe(local);
  });

  it("is refused for a public SITE_URL: nothing is kept and the log says why", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const to = `refused-${crypto.randomUUID()}@example.com`;
    const mailer = mailerFor({ ...env, MAIL_TRANSPORT: "outbox", SITE_URL: "https://gavel.example.com" });
    await expect(mailer.send({ to, subject: "Reset", text: "link", html: "link" })).rejects.toThrow(/MAIL_TRANSPORT=outbox is refused/);
    const kept = await env.DB.prepare("SELECT count(*) AS count FROM mail_outbox WHERE to_address = ?").bind(to).first<{ count: number }>();
    expect(kept?.count).toBe(0);
    expect(errors.mock.calls.flat().join("\n")).toContain('"siteUrl":"https://gavel.example.com"');
  });

  it("keeps mail for a local SITE_URL", async () => {
    const to = `kept-${crypto.randomUUID()}@example.com`;
    await mailerFor({ ...env, MAIL_TRANSPORT: "outbox", SITE_URL: "http://127.0.0.1:8788" }).send({ to, subject: "Hi", text: "t", html: "h" });
    const kept = await env.DB.prepare("SELECT count(*) AS count FROM mail_outbox WHERE to_address = ?").bind(to).first<{ count: number }>();
    expect(kept?.count).toBe(1);
  });

  it("serves the dev outbox routes only for a local SITE_URL, with a log line otherwise", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect((await fetchWith("https://gavel.test", "/api/dev/outbox")).status).toBe(200);
    const refused = await fetchWith("https://gavel.example.com", "/api/dev/outbox");
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    expect(errors.mock.calls.flat().join("\n")).toContain("The dev outbox is not served because SITE_URL is not a local address");
  });
});

describe("rotating JWT_SECRET", () => {
  const config = { secret: env.JWT_SECRET, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
  const rotated = { ...config, secret: "the-new-secret-that-is-long-enough-for-hs256-abcdef", previousSecret: env.JWT_SECRET };

  it("accepts tokens signed with the previous secret, and signs only with the new one", async () => {
    const claims = { userId: crypto.randomUUID(), sessionId: crypto.randomUUID() };
    const old = await issueAccessToken(config, claims);
    expect(await verifyAccessToken(rotated, old.token)).toEqual({ ...claims, expiresAt: old.expiresAt });
    const fresh = await issueAccessToken(rotated, claims);
    expect(await verifyAccessToken(rotated, fresh.token)).toEqual({ ...claims, expiresAt: fresh.expiresAt });
    expect(await verifyAccessToken(config, fresh.token)).toBeNull();
    const { previousSecret: _dropped, ...afterRotation } = rotated;
    expect(await verifyAccessToken(afterRotation, old.token)).toBeNull();
  });

  it("keeps a logged-in user logged in across the rotation", async () => {
    const account = await registerAccount();
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(`${ORIGIN}/api/me`, { headers: { authorization: `Bearer ${account.auth.accessToken}`, "cf-connecting-ip": randomIp() } }) as Request<
        unknown,
        IncomingRequestCfProperties
      >,
      { ...env, JWT_SECRET: rotated.secret, JWT_SECRET_PREVIOUS: env.JWT_SECRET },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
  });

  it("refuses a previous secret that is too short", async () => {
    await expect(verifyAccessToken({ ...config, previousSecret: "short" }, "x.y.z")).rejects.toThrow(/JWT_SECRET_PREVIOUS must be at least 32 bytes/);
  });
});
