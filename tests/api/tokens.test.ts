import { env } from "cloudflare:workers";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { call, expectError, registerAccount } from "../helpers";

const secret = new TextEncoder().encode(env.JWT_SECRET);

interface Forgery {
  alg?: string;
  typ?: string;
  issuer?: string;
  audience?: string;
  expiresInSeconds?: number;
  key?: Uint8Array;
  omitJti?: boolean;
}

async function forge(sub: string, sid: string, forgery: Forgery = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ sid })
    .setProtectedHeader({ alg: forgery.alg ?? "HS256", typ: forgery.typ ?? "at+jwt" })
    .setSubject(sub)
    .setIssuer(forgery.issuer ?? env.JWT_ISSUER)
    .setAudience(forgery.audience ?? env.JWT_AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (forgery.expiresInSeconds ?? 600));
  if (!forgery.omitJti) jwt = jwt.setJti(crypto.randomUUID());
  return jwt.sign(forgery.key ?? secret);
}

async function sessionOf(accessToken: string): Promise<{ sub: string; sid: string }> {
  const payload = JSON.parse(atob(accessToken.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/")));
  return { sub: payload.sub, sid: payload.sid };
}

describe("access tokens", () => {
  it("carries the pinned header and claims", async () => {
    const { auth } = await registerAccount();
    const [header, payload] = auth.accessToken
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(atob(part.replaceAll("-", "+").replaceAll("_", "/"))));
    expect(header).toEqual({ alg: "HS256", typ: "at+jwt" });
    expect(payload).toMatchObject({ iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE, sub: auth.user.id });
    expect(payload.jti).toBeTypeOf("string");
    expect(payload.exp - payload.iat).toBe(15 * 60);
  });

  it("a correctly forged token with our secret works (control for the cases below)", async () => {
    const { auth } = await registerAccount();
    const { sub, sid } = await sessionOf(auth.accessToken);
    expect((await call("/api/me", { token: await forge(sub, sid) })).status).toBe(200);
  });

  it.each<[string, Forgery]>([
    ["expired", { expiresInSeconds: -60 }],
    ["for another audience", { audience: "someone-else" }],
    ["from another issuer", { issuer: "evil" }],
    ["of another type", { typ: "JWT" }],
    ["signed with another key", { key: new TextEncoder().encode("another-secret-that-is-long-enough-0123456789") }],
    ["signed with HS512", { alg: "HS512" }],
    ["without a jti", { omitJti: true }],
  ])("refuses a token %s", async (_, forgery) => {
    const { auth } = await registerAccount();
    const { sub, sid } = await sessionOf(auth.accessToken);
    await expectError(await call("/api/me", { token: await forge(sub, sid, forgery) }), 401, "TOKEN_INVALID");
  });

  it("refuses alg: none", async () => {
    const { auth } = await registerAccount();
    const { sub, sid } = await sessionOf(auth.accessToken);
    const unsigned = new UnsecuredJWT({ sid })
      .setSubject(sub)
      .setIssuer(env.JWT_ISSUER)
      .setAudience(env.JWT_AUDIENCE)
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime("10m")
      .encode();
    await expectError(await call("/api/me", { token: unsigned }), 401, "TOKEN_INVALID");
  });

  it("refuses a tampered payload", async () => {
    const victim = await registerAccount();
    const attacker = await registerAccount();
    const [header, , signature] = attacker.auth.accessToken.split(".");
    const payload = JSON.parse(atob(attacker.auth.accessToken.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/")));
    payload.sub = victim.auth.user.id;
    const tampered = `${header}.${btoa(JSON.stringify(payload)).replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_")}.${signature}`;
    await expectError(await call("/api/me", { token: tampered }), 401, "TOKEN_INVALID");
  });

  it("refuses a refresh token used as an access token", async () => {
    const { auth } = await registerAccount();
    await expectError(await call("/api/me", { token: auth.refreshToken }), 401, "TOKEN_INVALID");
  });

  it("refuses a token whose subject does not own the session", async () => {
    const alice = await registerAccount();
    const bob = await registerAccount();
    const { sid } = await sessionOf(alice.auth.accessToken);
    await expectError(await call("/api/me", { token: await forge(bob.auth.user.id, sid) }), 401, "SESSION_REVOKED");
  });

  it("asks anonymous callers to log in", async () => {
    await expectError(await call("/api/me"), 401, "UNAUTHENTICATED");
    await expectError(await call("/api/me", { headers: { authorization: "Basic abc" } }), 401, "TOKEN_INVALID");
  });
});
