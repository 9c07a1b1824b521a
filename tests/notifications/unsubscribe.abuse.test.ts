import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { unsubscribeToken } from "../../worker/notifications/unsubscribe";
import { verifiedAccount } from "../auction-helpers";
import { call, expectError } from "../helpers";

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

function everyWayToUse(token: string): Array<Promise<Response>> {
  const query = `token=${encodeURIComponent(token)}`;
  return [
    call(`/api/notifications/unsubscribe?${query}`),
    call("/api/notifications/unsubscribe", { method: "POST", body: { token } }),
    call(`/api/notifications/unsubscribe/one-click?${query}`, {
      method: "POST",
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
  ];
}

/** A leaked unsubscribe link must not work forever: links live one year. */
describe("unsubscribe links", () => {
  it("stop working a year after the mail was sent, on every route at once", async () => {
    const alice = await verifiedAccount();
    const expired = await unsubscribeToken(env.JWT_SECRET, { userId: alice.auth.user.id, event: "outbid" }, Date.now() - YEAR_MS - 60_000);
    for (const response of await Promise.all(everyWayToUse(expired))) await expectError(response, 400, "VALIDATION_FAILED");
    const nearlyAYear = await unsubscribeToken(env.JWT_SECRET, { userId: alice.auth.user.id, event: "outbid" }, Date.now() - YEAR_MS + 60_000);
    expect((await call(`/api/notifications/unsubscribe?token=${encodeURIComponent(nearlyAYear)}`)).status).toBe(200);
  });

  it("refuse a link signed without an expiry", async () => {
    const alice = await verifiedAccount();
    const forever = await new SignJWT({ evt: "outbid" })
      .setProtectedHeader({ alg: "HS256", typ: "unsubscribe+jwt" })
      .setSubject(alice.auth.user.id)
      .setAudience("gavel-unsubscribe")
      .setIssuedAt()
      .sign(new TextEncoder().encode(env.JWT_SECRET));
    for (const response of await Promise.all(everyWayToUse(forever))) await expectError(response, 400, "VALIDATION_FAILED");
  });
});
