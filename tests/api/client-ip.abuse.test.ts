import { describe, expect, it } from "vitest";
import type { AuthResult, ErrorBody } from "../../schema";
import { call, PASSWORD, registerAccount, uniqueEmail } from "../helpers";

/** The probe: any string in CF-Connecting-IP was stored and shown in the session list. */
describe("the client address a request claims", () => {
  it("is stored as 'unknown' unless it parses as an address", async () => {
    const account = await registerAccount();
    const logins = await Promise.all(
      ["<script>x</script> 1.2.3.4", "2001:DB8::7"].map((ip) =>
        call("/api/auth/login", { method: "POST", body: { email: account.email, password: PASSWORD }, ip }),
      ),
    );
    const tokens = await Promise.all(logins.map(async (response) => ((await response.json()) as AuthResult).accessToken));
    const listed = (await (await call("/api/me/sessions", { token: tokens[0] })).json()) as { items: Array<{ ip: string | null }> };
    const addresses = listed.items.map((session) => session.ip);
    expect(addresses).toContain("unknown");
    expect(addresses).toContain("2001:db8::7");
    expect(addresses.some((ip) => ip?.includes("<"))).toBe(false);
  });

  it("counts IPv6 addresses of one /64 as one client for the per-address limits", async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
    const responses = await Promise.all(
      Array.from({ length: 70 }, (_, index) =>
        call("/api/auth/password-reset/request", { method: "POST", body: { email: uniqueEmail("v6") }, ip: `${prefix}::${(index + 1).toString(16)}` }),
      ),
    );
    const limited = await Promise.all(responses.filter((response) => response.status === 429).map(async (response) => ((await response.json()) as ErrorBody).error.code));
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(new Set(limited)).toEqual(new Set(["RATE_LIMITED"]));
  });
});
