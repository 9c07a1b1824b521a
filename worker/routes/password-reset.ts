import { createRoute } from "@hono/zod-openapi";
import {
  PasswordResetAccepted,
  PasswordResetCheck,
  PasswordResetConfirm,
  PasswordResetRequest,
  PasswordResetStatus,
} from "../../schema/api/account-security";
import { m } from "../../schema/paraglide/messages.js";
import { enforceRateLimit } from "../auth/rate-limit";
import { confirmPasswordReset, inspectPasswordReset, mailPasswordReset, RESET_VALID_MINUTES } from "../auth/reset-password";
import { log } from "../lib/log";
import { requestLocale } from "../lib/language";
import { createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { clientIpRateKey } from "../lib/request-context";

export const passwordResetRoutes = createRouter();

const request = createRoute({
  method: "post",
  path: "/request",
  tags: ["Auth"],
  summary: "Mail a password reset link (the answer is the same whether or not the address has an account)",
  request: { body: jsonBody(PasswordResetRequest) },
  responses: {
    202: jsonContent(PasswordResetAccepted, "Accepted; a link is mailed if the address has an account"),
    ...errorResponses(400, 403, 413, 415, 429),
  },
});

passwordResetRoutes.openapi(request, async (c) => {
  const { email } = c.req.valid("json");
  await enforceRateLimit([
    { limiter: c.env.AUTH_IP_LIMITER, key: `reset:ip:${clientIpRateKey(c.req.raw)}` },
    { limiter: c.env.AUTH_LIMITER, key: `reset:email:${email}` },
  ]);
  const requestId = c.get("requestId");
  // After the answer: whether an account exists must not show in the response time either.
  c.executionCtx.waitUntil(
    mailPasswordReset(c.env, email, Date.now(), requestLocale(c.req.raw)).catch((error: unknown) => log("error", "password reset mail failed", { requestId, error: String(error) })),
  );
  return c.json(
    {
      message: m.api_password_reset_accepted({ minutes: RESET_VALID_MINUTES }, { locale: requestLocale(c.req.raw) }),
      validMinutes: RESET_VALID_MINUTES,
    },
    202,
  );
});

const check = createRoute({
  method: "post",
  path: "/check",
  tags: ["Auth"],
  summary: "Whether a reset link still works, and whether it will need a two-factor code",
  request: { body: jsonBody(PasswordResetCheck) },
  responses: {
    200: jsonContent(PasswordResetStatus, "The link works"),
    ...errorResponses(400, 403, 415, 422, 429),
  },
});

passwordResetRoutes.openapi(check, async (c) => {
  await enforceRateLimit([{ limiter: c.env.AUTH_IP_LIMITER, key: `reset:ip:${clientIpRateKey(c.req.raw)}` }]);
  return c.json(await inspectPasswordReset(c.env, c.req.valid("json").token, Date.now()), 200);
});

const confirm = createRoute({
  method: "post",
  path: "/confirm",
  tags: ["Auth"],
  summary: "Choose a new password with a reset link; every session ends",
  description:
    "The link works once, for 30 minutes, and only the newest one. Accounts with two-factor on also send `code` " +
    "(from the app, or a recovery code); two-factor stays on. Logs nobody in.",
  request: { body: jsonBody(PasswordResetConfirm) },
  responses: {
    204: { description: "Password changed; every session of the account has ended" },
    ...errorResponses(400, 403, 413, 415, 422, 429),
  },
});

passwordResetRoutes.openapi(confirm, async (c) => {
  await enforceRateLimit([{ limiter: c.env.AUTH_IP_LIMITER, key: `reset:ip:${clientIpRateKey(c.req.raw)}` }]);
  const { token, password, code } = c.req.valid("json");
  await confirmPasswordReset(c.env, { token, password, code }, Date.now());
  return c.body(null, 204);
});
