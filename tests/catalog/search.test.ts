import { describe, expect, it } from "vitest";
import type { AuctionPage, CategoryTree } from "../../schema";
import { bidOver, createAuction, flushSummary, verifiedAccount } from "../auction-helpers";
import { call, expectError, type Account } from "../helpers";

/** A fresh category subtree per test, so parallel tests never see each other's listings. */
async function subtree(): Promise<{ parent: string; child: string; parentSlug: string; childSlug: string }> {
  const admin = await verifiedAccount(["admin"]);
  const tag = crypto.randomUUID().slice(0, 8);
  const make = async (name: string, parentId: string | null) => {
    const response = await call("/api/admin/categories", { method: "POST", token: admin.auth.accessToken, body: { name, parentId } });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; slug: string };
  };
  const parent = await make(`Watches ${tag}`, null);
  const child = await make(`Chronographs ${tag}`, parent.id);
  return { parent: parent.id, child: child.id, parentSlug: parent.slug, childSlug: child.slug };
}

async function search(query: string): Promise<AuctionPage> {
  const response = await call(`/api/auctions?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as AuctionPage;
}

function list(seller: Account, title: string, description: string, categoryId: string, extra: Record<string, unknown> = {}) {
  return createAuction(seller, { title, description, categoryId, ...extra });
}

describe("full-text search", () => {
  it("finds words in titles, descriptions and category names, titles first", async () => {
    const seller = await verifiedAccount(["seller"]);
    const { child, childSlug } = await subtree();
    const word = `zq${crypto.randomUUID().slice(0, 6)}`;
    const inDescription = await list(seller, "Plain steel watch", `A ${word} dial in very good condition, with papers.`, child);
    const inTitle = await list(seller, `Rare ${word} chronograph`, "Serviced movement, strong lume, no box or papers.", child);
    const found = await search(`q=${word}`);
    expect(found.items.map((item) => item.id)).toEqual([inTitle.id, inDescription.id]);
    expect(found.total).toBe(2);

    expect((await search(`q=${word.slice(0, 5)}`)).items.map((item) => item.id)).toContain(inTitle.id);
    expect((await search(`q=${word}+dials`)).items.map((item) => item.id)).toEqual([inDescription.id]);
    const byCategoryName = await search(`q=${encodeURIComponent(childSlug.split("-")[1]!)}+chronographs`);
    expect(byCategoryName.items.map((item) => item.id)).toEqual(expect.arrayContaining([inTitle.id, inDescription.id]));
  });

  it("treats query syntax as plain words", async () => {
    for (const q of ['"unbalanced', "title:foo OR", "NEAR(a b)", "*", "-", "a AND", "'); DROP TABLE auctions; --"]) {
      const response = await call(`/api/auctions?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
    }
  });

  it("follows renames of the category in the index", async () => {
    const seller = await verifiedAccount(["seller"]);
    const admin = await verifiedAccount(["admin"]);
    const { parent, child } = await subtree();
    const auction = await list(seller, "Steel diver", "Two-tone bezel, recently pressure tested.", child);
    const word = `ren${crypto.randomUUID().slice(0, 6)}`;
    const renamed = await call(`/api/admin/categories/${parent}`, { method: "PATCH", token: admin.auth.accessToken, body: { name: `Timepieces ${word}` } });
    expect(renamed.status).toBe(200);
    expect((await search(`q=${word}`)).items.map((item) => item.id)).toEqual([auction.id]);
  });
});

