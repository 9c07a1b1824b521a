import { z } from "zod";
import { SecondFactorCode } from "./account-security";
import { DisplayName, Email, SubmittedPassword } from "./auth";

/** Account self-service (docs/auth.md, "Your account"): name, email, recovery codes, your data, deletion. */

export const UpdateProfileRequest = z.strictObject({ displayName: DisplayName }).meta({ id: "UpdateProfileRequest" });
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

/** The password too: an unlocked session on someone else's screen must not be enough to take the account's mail. */
export const EmailChangeRequest = z.strictObject({ newEmail: Email, password: SubmittedPassword }).meta({ id: "EmailChangeRequest" });
export type EmailChangeRequest = z.infer<typeof EmailChangeRequest>;

export const EmailChangePending = z
  .object({ newEmail: z.string(), expiresAt: z.number().int() })
  .meta({ id: "EmailChangePending" });
export type EmailChangePending = z.infer<typeof EmailChangePending>;

export const EmailChangeConfirm = z
  .strictObject({ code: z.string().trim().regex(/^\d{6}$/, { message: "Enter the 6-digit code" }) })
  .meta({ id: "EmailChangeConfirm" });
export type EmailChangeConfirm = z.infer<typeof EmailChangeConfirm>;

export const RegenerateRecoveryCodesRequest = z
  .strictObject({ password: SubmittedPassword, code: SecondFactorCode })
  .meta({ id: "RegenerateRecoveryCodesRequest" });
export type RegenerateRecoveryCodesRequest = z.infer<typeof RegenerateRecoveryCodesRequest>;

export const DeleteAccountRequest = z.strictObject({ password: SubmittedPassword }).meta({ id: "DeleteAccountRequest" });
export type DeleteAccountRequest = z.infer<typeof DeleteAccountRequest>;

const Row = z.record(z.string(), z.unknown());

/** Everything Gavel stores about you, as rows of its tables (secrets, hashes and other people's contact details left out). */
export const AccountExport = z
  .object({
    exportedAt: z.string(),
    account: Row,
    sessions: z.array(Row),
    listings: z.array(Row),
    bids: z.array(Row),
    watches: z.array(Row),
    orders: z.array(Row),
    orderMessages: z.array(Row),
    feedbackGiven: z.array(Row),
    feedbackReceived: z.array(Row),
    secondChanceOffers: z.array(Row),
    notifications: z.array(Row),
    emailPreferences: z.array(Row),
    images: z.array(Row),
  })
  .meta({ id: "AccountExport" });
export type AccountExport = z.infer<typeof AccountExport>;
