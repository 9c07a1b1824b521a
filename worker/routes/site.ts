import { createRoute } from "@hono/zod-openapi";
import { PublicSiteSettings } from "../../schema/api/site-settings";
import { database } from "../db/client";
import { getSiteSettings } from "../db/site-settings";
import { createRouter, jsonContent } from "../lib/openapi";

export const siteRoutes = createRouter();

const read = createRoute({
  method: "get",
  path: "/",
  tags: ["Site"],
  summary: "The site's name, whether registration is open, the maintenance banner and the defaults for new listings",
  responses: { 200: jsonContent(PublicSiteSettings, "Public site settings") },
});

siteRoutes.openapi(read, async (c) => {
  const { siteName, registrationOpen, maintenanceBanner, listingDefaults } = await getSiteSettings(database(c.env.DB));
  return c.json({ siteName, registrationOpen, maintenanceBanner, listingDefaults }, 200);
});
