/**
 * Bearer secrets that only our own database can check (reset links, login
 * challenges): 256 random bits, base64url, stored only as their SHA-256
 * (`digestToken` in tokens.ts).
 */
export function newOpaqueToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
