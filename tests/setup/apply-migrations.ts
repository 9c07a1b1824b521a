import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Setup files may run more than once; applyD1Migrations skips applied ones.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// The category tests list in (TEST_CATEGORY_ID in ../auction-helpers.ts).
await env.DB.prepare(
  `INSERT INTO categories (id, parent_id, slug, name, description, path, path_names, created_at, updated_at)
   VALUES (?1, NULL, 'test-things', 'Test things', '', '/' || ?1 || '/', 'Test things', 0, 0) ON CONFLICT DO NOTHING`,
)
  .bind("00000000-0000-4000-8000-00000000c0de")
  .run();
