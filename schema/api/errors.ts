import { z } from "zod";
import { bidRejectionCodes, sealedRejectionCodes } from "./auctions";

/** Machine codes every client can switch on. Extend, never rename. */
export const errorCodes = [
  "VALIDATION_FAILED",
  "MALFORMED_JSON",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "UNAUTHENTICATED",
  "INVALID_CREDENTIALS",
  "TOKEN_INVALID",
  "SESSION_REVOKED",
  "REFRESH_TOKEN_INVALID",
  "REFRESH_TOKEN_REUSED",
  "REFRESH_CONFLICT",
  "FORBIDDEN",
  "ACCOUNT_SUSPENDED",
  "ORIGIN_NOT_ALLOWED",
  "NOT_FOUND",
  "EMAIL_TAKEN",
  "RATE_LIMITED",
  "RULE_VIOLATION",
  "INTERNAL",
  "NOT_VERIFIED",
  "SELLER_ROLE_REQUIRED",
  "REQUEST_ID_REUSED",
  "LISTING_LOCKED",
  "CATEGORY_IN_USE",
  "CATEGORY_HAS_CHILDREN",
  "SLUG_TAKEN",
  "TOO_MANY_IMAGES",
  "IMAGE_UNREADABLE",
  "IMAGE_TOO_LARGE",
  "CODE_INVALID",
  "CODE_EXPIRED",
  "REGISTRATION_CLOSED",
  "LISTING_REMOVED",
  "ORDER_STEP_OUT_OF_ORDER",
  "PAYMENT_NOT_OVERDUE",
  "ORDER_THREAD_FULL",
  "LISTING_SOLD",
  "SECOND_CHANCE_PENDING",
  "SECOND_CHANCE_UNAVAILABLE",
  "OFFER_EXPIRED",
  "FEEDBACK_NOT_ALLOWED",
  "FEEDBACK_EXISTS",
  "OPEN_ORDERS",
  ...bidRejectionCodes,
  ...sealedRejectionCodes,
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Per-field messages keyed by the dotted path of the field ("" for the body itself). */
export type FieldErrors = Record<string, string[]>;
