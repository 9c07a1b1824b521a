import { z } from "zod";
import type { AuctionPage, AuctionSummary, SearchQuery, SearchSort } from "../../schema/api/catalog";
import type { AuctionFormat, AuctionStatus } from "../../schema/api/auctions";
import type { ItemCondition } from "../../schema/api/catalog";
import { ApiError } from "../lib/errors";
import { MIN_CORRECTED_LENGTH, inColumn, isOneEditApart, searchTerms, toFtsQuery } from "../catalog/search-terms";
import { imageUrl } from "./images";
import { utcDate } from "../../schema/api/exchange-rates";
import { convertMinor, crossRate } from "../../schema/exchange-rates";
import { MAX_AMOUNT_MINOR } from "../../schema/money";
import { database } from "./client";
import { currentRates } from "./exchange-rates";

/** Which auctions a list draws from before the filters apply. */
export type SearchScope =
  | { kind: "public" }
  | { kind: "selling"; userId: string }
  | { kind: "watching"; userId: string }
  | { kind: "participating"; userId: string }
  | { kind: "won"; userId: string }
  | { kind: "member"; userId: string };

type Direction = "ASC" | "DESC";

/**
 * Every sort ends with the id, so the order is total and a keyset cursor
 * (the last row's sort values) resumes exactly after it: rows inserted
 * meanwhile are neither repeated nor skipped.
 */
const SORT_KEYS: Record<SearchSort, Array<[column: string, direction: Direction]>> = {
  relevance: [["rank", "ASC"], ["ends_at", "ASC"], ["id", "ASC"]],
  ending: [["ends_at", "ASC"], ["id", "ASC"]],
  newest: [["listed_at", "DESC"], ["id", "DESC"]],
  price_asc: [["price", "ASC"], ["id", "ASC"]],
  price_desc: [["price", "DESC"], ["id", "DESC"]],
  bids: [["bid_count", "DESC"], ["id", "DESC"]],
};

const Cursor = z.object({ s: z.enum(Object.keys(SORT_KEYS) as [SearchSort, ...SearchSort[]]), k: z.array(z.union([z.number(), z.string()])).max(3) });

