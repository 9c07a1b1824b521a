import { eq, sql } from "drizzle-orm";
import { auctions, categories, type CategoryRow } from "../../schema/db";
import type { Category, CategoryRef } from "../../schema/api/catalog";
import type { Database } from "./client";

const NAME_SEPARATOR = " / ";

export async function findCategory(db: Database, id: string): Promise<CategoryRow | undefined> {
  return db.query.categories.findFirst({ where: eq(categories.id, id) });
}

export async function findCategoryBySlug(db: Database, slug: string): Promise<CategoryRow | undefined> {
  return db.query.categories.findFirst({ where: eq(categories.slug, slug) });
}

/** The whole tree in pre-order, each node with the number of published auctions in its subtree. */
export async function categoryTree(db: Database): Promise<Category[]> {
  const rows = await db.select().from(categories);
  const counts = await db
    .select({ path: categories.path, count: sql<number>`count(${auctions.id})` })
    .from(auctions)
    .innerJoin(categories, eq(auctions.categoryId, categories.id))
    .where(sql`${auctions.status} <> 'draft'`)
    .groupBy(categories.path);
  const byParent = new Map<string | null, CategoryRow[]>();
  for (const row of rows) byParent.set(row.parentId, [...(byParent.get(row.parentId) ?? []), row]);
  const ordered: Category[] = [];
  const visit = (parentId: string | null, depth: number) => {
    const children = (byParent.get(parentId) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    for (const row of children) {
      const auctionCount = counts.filter((count) => count.path.startsWith(row.path)).reduce((sum, count) => sum + count.count, 0);
      ordered.push({ id: row.id, parentId: row.parentId, slug: row.slug, name: row.name, description: row.description, depth, auctionCount });
      visit(row.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

/** Root first, the category itself last. */
export async function categoryPath(db: Database, category: CategoryRow): Promise<CategoryRef[]> {
  const ids = category.path.split("/").filter(Boolean);
  const rows = await db.select().from(categories).where(sql`${categories.id} IN ${ids}`);
  return ids.flatMap((id) => {
    const row = rows.find((candidate) => candidate.id === id);
    return row ? [{ id: row.id, slug: row.slug, name: row.name }] : [];
  });
}

export async function insertCategory(
  db: Database,
  input: { name: string; slug: string; description: string; parent: CategoryRow | null },
  now: number,
): Promise<CategoryRow | null> {
  const id = crypto.randomUUID();
  const [row] = await db
    .insert(categories)
    .values({
      id,
      parentId: input.parent?.id ?? null,
      slug: input.slug,
      name: input.name,
      description: input.description,
      path: `${input.parent?.path ?? "/"}${id}/`,
      pathNames: input.parent ? `${input.parent.pathNames}${NAME_SEPARATOR}${input.name}` : input.name,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: categories.slug })
    .returning();
  return row ?? null;
}

/**
 * Renames or moves a category. Its subtree's paths and names are rewritten in
 * one batch, which also refreshes the search index through its trigger.
 */
export async function updateCategory(
  db: Database,
  category: CategoryRow,
  changes: { name: string; slug: string; description: string; parent: CategoryRow | null },
  now: number,
): Promise<CategoryRow> {
  const path = `${changes.parent?.path ?? "/"}${category.id}/`;
  const pathNames = changes.parent ? `${changes.parent.pathNames}${NAME_SEPARATOR}${changes.name}` : changes.name;
  // instr, not LIKE: D1 caps LIKE patterns at 50 bytes, shorter than two ids.
  const subtree = await db.select().from(categories).where(sql`instr(${categories.path}, ${category.path}) = 1`);
  const statements = subtree.map((row) =>
    db
      .update(categories)
      .set(
        row.id === category.id
          ? { name: changes.name, slug: changes.slug, description: changes.description, parentId: changes.parent?.id ?? null, path, pathNames, updatedAt: now }
          : {
              path: path + row.path.slice(category.path.length),
              pathNames: pathNames + row.pathNames.slice(category.pathNames.length),
              updatedAt: now,
            },
      )
      .where(eq(categories.id, row.id)),
  );
  const [first, ...rest] = statements;
  await db.batch([first!, ...rest]);
  return (await findCategory(db, category.id))!;
}

export async function isSlugTaken(db: Database, slug: string, exceptId?: string): Promise<boolean> {
  const row = await findCategoryBySlug(db, slug);
  return row !== undefined && row.id !== exceptId;
}

export async function categoryUsage(db: Database, id: string): Promise<{ children: number; auctions: number }> {
  const [children] = await db.select({ count: sql<number>`count(*)` }).from(categories).where(eq(categories.parentId, id));
  const [listed] = await db.select({ count: sql<number>`count(*)` }).from(auctions).where(eq(auctions.categoryId, id));
  return { children: children!.count, auctions: listed!.count };
}

export async function deleteCategory(db: Database, id: string): Promise<void> {
  await db.delete(categories).where(eq(categories.id, id));
}
