import { z } from "zod";
import { AuctionStatus } from "./auctions";
import { Role, User } from "./users";

// ------------------------------------------------------------------ audit log

export const AuditEntry = z
  .object({
    id: z.string(),
    at: z.number().int(),
    actor: z.object({ id: z.string(), email: z.string() }).nullable(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  action: z.string().trim().max(64).optional(),
  actor: z.email().optional(),
  target: z.string().trim().max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }).meta({ id: "AuditPage" });
export type AuditPage = z.infer<typeof AuditPage>;

/** Why an admin did something to someone: kept in the audit log, and shown to the user where it concerns them. */
export const Reason = z.string().trim().min(3, { message: "Give a reason (at least 3 characters)" }).max(500);

export const ReasonRequest = z.strictObject({ reason: Reason }).meta({ id: "ReasonRequest" });
export type ReasonRequest = z.infer<typeof ReasonRequest>;

// ---------------------------------------------------------------------- users

export const AdminUserQuery = z.object({
  q: z.string().trim().max(120).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const AdminUserDetail = z
  .object({
    user: User,
    suspendedReason: z.string().nullable(),
    twoFactorEnabled: z.boolean(),
    sessions: z.array(z.object({ id: z.string(), createdAt: z.number().int(), lastUsedAt: z.number().int(), userAgent: z.string().nullable(), ip: z.string().nullable() })),
    listings: z.array(z.object({ id: z.string(), title: z.string(), status: AuctionStatus, hidden: z.boolean(), createdAt: z.number().int() })),
    bids: z.object({ count: z.number().int(), auctions: z.number().int() }),
    reportsAgainst: z.number().int(),
    reportsMade: z.number().int(),
    sellerApplication: z.lazy(() => SellerApplication).nullable(),
  })
  .meta({ id: "AdminUserDetail" });
export type AdminUserDetail = z.infer<typeof AdminUserDetail>;

export const RoleParam = z.object({ id: z.uuid(), role: Role });

// -------------------------------------------------------- seller applications

export const applicationStatuses = ["pending", "approved", "declined"] as const;
export const ApplicationStatus = z.enum(applicationStatuses);

export const SellerApplication = z
  .object({
    id: z.string(),
    user: z.object({ id: z.string(), email: z.string(), displayName: z.string() }),
    note: z.string(),
    status: ApplicationStatus,
    decisionReason: z.string().nullable(),
    createdAt: z.number().int(),
    decidedAt: z.number().int().nullable(),
  })
  .meta({ id: "SellerApplication" });
export type SellerApplication = z.infer<typeof SellerApplication>;

export const SellerApplicationRequest = z
  .strictObject({ note: z.string().trim().min(10, { message: "Tell us in a sentence what you want to sell" }).max(1000) })
  .meta({ id: "SellerApplicationRequest" });
export type SellerApplicationRequest = z.infer<typeof SellerApplicationRequest>;

export const ApplicationDecision = z
  .strictObject({ decision: z.enum(["approve", "decline"]), reason: Reason })
  .meta({ id: "ApplicationDecision" });
export type ApplicationDecision = z.infer<typeof ApplicationDecision>;

export const ApplicationQuery = z.object({ status: ApplicationStatus.default("pending") });

// ---------------------------------------------------------------- moderation

export const reportReasons = ["counterfeit", "prohibited_item", "misleading", "offensive", "spam_or_scam", "other"] as const;
export const ReportReason = z.enum(reportReasons);
export type ReportReason = z.infer<typeof ReportReason>;
export const reportReasonLabels: Record<ReportReason, string> = {
  counterfeit: "Counterfeit or replica",
  prohibited_item: "Prohibited or illegal item",
  misleading: "Misleading description or photos",
  offensive: "Offensive content",
  spam_or_scam: "Spam or a scam",
  other: "Something else",
};

export const ReportRequest = z
  .strictObject({ reason: ReportReason, note: z.string().trim().max(1000).default("") })
  .meta({ id: "ReportRequest" });
export type ReportRequest = z.infer<typeof ReportRequest>;

export const reportStatuses = ["open", "resolved", "dismissed"] as const;
export const ReportStatus = z.enum(reportStatuses);

export const ListingReport = z
  .object({
    id: z.string(),
    auction: z.object({ id: z.string(), title: z.string(), status: AuctionStatus, hidden: z.boolean(), sellerId: z.string() }),
    reporter: z.object({ id: z.string(), email: z.string() }),
    reason: ReportReason,
    note: z.string(),
    status: ReportStatus,
    decisionNote: z.string().nullable(),
    createdAt: z.number().int(),
    decidedAt: z.number().int().nullable(),
  })
  .meta({ id: "ListingReport" });
export type ListingReport = z.infer<typeof ListingReport>;

export const ReportQuery = z.object({ status: ReportStatus.default("open") });

export const ReportDecision = z
  .strictObject({ status: z.enum(["resolved", "dismissed"]), note: Reason })
  .meta({ id: "ReportDecision" });
export type ReportDecision = z.infer<typeof ReportDecision>;

// ---------------------------------------------------------------- operations

export const DeadLetter = z
  .object({ messageId: z.string(), body: z.string(), attempts: z.number().int(), receivedAt: z.number().int() })
  .meta({ id: "DeadLetter" });
export type DeadLetter = z.infer<typeof DeadLetter>;

export const OperationsOverview = z
  .object({
    health: z.object({ d1: z.boolean(), r2: z.boolean(), durableObjects: z.boolean(), queue: z.boolean() }),
    /** What the queue check means: a producer binding exists and nothing reached the dead letters in the last hour. */
    queueNote: z.string(),
    counts: z.object({ liveAuctions: z.number().int(), auctionsBidOnLastHour: z.number().int(), newUsersToday: z.number().int(), openReports: z.number().int(), pendingApplications: z.number().int(), deadLetters: z.number().int() }),
    deadLetters: z.array(DeadLetter),
  })
  .meta({ id: "OperationsOverview" });
export type OperationsOverview = z.infer<typeof OperationsOverview>;
