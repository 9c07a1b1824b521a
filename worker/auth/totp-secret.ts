/**
 * TOTP secrets must be readable by the server (it computes the codes), so
 * they cannot be hashed; they are encrypted instead, so a copy of the
 * database alone (a backup, an export) does not yield anyone's second factor.
 *
 * AES-256-GCM under a key derived from JWT_SECRET with HKDF: one secret to
 * manage, and the "totp-secret" label keeps this key apart from the token
 * signing key. The user id is the associated data, so a ciphertext copied
 * onto another user's row does not decrypt.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const encoder = new TextEncoder();

async function encryptionKey(serverSecret: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", encoder.encode(serverSecret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode("gavel"), info: encoder.encode("totp-secret") },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** `v1.<iv>.<ciphertext>`; the version leaves room to change the scheme and re-encrypt lazily. */
export async function encryptTotpSecret(serverSecret: string, userId: string, secretBase32: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(userId) },
    await encryptionKey(serverSecret),
    encoder.encode(secretBase32),
  );
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
}

/** Throws when the value was tampered with, belongs to another user or was encrypted under another key. */
export async function decryptTotpSecret(serverSecret: string, userId: string, sealed: string): Promise<string> {
  const [version, iv, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !ciphertext) throw new Error("unknown TOTP secret format");
  const plaintext = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64Url(iv), additionalData: encoder.encode(userId) },
    await encryptionKey(serverSecret),
    fromBase64Url(ciphertext),
  );
  return new TextDecoder().decode(plaintext);
}

/**
 * Recovery codes are stored as an HMAC under the server secret: 50 bits are
 * few enough that a plain hash could be brute-forced from a database copy.
 */
export async function recoveryCodeDigest(serverSecret: string, userId: string, normalisedCode: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(serverSecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`recovery-code:${userId}:${normalisedCode}`));
  return Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