function encodeCursor(sort: SearchSort, values: Array<number | string>): string {
  return btoa(JSON.stringify({ s: sort, k: values })).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decodeCursor(cursor: string, sort: SearchSort): Array<number | string> {
  try {
    const decoded = Cursor.parse(JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/"))));
    if (decoded.s === sort && decoded.k.length === SORT_KEYS[sort].length) return decoded.k;
  } catch {
    // Reported below like any other cursor this API did not issue for this sort.
  }
  throw new ApiError(400, "VALIDATION_FAILED", "The cursor is not one this API issued for this sort", { fieldErrors: { cursor: ["Invalid cursor"] } });
}

// D1 caps LIKE patterns at 50 bytes, shorter than two category ids: prefixes and substrings use instr().

interface Clause {
  sql: string;
  params: unknown[];
}

function scopeClause(scope: SearchScope): Clause {
  switch (scope.kind) {
    case "public":
      return { sql: "a.status <> 'draft' AND a.hidden_at IS NULL", params: [] };
    case "selling":
      return { sql: "a.seller_id = ?", params: [scope.userId] };
    case "watching":
      return { sql: "a.status <> 'draft' AND a.hidden_at IS NULL AND a.id IN (SELECT auction_id FROM watches WHERE user_id = ?)", params: [scope.userId] };
    case "participating":
      return {
        sql: "a.status <> 'draft' AND a.hidden_at IS NULL AND (a.id IN (SELECT auction_id FROM watches WHERE user_id = ?) OR a.id IN (SELECT auction_id FROM auction_bidders WHERE user_id = ?))",
        params: [scope.userId, scope.userId],
      };
    case "won":
      return { sql: "a.hidden_at IS NULL AND a.id IN (SELECT auction_id FROM auction_results WHERE winner_id = ?)", params: [scope.userId] };
    case "member":
      return { sql: "a.hidden_at IS NULL AND a.seller_id = ? AND a.status <> 'draft'", params: [scope.userId] };
  }
}

/** A price filter in the viewer's currency, as bounds in each listing currency: `{ "CHF": [min, max] }`, null for an open end. */
interface ConvertedBounds {
  bounds: Record<string, [number | null, number | null]>;
  unconverted: string[];
}

/**
 * The viewer's bounds in every currency auctions are listed in: at the current
 * rate where one exists, else as the same amount in that currency (the search
 * page says which). A lower bound beyond the largest amount matches nothing; an
 * upper bound beyond it is no bound.
 */
async function convertedBounds(d1: D1Database, query: SearchQuery, currency: string, now: number): Promise<ConvertedBounds> {
  const [rates, listed] = await Promise.all([
    currentRates(database(d1), utcDate(now)),
    d1.prepare("SELECT DISTINCT currency FROM auctions").all<{ currency: string }>(),
  ]);
  const bounds: ConvertedBounds["bounds"] = {};
  const unconverted: string[] = [];
  for (const { currency: listing } of listed.results) {
    if (!/^[A-Z]{3}$/.test(listing)) continue;
    let ratio = crossRate(rates, currency, listing);
    if (ratio === null) {
      unconverted.push(listing);
      ratio = { numerator: 1n, denominator: 1n };
    }
    const convert = (minor: number) => convertMinor(Math.min(minor, MAX_AMOUNT_MINOR), currency, listing, ratio);
    const min = query.minPrice === undefined ? null : (convert(query.minPrice) ?? MAX_AMOUNT_MINOR + 1);
    const max = query.maxPrice === undefined ? null : convert(query.maxPrice);
    bounds[listing] = [min, max];
  }
  return { bounds, unconverted: unconverted.sort() };
}

function priceClauses(query: SearchQuery, converted: ConvertedBounds | null): Clause[] {
  if (converted !== null) {
    return [
      {
        sql: `EXISTS (SELECT 1 FROM json_each(?) bound WHERE bound.key = a.currency
                AND (json_extract(bound.value, '$[0]') IS NULL OR COALESCE(a.current_price, a.starting_price) >= json_extract(bound.value, '$[0]'))
                AND (json_extract(bound.value, '$[1]') IS NULL OR COALESCE(a.current_price, a.starting_price) <= json_extract(bound.value, '$[1]')))`,
        params: [JSON.stringify(converted.bounds)],
      },
    ];
  }
  const clauses: Clause[] = [];
  if (query.minPrice !== undefined) clauses.push({ sql: "COALESCE(a.current_price, a.starting_price) >= ?", params: [query.minPrice] });
  if (query.maxPrice !== undefined) clauses.push({ sql: "COALESCE(a.current_price, a.starting_price) <= ?", params: [query.maxPrice] });
  return clauses;
}

function filterClauses(
  query: SearchQuery,
  scope: SearchScope,
  categoryPath: string | null,
  ftsQuery: string | null,
  converted: ConvertedBounds | null,
  now: number,
): Clause[] {
  const clauses = [scopeClause(scope)];
  const status = query.status ?? (scope.kind === "public" ? "active" : "all");
  if (status === "active") clauses.push({ sql: "a.status IN ('scheduled', 'live')", params: [] });
  else if (status !== "all") clauses.push({ sql: "a.status = ?", params: [status] });
  if (query.format) clauses.push({ sql: "a.format = ?", params: [query.format] });
  if (categoryPath !== null) {
    clauses.push({ sql: "a.category_id IN (SELECT id FROM categories WHERE instr(path, ?) = 1)", params: [categoryPath] });
  }
  clauses.push(...priceClauses(query, converted));
  if (query.location) clauses.push({ sql: "instr(lower(a.location), lower(?)) > 0", params: [query.location] });
  if (query.endingWithin !== undefined) {
    clauses.push({ sql: "a.ends_at > ? AND a.ends_at <= ?", params: [now, now + query.endingWithin * 60_000] });
  }
  if (ftsQuery !== null) {
    clauses.push({ sql: "a.id IN (SELECT auction_id FROM auction_search WHERE auction_search MATCH ?)", params: [ftsQuery] });
  }
  return clauses;
}

/** (a, b, id) after (x, y, z) in a mixed-direction order, spelt out as ORs. */
function keysetClause(sort: SearchSort, values: Array<number | string>): Clause {
  const keys = SORT_KEYS[sort];
  const alternatives: string[] = [];
  const params: unknown[] = [];
  keys.forEach(([column, direction], index) => {
    const equalities = keys.slice(0, index).map(([previous]) => `m.${previous} = ?`);
    alternatives.push(`(${[...equalities, `m.${column} ${direction === "ASC" ? ">" : "<"} ?`].join(" AND ")})`);
    params.push(...values.slice(0, index), values[index]);
  });
  return { sql: `(${alternatives.join(" OR ")})`, params };
}

interface SummaryRow {
  id: string;
  title: string;
  format: AuctionFormat;
  status: AuctionStatus;
  currency: string;
  price: number;
  current_price: number | null;
  starting_price: number;
  budget_min: number | null;
  bid_count: number;
  watch_count: number;
  starts_at: number;
  ends_at: number;
  location: string;
  condition: ItemCondition | null;
  published_at: number | null;
  listed_at: number;
  rank: number;
  seller_id: string;
  seller_name: string;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
  image_id: string | null;
  image_key: string | null;
  image_type: string | null;
  image_width: number | null;
  image_height: number | null;
  image_bytes: number | null;
  result_winner_id: string | null;
  result_final_price: number | null;
  result_reserve_met: number | null;
  thumb_key: string | null;
  thumb_width: number | null;
  thumb_height: number | null;
  thumb_bytes: number | null;
  result_settled_at: number | null;
  your_bid_count: number | null;
  your_highest: number | null;
}

function toSummary(row: SummaryRow): AuctionSummary {
  return {
    id: row.id,
    title: row.title,
    format: row.format,
    status: row.status,
    currency: row.currency,
    price: row.price,
    currentPrice: row.current_price,
    startingPrice: row.starting_price,
    budgetMin: row.budget_min,
    bidCount: row.bid_count,
    watchCount: row.watch_count,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    location: row.location,
    condition: row.condition,
    category: row.category_id === null ? null : { id: row.category_id, slug: row.category_slug!, name: row.category_name! },
    image:
      row.image_id === null
        ? null
        : {
            id: row.image_id,
            url: imageUrl(row.image_key!),
            contentType: row.image_type!,
            width: row.image_width!,
            height: row.image_height!,
            bytes: row.image_bytes!,
            thumbnail: row.thumb_key === null ? null : { url: imageUrl(row.thumb_key), width: row.thumb_width!, height: row.thumb_height!, bytes: row.thumb_bytes! },
          },
    seller: { id: row.seller_id, displayName: row.seller_name },
    publishedAt: row.published_at,
    result:
      row.result_settled_at === null
        ? null
        : { sold: row.result_winner_id !== null, finalPrice: row.result_final_price, reserveMet: row.result_reserve_met === 1 },
    yourBids: row.your_bid_count === null ? null : { count: row.your_bid_count, highest: row.your_highest! },
  };
}

const SELECT_SUMMARY = `
  SELECT m.*, u.display_name AS seller_name, c.slug AS category_slug, c.name AS category_name,
         i.id AS image_id, i.object_key AS image_key, i.content_type AS image_type,
         i.width AS image_width, i.height AS image_height, i.bytes AS image_bytes,
         i.thumb_key, i.thumb_width, i.thumb_height, i.thumb_bytes,
         r.winner_id AS result_winner_id, r.final_price AS result_final_price, r.reserve_met AS result_reserve_met,
         r.settled_at AS result_settled_at, ab.bid_count AS your_bid_count, ab.highest_shown AS your_highest
  FROM matched m
  JOIN users u ON u.id = m.seller_id
  LEFT JOIN categories c ON c.id = m.category_id
  LEFT JOIN auction_results r ON r.auction_id = m.id
  LEFT JOIN auction_bidders ab ON ab.auction_id = m.id AND ab.user_id = ?
  LEFT JOIN images i ON i.id = (SELECT id FROM images WHERE auction_id = m.id ORDER BY position, created_at LIMIT 1)`;

const MATCHED_COLUMNS = `a.id, a.title, a.format, a.status, a.currency, a.current_price, a.starting_price, a.budget_min,
  a.bid_count, a.watch_count, a.starts_at, a.ends_at, a.location, a.condition, a.published_at, a.seller_id, a.category_id,
  COALESCE(a.current_price, a.starting_price) AS price, COALESCE(a.published_at, a.created_at) AS listed_at`;

/** Whose bids the rows report: the signed-in user of a "my …" list, nobody on public lists. */
function viewerOf(scope: SearchScope): string | null {
  return scope.kind === "public" ? null : scope.userId;
}

/** Vocabulary words read per typed word: enough for a large catalogue's words starting with two letters. */
const CANDIDATE_LIMIT = 5000;
/** Corrections kept per word, most frequent first. */
const MAX_CORRECTIONS = 3;

/**
 * For each typed word the index doesn't know (no indexed word starts with
 * it), the indexed words one typo away. Candidates share the first or the
 * second letter (a swap of the first two keeps one of them) and are read by
 * range from the index's vocabulary (`auction_search_terms`, fts5vocab).
 */
async function typoCorrections(d1: D1Database, words: string[]): Promise<Map<string, string[]>> {
  const corrections = new Map<string, string[]>();
  for (const word of words) {
    if (word.length < MIN_CORRECTED_LENGTH || !/^[\p{Ll}\p{N}]+$/u.test(word)) continue;
    const known = await d1.prepare("SELECT 1 FROM auction_search_terms WHERE term >= ? AND term < ? LIMIT 1").bind(word, `${word}\u{10FFFF}`).first();
    if (known) continue;
    const starts = [...new Set([word[0]!, word[1]!])];
    const candidates: Array<{ term: string; doc: number }> = [];
    for (const letter of starts) {
      const { results } = await d1
        .prepare("SELECT term, doc FROM auction_search_terms WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ? LIMIT ?")
        .bind(letter, `${letter}\u{10FFFF}`, word.length - 1, word.length + 1, CANDIDATE_LIMIT)
        .all<{ term: string; doc: number }>();
      candidates.push(...results);
    }
    const near = candidates.filter((candidate) => isOneEditApart(word, candidate.term)).sort((a, b) => b.doc - a.doc);
    if (near.length > 0) corrections.set(word, [...new Set(near.map((candidate) => candidate.term))].slice(0, MAX_CORRECTIONS));
  }
  return corrections;
}

/** Search, browse and every "my …" list: one query shape, filtered, sorted and keyset-paginated. */
export async function searchAuctions(d1: D1Database, query: SearchQuery, scope: SearchScope, now: number): Promise<AuctionPage> {
  const ftsQuery = query.q ? toFtsQuery(query.q, await typoCorrections(d1, searchTerms(query.q))) : null;
  const sort = query.sort ?? (ftsQuery !== null ? "relevance" : "ending");
  let categoryPath: string | null = null;
  if (query.category) {
    const category = await d1.prepare("SELECT path FROM categories WHERE slug = ?").bind(query.category).first<{ path: string }>();
    if (!category) return { items: [], nextCursor: null, total: 0 };
    categoryPath = category.path;
  }
  const priced = query.priceCurrency !== undefined && (query.minPrice !== undefined || query.maxPrice !== undefined);
  const converted = priced ? await convertedBounds(d1, query, query.priceCurrency!, now) : null;
  const filters = filterClauses(query, scope, categoryPath, ftsQuery, converted, now);
  const where = filters.map((clause) => clause.sql).join(" AND ");
  const filterParams = filters.flatMap((clause) => clause.params);
  const rank =
    ftsQuery === null
      ? { sql: "0", params: [] }
      : {
          sql: `CASE WHEN a.id IN (SELECT auction_id FROM auction_search WHERE auction_search MATCH ?) THEN 0
                     WHEN a.id IN (SELECT auction_id FROM auction_search WHERE auction_search MATCH ?) THEN 1 ELSE 2 END`,
          params: [inColumn("title", ftsQuery), inColumn("category", ftsQuery)],
        };
  const keyset = query.cursor ? keysetClause(sort, decodeCursor(query.cursor, sort)) : { sql: "1", params: [] };
  const orderBy = SORT_KEYS[sort].map(([column, direction]) => `m.${column} ${direction}`).join(", ");
  const pageSql = `WITH matched AS (SELECT ${MATCHED_COLUMNS}, ${rank.sql} AS rank FROM auctions a WHERE ${where})
    ${SELECT_SUMMARY} WHERE ${keyset.sql}
    ORDER BY ${orderBy} LIMIT ?`;
  const [page, count] = await d1.batch([
    d1.prepare(pageSql).bind(...rank.params, ...filterParams, viewerOf(scope), ...keyset.params, query.limit + 1),
    d1.prepare(`SELECT count(*) AS total FROM auctions a WHERE ${where}`).bind(...filterParams),
  ]);
  const rows = page!.results as unknown as SummaryRow[];
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor(sort, SORT_KEYS[sort].map(([column]) => last[column as keyof SummaryRow] as number | string))
      : null;
  return {
    items: items.map(toSummary),
    nextCursor,
    total: (count!.results[0] as { total: number }).total,
    priceFilter: converted === null ? null : { currency: query.priceCurrency!, unconverted: converted.unconverted },
  };
}

/** Admin-picked auctions that are still open; without any, the most-watched live ones. */
export async function featuredAuctions(d1: D1Database, limit: number): Promise<AuctionSummary[]> {
  const run = async (where: string, orderBy: string) => {
    const { results } = await d1
      .prepare(`WITH matched AS (SELECT ${MATCHED_COLUMNS}, a.featured_at, 0 AS rank FROM auctions a WHERE ${where}) ${SELECT_SUMMARY} ORDER BY ${orderBy} LIMIT ?`)
      .bind(null, limit)
      .all<SummaryRow>();
    return results.map(toSummary);
  };
  const picked = await run("a.featured_at IS NOT NULL AND a.hidden_at IS NULL AND a.status IN ('scheduled', 'live')", "m.featured_at DESC, m.id");
  if (picked.length > 0) return picked;
  return run("a.status = 'live' AND a.hidden_at IS NULL", "m.watch_count DESC, m.bid_count DESC, m.ends_at ASC, m.id");
}
