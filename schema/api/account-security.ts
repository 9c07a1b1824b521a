import { z } from "zod";
import { AuthResult, Email, NewPassword, SubmittedPassword } from "./auth";

/** Password reset links and login challenges carry 256 random bits, base64url without padding. */
const OpaqueToken = z.string().regex(/^[\w-]{43}$/, { message: "This link is incomplete; open it from the email again" });

/** What an authenticator app shows: six digits, often typed as "123 456". */
export const TotpCode = z
  .string()
  .transform((value) => value.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, { message: "Enter the 6-digit code from your authenticator app" }));

/** A recovery code as printed: ten letters and digits, the hyphen and case optional. */
export const RECOVERY_CODE_PATTERN = /^[a-z2-7]{5}-?[a-z2-7]{5}$/i;

/** Either a code from the authenticator app or one of the recovery codes. */
export const SecondFactorCode = z
  .string()
  .transform((value) => value.replace(/\s/g, ""))
  .pipe(
    z.string().refine((value) => /^\d{6}$/.test(value) || RECOVERY_CODE_PATTERN.test(value), {
      message: "Enter the 6-digit code from your authenticator app, or a recovery code",
    }),
  );

export const PasswordResetRequest = z.strictObject({ email: Email }).meta({ id: "PasswordResetRequest" });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

/** The same body whether or not the address has an account. */
export const PasswordResetAccepted = z
  .object({ message: z.string(), validMinutes: z.number().int() })
  .meta({ id: "PasswordResetAccepted" });
export type PasswordResetAccepted = z.infer<typeof PasswordResetAccepted>;

export const PasswordResetCheck = z.strictObject({ token: OpaqueToken }).meta({ id: "PasswordResetCheck" });
export type PasswordResetCheck = z.infer<typeof PasswordResetCheck>;

export const PasswordResetStatus = z
  .object({ twoFactorRequired: z.boolean(), expiresAt: z.iso.datetime() })
  .meta({ id: "PasswordResetStatus" });
export type PasswordResetStatus = z.infer<typeof PasswordResetStatus>;

export const PasswordResetConfirm = z
  .strictObject({
    token: OpaqueToken,
    password: NewPassword,
    /** Needed when the account has two-factor authentication on. */
    code: SecondFactorCode.optional(),
  })
  .meta({ id: "PasswordResetConfirm" });
export type PasswordResetConfirm = z.infer<typeof PasswordResetConfirm>;

/** What `POST /api/auth/login` answers instead of a session when the account has two-factor on. */
export const LoginChallenge = z
  .object({
    twoFactorRequired: z.literal(true),
    /** Send it with a code to `POST /api/auth/login/2fa`. */
    challenge: z.string(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: "LoginChallenge" });
export type LoginChallenge = z.infer<typeof LoginChallenge>;

export const LoginResult = z.union([AuthResult, LoginChallenge]).meta({ id: "LoginResult" });
export type LoginResult = z.infer<typeof LoginResult>;

export const TwoFactorLoginRequest = z
  .strictObject({ challenge: z.string().regex(/^[\w-]{43}$/, { message: "Log in again" }), code: SecondFactorCode })
  .meta({ id: "TwoFactorLoginRequest" });
export type TwoFactorLoginRequest = z.infer<typeof TwoFactorLoginRequest>;

export const TwoFactorSetup = z
  .object({
    /** Base32, for typing into an app that cannot scan. */
    secret: z.string(),
    otpauthUri: z.string(),
    /** The otpauth URI as a QR code, a standalone SVG document. */
    qrSvg: z.string(),
  })
  .meta({ id: "TwoFactorSetup" });
export type TwoFactorSetup = z.infer<typeof TwoFactorSetup>;

export const TwoFactorStatus = z
  .object({
    enabled: z.boolean(),
    enabledAt: z.iso.datetime().nullable(),
    recoveryCodesLeft: z.number().int(),
    /** A setup that waits for its first code, so a page can show it again after a reload or a wrong code. */
    pendingSetup: TwoFactorSetup.nullable(),
  })
  .meta({ id: "TwoFactorStatus" });
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;

/** The password as well: a session left open on someone else's screen must not be enough to lock its owner out. */
export const TwoFactorEnableRequest = z
  .strictObject({ password: SubmittedPassword, code: TotpCode })
  .meta({ id: "TwoFactorEnableRequest" });
export type TwoFactorEnableRequest = z.infer<typeof TwoFactorEnableRequest>;

export const RecoveryCodes = z
  .object({ recoveryCodes: z.array(z.string()) })
  .meta({ id: "RecoveryCodes" });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

export const TwoFactorDisableRequest = z
  .strictObject({ password: SubmittedPassword, code: SecondFactorCode })
  .meta({ id: "TwoFactorDisableRequest" });
export type TwoFactorDisableRequest = z.infer<typeof TwoFactorDisableRequest>;
