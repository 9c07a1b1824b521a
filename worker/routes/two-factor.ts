import { createRoute } from "@hono/zod-openapi";
import {
  RecoveryCodes,
  TwoFactorDisableRequest,
  TwoFactorEnableRequest,
  TwoFactorLoginRequest,
  TwoFactorSetup,
  TwoFactorStatus,
} from "../../schema/api/account-security";
import { AuthResult } from "../../schema/api/auth";
import { requireAuth } from "../auth/middleware";
import { enforceRateLimit } from "../auth/rate-limit";
import { startSession } from "../auth/sessions";
import { cancelTwoFactorSetup, completeLoginChallenge, finishTwoFactorSetup, startTwoFactorSetup, turnOffTwoFactor, twoFactorStatus } from "../auth/two-factor";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { clientIpRateKey } from "../lib/request-context";

/** Managing your own second factor: mounted at /api/auth/two-factor. */
export const twoFactorRoutes = createRouter();
twoFactorRoutes.use("*", requireAuth);

const status = createRoute({
  method: "get",
  path: "/",
  tags: ["Two-factor"],
  summary: "Whether two-factor authentication is on, and how many recovery codes are left",
  security: authenticated,
  responses: { 200: jsonContent(TwoFactorStatus, "Two-factor state"), ...errorResponses(401, 403) },
});

twoFactorRoutes.openapi(status, async (c) => c.json(await twoFactorStatus(c.env, c.get("auth").user), 200));

const setup = createRoute({
  method: "post",
  path: "/setup",
  tags: ["Two-factor"],
  summary: "Start setup: a new secret as an otpauth:// URI and a QR code to scan",
  description: "Nothing changes until `/enable` receives a code from the app. Starting again replaces the secret.",
  security: authenticated,
  responses: { 200: jsonContent(TwoFactorSetup, "Scan the QR code or type the secret"), ...errorResponses(401, 403, 409) },
});

twoFactorRoutes.openapi(setup, async (c) => c.json(await startTwoFactorSetup(c.env, c.get("auth").user, Date.now()), 200));

const cancelSetup = createRoute({
  method: "delete",
  path: "/setup",
  tags: ["Two-factor"],
  summary: "Abandon a setup that has not received its code",
  security: authenticated,
  responses: { 204: { description: "The waiting secret is gone" }, ...errorResponses(401, 403, 409) },
});

twoFactorRoutes.openapi(cancelSetup, async (c) => {
  await cancelTwoFactorSetup(c.env, c.get("auth").user.id);
  return c.body(null, 204);
});

const enable = createRoute({
  method: "post",
  path: "/enable",
  tags: ["Two-factor"],
  summary: "Turn two-factor on with your password and a code from the app; returns 10 single-use recovery codes, shown this once",
  description: "Every other session of the account ends.",
  security: authenticated,
  request: { body: jsonBody(TwoFactorEnableRequest) },
  responses: { 200: jsonContent(RecoveryCodes, "On; keep the recovery codes somewhere safe"), ...errorResponses(400, 401, 403, 409, 415, 422, 429) },
});

twoFactorRoutes.openapi(enable, async (c) => {
  const { user, sessionId } = c.get("auth");
  await enforceRateLimit([{ limiter: c.env.AUTH_LIMITER, key: `two-factor:user:${user.id}` }]);
  return c.json(await finishTwoFactorSetup(c.env, user, sessionId, c.req.valid("json"), Date.now()), 200);
});

const disable = createRoute({
  method: "post",
  path: "/disable",
  tags: ["Two-factor"],
  summary: "Turn two-factor off with your password and a code (or a recovery code)",
  description: "Every other session of the account ends.",
  security: authenticated,
  request: { body: jsonBody(TwoFactorDisableRequest) },
  responses: { 204: { description: "Off; the recovery codes no longer work" }, ...errorResponses(400, 401, 403, 409, 415, 422, 429) },
});

twoFactorRoutes.openapi(disable, async (c) => {
  const { user, sessionId } = c.get("auth");
  await enforceRateLimit([{ limiter: c.env.AUTH_LIMITER, key: `two-factor:user:${user.id}` }]);
  await turnOffTwoFactor(c.env, user, sessionId, c.req.valid("json"), Date.now());
  return c.body(null, 204);
});

/** The second step of a login: mounted at /api/auth/login/2fa. */
export const twoFactorLoginRoutes = createRouter();

const completeLogin = createRoute({
  method: "post",
  path: "/",
  tags: ["Auth"],
  summary: "Finish a login that answered with a challenge: the challenge and a code from the app (or a recovery code)",
  description: "A challenge lasts 5 minutes and makes one session; the 5th wrong code ends it.",
  request: { body: jsonBody(TwoFactorLoginRequest) },
  responses: {
    200: jsonContent(AuthResult, "Logged in; session cookies set for browsers"),
    ...errorResponses(400, 403, 413, 415, 422, 429),
  },
});

twoFactorLoginRoutes.openapi(completeLogin, async (c) => {
  await enforceRateLimit([{ limiter: c.env.AUTH_IP_LIMITER, key: `login:ip:${clientIpRateKey(c.req.raw)}` }]);
  const { challenge, code } = c.req.valid("json");
  const user = await completeLoginChallenge(c.env, challenge, code, Date.now());
  return c.json(await startSession(c, user), 200);
});