describe("filters and sorting", () => {
  it("combines category (with descendants), price, format, location and text", async () => {
    const seller = await verifiedAccount(["seller"]);
    const { parent, child, parentSlug, childSlug } = await subtree();
    const word = `flt${crypto.randomUUID().slice(0, 6)}`;
    const cheap = await list(seller, `Cheap ${word} watch`, "Quartz movement, new battery fitted last week.", child, { startingPrice: 2_000, location: "Geneva" });
    const dear = await list(seller, `Dear ${word} watch`, "Automatic movement, full set with box and papers.", parent, { startingPrice: 90_000, location: "Berlin" });
    expect((await search(`category=${parentSlug}`)).items.map((item) => item.id).sort()).toEqual([cheap.id, dear.id].sort());
    expect((await search(`category=${childSlug}`)).items.map((item) => item.id)).toEqual([cheap.id]);
    expect((await search(`q=${word}&minPrice=10000`)).items.map((item) => item.id)).toEqual([dear.id]);
    expect((await search(`q=${word}&maxPrice=10000&category=${parentSlug}`)).items.map((item) => item.id)).toEqual([cheap.id]);
    expect((await search(`q=${word}&location=gene`)).items.map((item) => item.id)).toEqual([cheap.id]);
    expect((await search(`q=${word}&format=reverse`)).total).toBe(0);
    expect((await search("category=no-such-category")).total).toBe(0);
    await expectError(await call("/api/auctions?minPrice=5&maxPrice=1"), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/auctions?sort=cheapest"), 400, "VALIDATION_FAILED");
  });

  it("filters by price on the current price once there are bids", async () => {
    const seller = await verifiedAccount(["seller"]);
    const { child, childSlug } = await subtree();
    const auction = await list(seller, "Bid-on watch", "Gold case, leather strap, runs five seconds fast.", child, { startingPrice: 1_000 });
    expect((await bidOver(auction.id, await verifiedAccount(), { amount: 45_000 })).status).toBe(201);
    expect((await bidOver(auction.id, await verifiedAccount(), { amount: 50_000 })).status).toBe(201);
    await flushSummary(auction.id);
    expect((await search(`category=${childSlug}&minPrice=40000`)).items.map((item) => item.id)).toEqual([auction.id]);
    expect((await search(`category=${childSlug}&sort=bids`)).items[0]).toMatchObject({ id: auction.id, price: 45_100 });
  });

  it("sorts by price, ending time and newest", async () => {
    const seller = await verifiedAccount(["seller"]);
    const { child, childSlug } = await subtree();
    const hour = 3_600_000;
    const a = await list(seller, "Watch A listed", "First listed, ends last, middle price.", child, { startingPrice: 5_000, endsAt: new Date(Date.now() + 3 * hour).toISOString() });
    const b = await list(seller, "Watch B listed", "Second listed, ends first, lowest price.", child, { startingPrice: 1_000, endsAt: new Date(Date.now() + hour).toISOString() });
    const c = await list(seller, "Watch C listed", "Third listed, ends second, highest price.", child, { startingPrice: 9_000, endsAt: new Date(Date.now() + 2 * hour).toISOString() });
    const ids = async (sort: string) => (await search(`category=${childSlug}&sort=${sort}`)).items.map((item) => item.id);
    expect(await ids("price_asc")).toEqual([b.id, a.id, c.id]);
    expect(await ids("price_desc")).toEqual([c.id, a.id, b.id]);
    expect(await ids("ending")).toEqual([b.id, c.id, a.id]);
    expect((await ids("newest")).at(-1)).toBe(a.id);
  });
});

describe("cursor pagination", () => {
  it("has no duplicates or gaps while new listings are inserted between pages", async () => {
    const seller = await verifiedAccount(["seller"]);
    const { child, childSlug } = await subtree();
    const originals: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      originals.push((await list(seller, `Paged watch ${index}`, "One of several listings for the pagination test.", child)).id);
    }
    for (const sort of ["newest", "ending", "price_asc"]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: AuctionPage = await search(`category=${childSlug}&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...page.items.map((item) => item.id));
        // A listing appears mid-walk: it may or may not show up, but nothing may repeat or go missing.
        await list(seller, `Inserted during ${sort}`, "Listed while someone pages through the results.", child);
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(originals));
    }
  });

  it("refuses cursors it did not issue, or issued for another sort", async () => {
    await expectError(await call("/api/auctions?cursor=bm9wZQ"), 400, "VALIDATION_FAILED");
    const page = await search("sort=newest&limit=1&status=all");
    if (page.nextCursor) await expectError(await call(`/api/auctions?sort=ending&cursor=${page.nextCursor}`), 400, "VALIDATION_FAILED");
  });
});

describe("categories", () => {
  it("serves the tree in pre-order with subtree counts", async () => {
    const seller = await verifiedAccount(["seller"]);
    const { parent, child } = await subtree();
    await list(seller, "Counted watch", "A listing that the category counts include.", child);
    const tree = (await (await call("/api/categories")).json()) as CategoryTree;
    const parentIndex = tree.items.findIndex((item) => item.id === parent);
    expect(tree.items[parentIndex]).toMatchObject({ depth: 0, auctionCount: 1 });
    expect(tree.items[parentIndex + 1]).toMatchObject({ id: child, parentId: parent, depth: 1, auctionCount: 1 });
  });

  it("refuses to delete a category in use or with children, and moves subtrees", async () => {
    const admin = await verifiedAccount(["admin"]);
    const seller = await verifiedAccount(["seller"]);
    const { parent, child } = await subtree();
    await list(seller, "Blocking watch", "This listing keeps its category from being deleted.", child);
    const remove = (id: string) => call(`/api/admin/categories/${id}`, { method: "DELETE", token: admin.auth.accessToken });
    await expectError(await remove(child), 409, "CATEGORY_IN_USE");
    await expectError(await remove(parent), 409, "CATEGORY_HAS_CHILDREN");
    const move = (id: string, parentId: string | null) => call(`/api/admin/categories/${id}`, { method: "PATCH", token: admin.auth.accessToken, body: { parentId } });
    await expectError(await move(parent, child), 422, "RULE_VIOLATION");
    expect((await move(child, null)).status).toBe(200);
    expect((await remove(parent)).status).toBe(204);
    await expectError(await call("/api/admin/categories", { method: "POST", token: seller.auth.accessToken, body: { name: "Nope" } }), 403, "FORBIDDEN");
  });

  it("refuses a duplicate slug", async () => {
    const admin = await verifiedAccount(["admin"]);
    const slug = `dup-${crypto.randomUUID().slice(0, 8)}`;
    const create = () => call("/api/admin/categories", { method: "POST", token: admin.auth.accessToken, body: { name: "Duplicate", slug } });
    expect((await create()).status).toBe(201);
    await expectError(await create(), 409, "SLUG_TAKEN");
  });
});
