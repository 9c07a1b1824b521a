import { env } from "cloudflare:workers";
import type { Account } from "../helpers";
import { verifiedAccount } from "../auction-helpers";

export const adminAccount = (): Promise<Account> => verifiedAccount(["admin"]);

export interface StoredAuditEntry {
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
  ip: string | null;
  at: number;
}

/** The entries one request wrote (the worker keeps a well-formed X-Request-Id from its caller). */
export async function auditEntriesOf(requestId: string): Promise<StoredAuditEntry[]> {
  const { results } = await env.DB.prepare("SELECT * FROM audit_log WHERE request_id = ? ORDER BY at").bind(requestId).all<StoredAuditEntry>();
  return results;
}

export const newRequestId = () => `test-${crypto.randomUUID()}`;
