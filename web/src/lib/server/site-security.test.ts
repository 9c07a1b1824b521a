import { describe, expect, it } from "vitest";
import { crossSiteFormRefusal, MAX_FORM_BYTES, MAX_MULTIPART_FORM_BYTES, oversizedFormRefusal } from "./site-security";

const SITE = new URL("https://gavel.example/login");

function form(origin: string | null, init: { method?: string; contentType?: string; length?: string } = {}): Request {
  const headers = new Headers({ "content-type": init.contentType ?? "application/x-www-form-urlencoded" });
  if (origin !== null) headers.set("origin", origin);
  if (init.length !== undefined) headers.set("content-length", init.length);
  return new Request(SITE, { method: init.method ?? "POST", headers, body: "email=a%40example.com" });
}

describe("the site's form checks", () => {
  it("lets a form from our own pages through", () => {
    expect(crossSiteFormRefusal(form("https://gavel.example"), SITE)).toBeNull();
    expect(crossSiteFormRefusal(new Request(SITE), SITE)).toBeNull();
  });

  it.each([["https://evil.example"], [""], ["null"], [null]])("refuses a form POST with Origin %j as cross-site", (origin) => {
    expect(crossSiteFormRefusal(form(origin), SITE)?.status).toBe(403);
    expect(crossSiteFormRefusal(form(origin, { contentType: "multipart/form-data; boundary=x" }), SITE)?.status).toBe(403);
    expect(crossSiteFormRefusal(form(origin, { contentType: "text/plain" }), SITE)?.status).toBe(403);
    expect(crossSiteFormRefusal(form(origin, { method: "DELETE" }), SITE)?.status).toBe(403);
  });

  it("refuses form bodies over the limit by their declared length, and undeclared lengths", () => {
    expect(oversizedFormRefusal(form("https://gavel.example"))?.status).toBe(411);
    expect(oversizedFormRefusal(form("https://gavel.example", { length: String(MAX_FORM_BYTES) }))).toBeNull();
    expect(oversizedFormRefusal(form("https://gavel.example", { length: String(MAX_FORM_BYTES + 1) }))?.status).toBe(413);
    expect(oversizedFormRefusal(form("https://gavel.example", { contentType: "multipart/form-data; boundary=x", length: String(MAX_FORM_BYTES + 1) }))).toBeNull();
    expect(oversizedFormRefusal(form("https://gavel.example", { contentType: "multipart/form-data; boundary=x", length: String(MAX_MULTIPART_FORM_BYTES + 1) }))?.status).toBe(413);
    expect(oversizedFormRefusal(form("https://gavel.example", { length: "-1" }))?.status).toBe(413);
  });
});
