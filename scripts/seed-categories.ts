/**
 * `npm run seed:categories -- [--env staging|production]`: loads the category
 * tree alone (no users, no auctions) into the local or a remote database.
 * Categories that exist (by slug) are kept as they are.
 */
import { categoriesSql } from "./categories.ts";
import { d1Target, executeD1, queryD1 } from "./d1-target.mjs";

try {
  const target = d1Target(process.argv.slice(2));
  const before = queryD1(target, "SELECT count(*) AS count FROM categories")[0].count;
  executeD1(target, await categoriesSql(Date.now()));
  const after = queryD1(target, "SELECT count(*) AS count FROM categories")[0].count;
  console.log(`seed:categories: ${after - before} categories added to ${target.label} (${after} in all)`);
} catch (error) {
  console.error(`seed:categories: ${(error as Error).message}`);
  process.exit(1);
}
