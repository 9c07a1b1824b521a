import { createRoute } from "@hono/zod-openapi";
import { SiteSettings } from "../../schema/api/site-settings";
import { requireAuth, requireRole } from "../auth/middleware";
import { auditInsert } from "../db/audit";
import { database } from "../db/client";
import { getSiteSettings, saveSiteSettingsStatement } from "../db/site-settings";
import { auditActor } from "../lib/audit-actor";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";

export const adminSettingsRoutes = createRouter();
adminSettingsRoutes.use("*", requireAuth, requireRole("admin"));

const read = createRoute({
  method: "get",
  path: "/",
  tags: ["Admin"],
  summary: "The site settings (defaults where none were saved)",
  security: authenticated,
  responses: { 200: jsonContent(SiteSettings, "The settings"), ...errorResponses(401, 403) },
});

adminSettingsRoutes.openapi(read, async (c) => c.json(await getSiteSettings(database(c.env.DB)), 200));

const replace = createRoute({
  method: "put",
  path: "/",
  tags: ["Admin"],
  summary: "Replace the site settings; new listings take their defaults from them, existing ones never change",
  security: authenticated,
  request: { body: jsonBody(SiteSettings) },
  responses: { 200: jsonContent(SiteSettings, "The saved settings"), ...errorResponses(400, 401, 403, 415) },
});

adminSettingsRoutes.openapi(replace, async (c) => {
  const settings = c.req.valid("json");
  const db = database(c.env.DB);
  const before = await getSiteSettings(db);
  const now = Date.now();
  await db.batch([
    saveSiteSettingsStatement(db, settings, now),
    auditInsert(db, auditActor(c), { action: "settings.update", targetType: "settings", targetId: null, before, after: settings }, now),
  ]);
  return c.json(settings, 200);
});
