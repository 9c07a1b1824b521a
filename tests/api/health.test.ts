import { describe, expect, it } from "vitest";
import { call, expectError } from "../helpers";

describe("health", () => {
  it("reports liveness", async () => {
    const response = await call("/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
  });

  it("checks D1, R2 and a Durable Object round trip", async () => {
    const response = await call("/api/health/ready");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(body.status).toBe("ready");
    expect(Object.values(body.checks).every((check) => check.ok)).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(["d1", "durableObject", "r2"]);
  });

  it("answers unknown routes with the JSON error shape", async () => {
    const response = await call("/api/no-such-thing");
    await expectError(response, 404, "NOT_FOUND");
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });
});
