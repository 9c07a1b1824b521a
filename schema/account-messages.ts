import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "./api/auth";
import { m } from "./paraglide/messages.js";
import type { Locale } from "./paraglide/runtime.js";

/**
 * The wording the account schemas give their own checks (schema/api/auth.ts, account*.ts, admin.ts,
 * orders.ts), in every language. The schemas keep writing English, because the terminal client runs
 * them without compiled messages; plainIssueMessage looks a kept message up here by its English
 * text and gives the reader's wording. Each entry renders the English from the same message, so
 * a schema worded differently from messages/en.json is simply not found (and stays English).
 */
type Worded = (options: { locale: Locale }) => string;

const OWN_CHECKS: Worded[] = [
  (o) => m.auth_error_email({}, o),
  (o) => m.auth_error_min_characters({ count: PASSWORD_MIN_LENGTH }, o),
  (o) => m.auth_error_min_characters({ count: 2 }, o),
  (o) => m.auth_error_max_characters({ count: 50 }, o),
  (o) => m.auth_error_max_bytes({ count: PASSWORD_MAX_BYTES }, o),
  (o) => m.auth_error_password_breached({}, o),
  (o) => m.auth_error_password_one_character({}, o),
  (o) => m.auth_error_password_missing({}, o),
  (o) => m.auth_error_name_characters({}, o),
  (o) => m.auth_error_link_incomplete({}, o),
  (o) => m.auth_error_app_code({}, o),
  (o) => m.auth_error_app_or_recovery_code({}, o),
  (o) => m.auth_error_log_in_again({}, o),
  (o) => m.auth_error_email_code({}, o),
  (o) => m.account_error_code({}, o),
  (o) => m.account_error_seller_note({}, o),
  (o) => m.order_error_tracking_step({}, o),
];

const BY_ENGLISH = new Map(OWN_CHECKS.map((worded) => [worded({ locale: "en" }), worded]));

/** The reader's wording of a message an account schema wrote itself; undefined for any other message. */
export function accountCheckMessage(english: string, locale: Locale): string | undefined {
  return BY_ENGLISH.get(english)?.({ locale });
}
