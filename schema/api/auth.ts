import { z } from "zod";
import { commonPasswords } from "./common-passwords";
import { User } from "./users";

export const PASSWORD_MIN_LENGTH = 10;
/** Bytes, not characters: the KDF sees UTF-8 and must never truncate. */
export const PASSWORD_MAX_BYTES = 1024;

const utf8Length = (value: string) => new TextEncoder().encode(value).length;

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "Enter a valid email address" }));

/** Rules for a password a user chooses (not for one they type to log in). */
export const NewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { message: `Use at least ${PASSWORD_MIN_LENGTH} characters` })
  .refine((value) => utf8Length(value) <= PASSWORD_MAX_BYTES, {
    message: `Use at most ${PASSWORD_MAX_BYTES} bytes`,
    abort: true,
  })
  .refine((value) => !commonPasswords.has(value.toLowerCase()), {
    message: "This password appears in breach lists; choose another",
  })
  .refine((value) => new Set(value).size > 1, {
    message: "Use more than one distinct character",
  });

/** A password typed to log in: only the size limit applies, before any hashing. */
export const SubmittedPassword = z
  .string()
  .min(1, { message: "Enter your password" })
  .refine((value) => utf8Length(value) <= PASSWORD_MAX_BYTES, {
    message: `Use at most ${PASSWORD_MAX_BYTES} bytes`,
  });

export const DisplayName = z
  .string()
  .trim()
  .min(2, { message: "Use at least 2 characters" })
  .max(50, { message: "Use at most 50 characters" })
  .regex(/^[^\p{Cc}\p{Cf}<>]+$/u, { message: "Use letters, numbers, spaces and punctuation" });

export const RegisterRequest = z
  .strictObject({ email: Email, password: NewPassword, displayName: DisplayName })
  .meta({ id: "RegisterRequest" });
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const LoginRequest = z
  .strictObject({ email: Email, password: SubmittedPassword })
  .meta({ id: "LoginRequest" });
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Browsers send the refresh token as a cookie; other clients send it in the body. */
export const RefreshRequest = z
  .strictObject({ refreshToken: z.string().min(1).max(200).optional() })
  .meta({ id: "RefreshRequest" });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const ChangePasswordRequest = z
  .strictObject({ currentPassword: SubmittedPassword, newPassword: NewPassword })
  .meta({ id: "ChangePasswordRequest" });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const AuthResult = z
  .object({
    user: User,
    accessToken: z.string(),
    accessTokenExpiresAt: z.iso.datetime(),
    /** Present only for clients that do not use cookies (no `Origin` header). */
    refreshToken: z.string().optional(),
  })
  .meta({ id: "AuthResult" });
export type AuthResult = z.infer<typeof AuthResult>;

export const Session = z
  .object({
    id: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: "Session" });
export type Session = z.infer<typeof Session>;

export const SessionList = z.object({ items: z.array(Session) }).meta({ id: "SessionList" });
export type SessionList = z.infer<typeof SessionList>;

export const RevokedCount = z.object({ revoked: z.number().int() }).meta({ id: "RevokedCount" });
