import type { applicationStatuses, ReportReason, reportStatuses, Role } from "$schema";
import { m } from "$schema/paraglide/messages.js";

type ApplicationStatus = (typeof applicationStatuses)[number];
type ReportStatus = (typeof reportStatuses)[number];

/** The admin console's words for the API's codes, in the page's language. */
export const roleLabel = (role: Role): string => (role === "admin" ? m.admin_role_admin() : m.admin_role_seller());

const STATUS_LABELS: Record<ApplicationStatus | ReportStatus, () => string> = {
  pending: m.admin_status_pending,
  approved: m.admin_status_approved,
  declined: m.admin_status_declined,
  open: m.admin_status_open,
  resolved: m.admin_status_resolved,
  dismissed: m.admin_status_dismissed,
};

export const decisionStatusLabel = (status: ApplicationStatus | ReportStatus): string => STATUS_LABELS[status]();

const REASON_LABELS: Record<ReportReason, () => string> = {
  counterfeit: m.admin_reports_reason_counterfeit,
  prohibited_item: m.admin_reports_reason_prohibited_item,
  misleading: m.admin_reports_reason_misleading,
  offensive: m.admin_reports_reason_offensive,
  spam_or_scam: m.admin_reports_reason_spam_or_scam,
  other: m.admin_reports_reason_other,
};

export const reportReasonLabel = (reason: ReportReason): string => REASON_LABELS[reason]();
