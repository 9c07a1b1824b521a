import { z } from "zod";

export const Liveness = z.object({ status: z.literal("ok") }).meta({ id: "Liveness" });

const CheckResult = z.object({ ok: z.boolean(), latencyMs: z.number() });
export const Readiness = z
  .object({
    status: z.enum(["ready", "degraded"]),
    checks: z.object({ d1: CheckResult, r2: CheckResult, durableObject: CheckResult }),
  })
  .meta({ id: "Readiness" });
export type Readiness = z.infer<typeof Readiness>;
