/**
 * Password hashing with scrypt through node:crypto (nodejs_compat).
 *
 * Workers cap scrypt at N·r·p <= 2^20 locally and in production alike, and
 * PBKDF2 at 100,000 iterations only in production, so scrypt is the choice
 * that behaves the same in tests and once deployed. The hash string carries
 * its parameters so they can be raised later and old hashes upgraded on login.
 *
 * This module imports nothing but node:crypto so the Node seed script can use it.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/** OWASP-listed setting: N=2^14, r=8, p=5 (about 16 MiB). */
export const CURRENT_PARAMS: ScryptParams = { logN: 14, r: 8, p: 5 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const WORKERS_SCRYPT_COST_CAP = 2 ** 20;

export function assertScryptParams(params: ScryptParams): void {
  const cost = 2 ** params.logN * params.r * params.p;
  if (cost > WORKERS_SCRYPT_COST_CAP) {
    throw new Error(`scrypt N*r*p = ${cost} exceeds the Workers cap of 2^20`);
  }
  if (params.logN < 14 || params.r < 8 || params.p < 1) {
    throw new Error("scrypt parameters are below the OWASP minimum (N=2^14, r=8)");
  }
}
assertScryptParams(CURRENT_PARAMS);

/** Passwords are NFC-normalised so the same password typed on any keyboard matches; never truncated. */
function passwordBytes(password: string): Buffer {
  return Buffer.from(password.normalize("NFC"), "utf8");
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passwordBytes(password),
      salt,
      KEY_LENGTH,
      { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

function encode(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

const HASH_PATTERN = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([\w-]{16,})\$([\w-]{43})$/;

function decode(hash: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const match = HASH_PATTERN.exec(hash);
  if (!match) return null;
  const [, logN, r, p, salt, key] = match;
  return {
    params: { logN: Number(logN), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt!, "base64url"),
    key: Buffer.from(key!, "base64url"),
  };
}

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  assertScryptParams(params);
  const salt = randomBytes(SALT_LENGTH);
  return encode(params, salt, await derive(password, salt, params));
}

export interface VerifyResult {
  valid: boolean;
  /** The hash was made with older parameters and should be replaced. */
  needsRehash: boolean;
}

export async function verifyPassword(password: string, hash: string): Promise<VerifyResult> {
  const stored = decode(hash);
  if (!stored) return { valid: false, needsRehash: false };
  assertScryptParams(stored.params);
  const key = await derive(password, stored.salt, stored.params);
  const valid = key.length === stored.key.length && timingSafeEqual(key, stored.key);
  const { logN, r, p } = stored.params;
  const needsRehash =
    logN !== CURRENT_PARAMS.logN || r !== CURRENT_PARAMS.r || p !== CURRENT_PARAMS.p;
  return { valid, needsRehash };
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as a real verification so an unknown email cannot be
 * told from a wrong password by timing.
 */
export async function verifyAgainstDummy(password: string): Promise<VerifyResult> {
  dummyHash ??= hashPassword("dummy password that never matches");
  await verifyPassword(password, await dummyHash);
  return { valid: false, needsRehash: false };
}
