import { createRoute, z } from "@hono/zod-openapi";
import { Category, CategoryTree, CreateCategoryRequest, UpdateCategoryRequest } from "../../schema/api/catalog";
import type { CategoryRow } from "../../schema/db";
import { requireAuth, requireRole } from "../auth/middleware";
import { slugify } from "../catalog/slug";
import { categoryTree, categoryUsage, deleteCategory, findCategory, insertCategory, isSlugTaken, updateCategory } from "../db/categories";
import { auditInsert } from "../db/audit";
import { database, type Database } from "../db/client";
import { auditActor } from "../lib/audit-actor";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";

export const categoryRoutes = createRouter();

const tree = createRoute({
  method: "get",
  path: "/",
  tags: ["Categories"],
  summary: "The category tree, in pre-order, with published auction counts per subtree",
  responses: { 200: jsonContent(CategoryTree, "All categories") },
});

categoryRoutes.openapi(tree, async (c) => c.json({ items: await categoryTree(database(c.env.DB)) }, 200));

export const adminCategoryRoutes = createRouter();
adminCategoryRoutes.use("*", requireAuth, requireRole("admin"));

const CategoryId = z.object({ id: z.uuid() });

function toCategory(row: CategoryRow): Category {
  return { id: row.id, parentId: row.parentId, slug: row.slug, name: row.name, description: row.description, depth: row.path.split("/").filter(Boolean).length - 1, auctionCount: 0 };
}

/** What the audit log records of a category. */
function categoryFields(row: CategoryRow) {
  return { name: row.name, slug: row.slug, description: row.description, parentId: row.parentId, pathNames: row.pathNames };
}

async function parentOf(db: Database, parentId: string | null): Promise<CategoryRow | null> {
  if (parentId === null) return null;
  const parent = await findCategory(db, parentId);
  if (!parent) throw new ApiError(400, "VALIDATION_FAILED", "The request body is invalid", { fieldErrors: { parentId: ["No category has this id"] } });
  return parent;
}

function slugTaken(slug: string): ApiError {
  return new ApiError(409, "SLUG_TAKEN", `Another category already uses the slug "${slug}"`, { fieldErrors: { slug: ["Already in use"] } });
}

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["Admin"],
  summary: "Create a category (the slug defaults to one made from the name)",
  security: authenticated,
  request: { body: jsonBody(CreateCategoryRequest) },
  responses: { 201: jsonContent(Category, "Created"), ...errorResponses(400, 401, 403, 409, 415) },
});

adminCategoryRoutes.openapi(create, async (c) => {
  const input = c.req.valid("json");
  const db = database(c.env.DB);
  const slug = input.slug ?? slugify(input.name);
  if (slug.length < 2) throw new ApiError(400, "VALIDATION_FAILED", "The request body is invalid", { fieldErrors: { slug: ["Give a slug: the name has too few letters for one"] } });
  const row = await insertCategory(db, { name: input.name, slug, description: input.description, parent: await parentOf(db, input.parentId) }, Date.now());
  if (!row) throw slugTaken(slug);
  await auditInsert(db, auditActor(c), { action: "category.create", targetType: "category", targetId: row.id, before: null, after: categoryFields(row) }, row.createdAt);
  return c.json(toCategory(row), 201);
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["Admin"],
  summary: "Rename or move a category (its subtree moves with it)",
  security: authenticated,
  request: { params: CategoryId, body: jsonBody(UpdateCategoryRequest) },
  responses: { 200: jsonContent(Category, "Updated"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

adminCategoryRoutes.openapi(update, async (c) => {
  const changes = c.req.valid("json");
  const db = database(c.env.DB);
  const category = await findCategory(db, c.req.valid("param").id);
  if (!category) throw new ApiError(404, "NOT_FOUND", "No category has this id");
  const parent = changes.parentId === undefined ? await parentOf(db, category.parentId) : await parentOf(db, changes.parentId);
  if (parent && parent.path.startsWith(category.path)) {
    throw new ApiError(422, "RULE_VIOLATION", "A category cannot move under itself or its own descendants");
  }
  const slug = changes.slug ?? category.slug;
  if (await isSlugTaken(db, slug, category.id)) throw slugTaken(slug);
  const updated = await updateCategory(
    db,
    category,
    { name: changes.name ?? category.name, slug, description: changes.description ?? category.description, parent },
    Date.now(),
  );
  await auditInsert(db, auditActor(c), { action: "category.update", targetType: "category", targetId: category.id, before: categoryFields(category), after: categoryFields(updated) }, updated.updatedAt);
  return c.json(toCategory(updated), 200);
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["Admin"],
  summary: "Delete an empty category (409 while listings or subcategories use it)",
  security: authenticated,
  request: { params: CategoryId },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404, 409) },
});

adminCategoryRoutes.openapi(remove, async (c) => {
  const db = database(c.env.DB);
  const { id } = c.req.valid("param");
  const category = await findCategory(db, id);
  if (!category) throw new ApiError(404, "NOT_FOUND", "No category has this id");
  const usage = await categoryUsage(db, id);
  if (usage.auctions > 0) throw new ApiError(409, "CATEGORY_IN_USE", "Listings use this category; move them first", usage);
  if (usage.children > 0) throw new ApiError(409, "CATEGORY_HAS_CHILDREN", "Move or delete the subcategories first", usage);
  try {
    await deleteCategory(db, id);
  } catch (error) {
    // A listing created between the check and the delete trips the foreign key.
    if (String(error).includes("FOREIGN KEY")) throw new ApiError(409, "CATEGORY_IN_USE", "Listings use this category; move them first");
    throw error;
  }
  await auditInsert(db, auditActor(c), { action: "category.delete", targetType: "category", targetId: id, before: categoryFields(category), after: null }, Date.now());
  return c.body(null, 204);
});
