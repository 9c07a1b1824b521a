import type { Context } from "hono";
import type { AuditActor } from "../db/audit";
import type { AppEnv } from "../env";
import { clientIp } from "./request-context";

/** The authenticated caller of this request, as the audit log records them. */
export function auditActor(c: Context<AppEnv>): AuditActor {
  return { actorId: c.get("auth")?.user.id ?? null, requestId: c.get("requestId"), ip: clientIp(c.req.raw) };
}
