import { createRoute, z } from "@hono/zod-openapi";
import {
  AccountExport,
  DeleteAccountRequest,
  EmailChangeConfirm,
  EmailChangePending,
  EmailChangeRequest,
  RegenerateRecoveryCodesRequest,
  UpdateProfileRequest,
} from "../../schema/api/account-self-service";
import { RecoveryCodes } from "../../schema/api/account-security";
import { User } from "../../schema/api/users";
import { exportAccount } from "../account/export";
import { confirmEmailChange, deleteAccount, regenerateRecoveryCodes, requestEmailChange } from "../account/self-service";
import { clearAuthCookies } from "../auth/cookies";
import { requireAuth } from "../auth/middleware";
import { enforceRateLimit } from "../auth/rate-limit";
import { updateDisplayName } from "../db/account";
import { database } from "../db/client";
import { findUserById, toApiUser } from "../db/users";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { requestLocale } from "../lib/language";

/** Account self-service, mounted at /api/me next to the session routes (docs/auth.md). */
export const accountRoutes = createRouter();
for (const path of ["/", "/email", "/email/confirm", "/export"]) accountRoutes.use(path, requireAuth);

const UserBody = z.object({ user: User });

const rename = createRoute({
  method: "patch",
  path: "/",
  tags: ["Me"],
  summary: "Change your display name",
  security: authenticated,
  request: { body: jsonBody(UpdateProfileRequest) },
  responses: { 200: jsonContent(UserBody, "The updated user"), ...errorResponses(400, 401, 403, 415) },
});

accountRoutes.openapi(rename, async (c) => {
  const { user } = c.get("auth");
  const db = database(c.env.DB);
  await updateDisplayName(db, user.id, c.req.valid("json").displayName, Date.now());
  return c.json({ user: toApiUser((await findUserById(db, user.id))!) }, 200);
});

const changeEmail = createRoute({
  method: "post",
  path: "/email",
  tags: ["Me"],
  summary: "Start changing your email: your password, then a 6-digit code goes to the new address",
  description: "Nothing changes until the code is confirmed. A new request replaces the previous one (at most one a minute).",
  security: authenticated,
  request: { body: jsonBody(EmailChangeRequest) },
  responses: { 202: jsonContent(EmailChangePending, "Code sent to the new address"), ...errorResponses(400, 401, 403, 409, 415, 429) },
});

accountRoutes.openapi(changeEmail, async (c) => {
  const { user } = c.get("auth");
  await enforceRateLimit([{ limiter: c.env.AUTH_LIMITER, key: `email-change:user:${user.id}` }]);
  return c.json(await requestEmailChange(c.env, user, c.req.valid("json"), Date.now(), requestLocale(c.req.raw)), 202);
});

const confirmEmail = createRoute({
  method: "post",
  path: "/email/confirm",
  tags: ["Me"],
  summary: "Confirm the new email with the code sent to it; the old address is told",
  security: authenticated,
  request: { body: jsonBody(EmailChangeConfirm) },
  responses: { 200: jsonContent(UserBody, "The account now uses the new address"), ...errorResponses(400, 401, 403, 409, 415, 422, 429) },
});

accountRoutes.openapi(confirmEmail, async (c) => {
  const { user } = c.get("auth");
  await enforceRateLimit([{ limiter: c.env.AUTH_LIMITER, key: `email-change:user:${user.id}` }]);
  return c.json({ user: toApiUser(await confirmEmailChange(c.env, user, c.req.valid("json").code, Date.now(), requestLocale(c.req.raw))) }, 200);
});

const download = createRoute({
  method: "get",
  path: "/export",
  tags: ["Me"],
  summary: "Download everything Gavel stores about you, as JSON",
  security: authenticated,
  responses: { 200: jsonContent(AccountExport, "Your data"), ...errorResponses(401, 403) },
});

accountRoutes.openapi(download, async (c) => {
  const { user } = c.get("auth");
  c.header("content-disposition", `attachment; filename="gavel-data-${user.id}.json"`);
  c.header("cache-control", "no-store");
  return c.json(await exportAccount(c.env.DB, user.id, Date.now()), 200);
});

const remove = createRoute({
  method: "delete",
  path: "/",
  tags: ["Me"],
  summary: "Delete your account (password needed); refused while an order is open or a listing or bid is running",
  description: "Personal data is removed; bids, sales, orders and feedback stay under the name “Former member”.",
  security: authenticated,
  request: { body: jsonBody(DeleteAccountRequest) },
  responses: { 204: { description: "Deleted and logged out" }, ...errorResponses(400, 401, 403, 409, 415) },
});

accountRoutes.openapi(remove, async (c) => {
  const { user } = c.get("auth");
  await enforceRateLimit([{ limiter: c.env.AUTH_LIMITER, key: `delete-account:user:${user.id}` }]);
  await deleteAccount(c.env, user, c.req.valid("json").password, Date.now());
  clearAuthCookies(c);
  return c.body(null, 204);
});

/** Mounted at /api/auth/two-factor, whose router already requires a login. */
export const recoveryCodeRoutes = createRouter();
recoveryCodeRoutes.use("/recovery-codes", requireAuth);

const regenerate = createRoute({
  method: "post",
  path: "/recovery-codes",
  tags: ["Two-factor"],
  summary: "Replace your recovery codes with 10 new ones (password and a current code needed); the old ones stop working",
  security: authenticated,
  request: { body: jsonBody(RegenerateRecoveryCodesRequest) },
  responses: { 200: jsonContent(RecoveryCodes, "The new codes, shown this once"), ...errorResponses(400, 401, 403, 409, 415, 422, 429) },
});

recoveryCodeRoutes.openapi(regenerate, async (c) => {
  const { user } = c.get("auth");
  await enforceRateLimit([{ limiter: c.env.AUTH_LIMITER, key: `two-factor:user:${user.id}` }]);
  return c.json(await regenerateRecoveryCodes(c.env, user, c.req.valid("json"), Date.now()), 200);
});
