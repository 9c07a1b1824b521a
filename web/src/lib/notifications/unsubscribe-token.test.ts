import { describe, expect, it } from "vitest";
import { eventOfUnsubscribeToken } from "./unsubscribe-token";

function base64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Shaped like the API's tokens; the signature is never checked here. */
function token(claims: unknown): string {
  return `${base64url({ alg: "HS256", typ: "unsubscribe+jwt" })}.${base64url(claims)}.c2lnbmF0dXJl`;
}

describe("eventOfUnsubscribeToken", () => {
  it("reads which kind of email the link turns off", () => {
    expect(eventOfUnsubscribeToken(token({ evt: "outbid", sub: "u1", aud: "gavel-unsubscribe" }))).toBe("outbid");
    expect(eventOfUnsubscribeToken(token({ evt: "ending_soon", sub: "u1" }))).toBe("ending_soon");
  });

  it("gives null for anything else", () => {
    expect(eventOfUnsubscribeToken("")).toBeNull();
    expect(eventOfUnsubscribeToken("not-a-token")).toBeNull();
    expect(eventOfUnsubscribeToken("a.b")).toBeNull();
    expect(eventOfUnsubscribeToken("a.!!!.c")).toBeNull();
    expect(eventOfUnsubscribeToken(token({ evt: "everything", sub: "u1" }))).toBeNull();
    expect(eventOfUnsubscribeToken(token({ sub: "u1" }))).toBeNull();
    expect(eventOfUnsubscribeToken(token("outbid"))).toBeNull();
  });
});
