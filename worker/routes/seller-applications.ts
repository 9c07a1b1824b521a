import { createRoute, z } from "@hono/zod-openapi";
import { ApplicationDecision, ApplicationQuery, SellerApplication, SellerApplicationRequest } from "../../schema/api/admin";
import { requireAuth, requireRole } from "../auth/middleware";
import { setRolesStatement } from "../db/admin-users";
import { auditInsert } from "../db/audit";
import { database } from "../db/client";
import { decideApplicationStatement, findApplication, insertApplication, latestApplicationOf, listApplications } from "../db/seller-applications";
import { findUserById } from "../db/users";
import { auditActor } from "../lib/audit-actor";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { accountLocale } from "../lib/language";
import { sellerApplicationMail } from "../mail/admin-templates";
import { mailerFor } from "../mail/mailer";

/** A verified user asks for the seller capability (replaces "ask an administrator"). */
export const sellerApplicationRoutes = createRouter();
sellerApplicationRoutes.use("*", requireAuth);

const mine = createRoute({
  method: "get",
  path: "/",
  tags: ["Account"],
  summary: "Your newest request for the seller capability, or null",
  security: authenticated,
  responses: { 200: jsonContent(z.object({ application: SellerApplication.nullable() }), "The request"), ...errorResponses(401) },
});

sellerApplicationRoutes.openapi(mine, async (c) => c.json({ application: await latestApplicationOf(database(c.env.DB), c.get("auth").user.id) }, 200));

const apply = createRoute({
  method: "post",
  path: "/",
  tags: ["Account"],
  summary: "Ask for the seller capability with a short note (verified accounts; one pending request at a time)",
  security: authenticated,
  request: { body: jsonBody(SellerApplicationRequest) },
  responses: { 201: jsonContent(z.object({ application: SellerApplication }), "Requested"), ...errorResponses(400, 401, 403, 409, 415) },
});

sellerApplicationRoutes.openapi(apply, async (c) => {
  const { user } = c.get("auth");
  if (user.emailVerifiedAt === null) throw new ApiError(403, "NOT_VERIFIED", "Verify your email address first");
  if (user.roles.includes("seller")) throw new ApiError(409, "RULE_VIOLATION", "You can already sell");
  const db = database(c.env.DB);
  const now = Date.now();
  const id = await insertApplication(db, user.id, c.req.valid("json").note, now);
  if (!id) throw new ApiError(409, "RULE_VIOLATION", "Your request is already waiting for an administrator");
  await auditInsert(db, auditActor(c), { action: "seller_application.submit", targetType: "seller_application", targetId: id, before: null, after: { status: "pending" } }, now);
  return c.json({ application: (await findApplication(db, id))! }, 201);
});

export const adminSellerApplicationRoutes = createRouter();
adminSellerApplicationRoutes.use("*", requireAuth, requireRole("admin"));

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Admin"],
  summary: "Seller applications by status (pending: oldest first)",
  security: authenticated,
  request: { query: ApplicationQuery },
  responses: { 200: jsonContent(z.object({ items: z.array(SellerApplication) }), "Applications"), ...errorResponses(400, 401, 403) },
});

adminSellerApplicationRoutes.openapi(list, async (c) => c.json({ items: await listApplications(database(c.env.DB), c.req.valid("query").status) }, 200));

const decide = createRoute({
  method: "post",
  path: "/{id}/decision",
  tags: ["Admin"],
  summary: "Approve (grants the seller capability) or decline a pending application, with a reason; the user is mailed either way",
  security: authenticated,
  request: { params: z.object({ id: z.uuid() }), body: jsonBody(ApplicationDecision) },
  responses: { 200: jsonContent(z.object({ application: SellerApplication }), "Decided"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

adminSellerApplicationRoutes.openapi(decide, async (c) => {
  const { id } = c.req.valid("param");
  const { decision, reason } = c.req.valid("json");
  const db = database(c.env.DB);
  const application = await findApplication(db, id);
  if (!application) throw new ApiError(404, "NOT_FOUND", "No application has this id");
  const approved = decision === "approve";
  const now = Date.now();
  const status = approved ? "approved" : "declined";
  // Claimed first: of two admins deciding at once, one wins and the other gets 409.
  const claimed = await decideApplicationStatement(db, id, { status, reason, adminId: c.get("auth").user.id, now });
  if (claimed.length === 0) throw new ApiError(409, "RULE_VIOLATION", `The application was already ${application.status}`);
  const applicant = (await findUserById(db, application.user.id))!;
  const rolesBefore = applicant.roles;
  const rolesAfter = approved ? [...new Set([...rolesBefore, "seller" as const])] : rolesBefore;
  await db.batch([
    setRolesStatement(db, applicant.id, rolesAfter, now),
    auditInsert(
      db,
      auditActor(c),
      { action: `seller_application.${decision}`, targetType: "user", targetId: applicant.id, before: { status: "pending", roles: rolesBefore }, after: { status, roles: rolesAfter, reason, applicationId: id } },
      now,
    ),
  ]);
  const url = new URL(approved ? "/sell" : "/account", c.env.SITE_URL).toString();
  // The applicant's language, not the deciding admin's.
  const mail = sellerApplicationMail(c.env.SITE_NAME, applicant.email, { approved, reason, url }, accountLocale(applicant));
  const requestId = c.get("requestId");
  c.executionCtx.waitUntil(mailerFor(c.env).send(mail).catch((error: unknown) => log("error", "seller application mail failed", { requestId, error: String(error) })));
  return c.json({ application: (await findApplication(db, id))! }, 200);
});
