/**
 * The category tree every Gavel site starts with: forward listings on top,
 * services (reverse auctions) below. Idempotent SQL keyed on the slug, used by
 * the demo seed and by `npm run seed:categories` (local or remote).
 */
export const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

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
export async function categoriesSql(now: number): Promise<string[]> {
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

