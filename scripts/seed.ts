/**
 * Demo data, idempotent: every insert is keyed on a natural key and skipped
 * when the row exists, so `npm run dev` can seed on every start.
 * Prints SQL for `wrangler d1 execute --file`.
 */
import { hashPassword } from "../worker/auth/password.ts";

export const DEMO_PASSWORD = "gavel-demo-pass";

interface DemoUser {
  email: string;
  displayName: string;
  roles: string[];
}

const demoUsers: DemoUser[] = [
  { email: "admin@gavel.test", displayName: "Gavel Admin", roles: ["admin"] },
  { email: "seller@gavel.test", displayName: "Sam Seller", roles: ["seller"] },
  { email: "bidder1@gavel.test", displayName: "Bidder One", roles: [] },
  { email: "bidder2@gavel.test", displayName: "Bidder Two", roles: [] },
  { email: "bidder3@gavel.test", displayName: "Bidder Three", roles: [] },
];

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

async function usersSql(now: number): Promise<string[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return demoUsers.map(
    (user) =>
      `INSERT INTO users (id, email, display_name, password_hash, roles, email_verified_at, created_at, updated_at) ` +
      `VALUES (${quote(crypto.randomUUID())}, ${quote(user.email)}, ${quote(user.displayName)}, ${quote(passwordHash)}, ` +
      `${quote(JSON.stringify(user.roles))}, ${now}, ${now}, ${now}) ON CONFLICT(email) DO NOTHING;`,
  );
}

/** A real-world tree: forward listings on top, services (reverse auctions) below. */
const demoCategories: Array<{ name: string; slug: string; description: string; children: Array<[name: string, slug: string]> }> = [
  { name: "Electronics", slug: "electronics", description: "Phones, computers, cameras and audio.", children: [["Phones", "phones"], ["Computers", "computers"], ["Cameras", "cameras"], ["Audio", "audio"]] },
  { name: "Jewellery", slug: "jewellery", description: "Rings, necklaces, bracelets and earrings.", children: [["Rings", "rings"], ["Necklaces", "necklaces"]] },
  { name: "Watches", slug: "watches", description: "Wristwatches and pocket watches.", children: [["Wristwatches", "wristwatches"], ["Pocket watches", "pocket-watches"]] },
  { name: "Vehicles", slug: "vehicles", description: "Cars, motorcycles and bicycles.", children: [["Cars", "cars"], ["Motorcycles", "motorcycles"], ["Bicycles", "bicycles"]] },
  { name: "Art", slug: "art", description: "Original works and prints.", children: [["Paintings", "paintings"], ["Prints", "prints"], ["Sculpture", "sculpture"]] },
  { name: "Collectibles", slug: "collectibles", description: "Coins, stamps, cards and memorabilia.", children: [["Coins", "coins"], ["Stamps", "stamps"], ["Trading cards", "trading-cards"]] },
  { name: "Home & garden", slug: "home-garden", description: "Furniture, lighting and tools.", children: [["Furniture", "furniture"], ["Lighting", "lighting"], ["Tools", "tools"]] },
  { name: "Home services", slug: "home-services", description: "Tradespeople bid for your job.", children: [["Plumbing", "plumbing"], ["Cleaning", "cleaning"], ["Electrical", "electrical"], ["Painting & decorating", "painting-decorating"], ["Gardening", "gardening"]] },
  { name: "Professional services", slug: "professional-services", description: "Freelancers bid for your project.", children: [["Web development", "web-development"], ["Design", "design"], ["Translation", "translation"]] },
];

/** Children find their parent by slug, so re-running skips what exists and keeps the ids already given out. */
async function categoriesSql(now: number): Promise<string[]> {
  return demoCategories.flatMap((category) => {
    const id = crypto.randomUUID();
    return [
      `INSERT INTO categories (id, parent_id, slug, name, description, path, path_names, created_at, updated_at) ` +
        `VALUES (${quote(id)}, NULL, ${quote(category.slug)}, ${quote(category.name)}, ${quote(category.description)}, ` +
        `${quote(`/${id}/`)}, ${quote(category.name)}, ${now}, ${now}) ON CONFLICT(slug) DO NOTHING;`,
      ...category.children.map(([name, slug]) => {
        const childId = crypto.randomUUID();
        return (
          `INSERT INTO categories (id, parent_id, slug, name, description, path, path_names, created_at, updated_at) ` +
          `SELECT ${quote(childId)}, parent.id, ${quote(slug)}, ${quote(name)}, '', parent.path || ${quote(`${childId}/`)}, ` +
          `parent.path_names || ' / ' || ${quote(name)}, ${now}, ${now} FROM categories parent WHERE parent.slug = ${quote(category.slug)} ` +
          `ON CONFLICT(slug) DO NOTHING;`
        );
      }),
    ];
  });
}

/** Auctions need their rooms, so they are created through the API once it runs (scripts/seed-auctions.mjs). */
const steps: Array<(now: number) => Promise<string[]>> = [usersSql, categoriesSql];

const now = Date.now();
const statements: string[] = [];
for (const step of steps) statements.push(...(await step(now)));
process.stdout.write(`${statements.join("\n")}\n`);
