import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { call, expectError, registerAccount } from "../helpers";

describe("unexpected failures", () => {
  afterEach(async () => {
    await env.DB.exec("ALTER TABLE sessions_unavailable RENAME TO sessions").catch(() => undefined);
  });

  it("answer 500 INTERNAL with the request id and no SQL or stack trace", async () => {
    const { auth } = await registerAccount();
    await env.DB.exec("ALTER TABLE sessions RENAME TO sessions_unavailable");

    const response = await call("/api/me", { token: auth.accessToken });
    const body = await expectError(response, 500, "INTERNAL");
    expect(body.error.details).toEqual({ requestId: response.headers.get("x-request-id") });
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/sql|sessions|select|\bat\s+\S+\.ts/i);
  });
});
