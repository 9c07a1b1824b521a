import { describe, expect, it } from "vitest";
import { call, expectError, registerAccount } from "../helpers";
import { verifiedAccount } from "../auction-helpers";

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** Every admin route, read from the OpenAPI document, so a route added later is covered without touching this test. */
async function adminRoutes(): Promise<Array<{ method: string; path: string }>> {
  const document = (await (await call("/api/openapi.json")).json()) as OpenApiDocument;
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith("/api/admin/"))
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
}

function concrete(path: string): string {
  return path.replaceAll(/\{(\w+)\}/g, (_match, name: string) => (name === "role" ? "seller" : crypto.randomUUID()));
}

describe("every admin route", () => {
  it("is listed in the OpenAPI document (users, audit, settings, rates, applications, reports, catalog, operations)", async () => {
    const paths = new Set((await adminRoutes()).map((route) => route.path.split("/")[3]));
    expect(paths).toEqual(new Set(["users", "categories", "auctions", "audit", "settings", "rates", "seller-applications", "reports", "operations"]));
  });

  it("answers 401 to anonymous callers and 403 to signed-in users without the admin role, sellers included", async () => {
    const routes = await adminRoutes();
    const bidder = await registerAccount();
    const seller = await verifiedAccount(["seller"]);
    for (const route of routes) {
      const path = concrete(route.path);
      const body = route.method === "GET" || route.method === "DELETE" ? undefined : {};
      await expectError(await call(path, { method: route.method, body }), 401, "UNAUTHENTICATED");
      for (const account of [bidder, seller]) {
        await expectError(await call(path, { method: route.method, body, token: account.auth.accessToken }), 403, "FORBIDDEN");
      }
    }
    expect(routes.length).toBeGreaterThan(15);
  });

  it("has no route that edits or deletes an audit entry", async () => {
    const audit = (await adminRoutes()).filter((route) => route.path.includes("audit"));
    expect(audit).toEqual([{ method: "GET", path: "/api/admin/audit" }]);
  });
});
