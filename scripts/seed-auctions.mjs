// Demo auctions, created through the running API so every one has its room:
// live ones with bids, one scheduled, one that ends a minute after seeding,
// service requests with offers, photos on each listing. Skipped when the API
// finds any published auction, so `npm run dev` can call it on every start.
import { deflateSync } from "node:zlib";
import jpeg from "jpeg-js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** The demo picture's colour at (x, y): a diagonal two-colour gradient with soft stripes, different per listing. */
function demoPixel([r1, g1, b1], [r2, g2, b2], x, y, width, height) {
  const t = (x / width + y / height) / 2;
  const stripe = 0.92 + 0.08 * Math.sin(((x + y) * 960) / width / 24);
  return [Math.round((r1 + (r2 - r1) * t) * stripe), Math.round((g1 + (g2 - g1) * t) * stripe), Math.round((b1 + (b2 - b1) * t) * stripe)];
}

/** A real, decodable PNG of the demo picture. */
function demoPhoto(from, to, width = 960, height = 720) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x += 1) raw.set(demoPixel(from, to, x, y, width, height), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** The same picture 480 px wide as a JPEG: the thumbnail the site's browser would have made at upload. */
function demoThumbnail(from, to, width = 480, height = 360) {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 4;
      data.set(demoPixel(from, to, x, y, width, height), offset);
      data[offset + 3] = 255;
    }
  }
  return jpeg.encode({ data, width, height }, 75).data;
}

async function api(baseUrl, path, { token, body, raw, rawType = "image/png", method, idempotent } = {}) {
  const headers = {};
  if (idempotent) headers["idempotency-key"] = crypto.randomUUID();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  if (raw !== undefined) headers["content-type"] = rawType;
  const response = await fetch(`${baseUrl}${path}`, { method: method ?? (body !== undefined || raw !== undefined ? "POST" : "GET"), headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method ?? "POST"} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const listings = [
  {
    category: "wristwatches", title: "Omega Seamaster 300 (1967), serviced", condition: "good", location: "Geneva, CH", startingPrice: 250_000, currency: "CHF",
    description: "Reference 165.024 with calibre 552 automatic movement. Serviced in 2025, keeps +4 s/day. Original bezel insert with honest fading, signed crown, later bracelet. Comes with service papers.",
    colours: [[20, 40, 70], [160, 170, 180]], endsIn: 3 * DAY, bids: [["bidder1", 250_000], ["bidder2", 270_000], ["bidder1", 300_000]], reservePrice: 280_000,
  },
  {
    category: "cameras", title: "Leica M6 with Summicron 50mm f/2", condition: "like_new", location: "Berlin, DE", startingPrice: 180_000, currency: "EUR",
    description: "Black chrome M6 (0.72 finder), meter accurate, shutter speeds tested. Summicron 50mm v5 with clean glass, no haze or fungus. Includes original box, strap and a roll of Portra 400.",
    colours: [[30, 30, 30], [200, 180, 140]], endsIn: 2 * DAY, bids: [["bidder2", 180_000], ["bidder1", 195_000]], buyNowPrice: 320_000,
  },
  {
    category: "furniture", title: "Mid-century teak sideboard, 1962", condition: "good", location: "Copenhagen, DK", startingPrice: 60_000, currency: "EUR",
    description: "Danish teak sideboard with sliding tambour doors and four drawers. Light surface marks on the top, drawers run smoothly. 200 × 45 × 80 cm. Collection only, or arrange your own courier.",
    colours: [[120, 70, 30], [220, 170, 110]], endsIn: 5 * DAY, bids: [], reservePrice: 90_000, buyNowPrice: 150_000,
  },
  {
    category: "paintings", title: "Original oil painting: harbour at dusk", condition: "new", location: "St Ives, UK", startingPrice: 40_000, currency: "GBP",
    description: "Oil on linen, 60 × 80 cm, signed and dated on the reverse. Painted from life on the west pier; warm evening light over moored fishing boats. Framed in oak, ready to hang.",
    colours: [[40, 60, 110], [240, 150, 80]], startsIn: 2 * HOUR, endsIn: 4 * DAY, bids: [],
  },
  {
    category: "coins", title: "1978 Krugerrand, 1 oz fine gold", condition: "good", location: "London, UK", startingPrice: 150_000, currency: "GBP",
    description: "South African Krugerrand from 1978, one troy ounce of fine gold. Light handling marks consistent with age. Ships insured and tracked. This demo auction ends about a minute after seeding.",
    colours: [[150, 110, 20], [250, 220, 120]], endsIn: 70_000, softCloseMinutes: 0, bids: [["bidder2", 150_000], ["bidder1", 160_000]],
  },
  {
    category: "bicycles", title: "Steel road bike, Columbus SL tubing, 56 cm", condition: "fair", location: "Milan, IT", startingPrice: 35_000, currency: "EUR",
    description: "Hand-built Italian steel frame from the 1980s with Campagnolo Nuovo Record groupset. New tyres and bar tape; paint has chips on the top tube. Rides beautifully, a great restoration base.",
    colours: [[180, 30, 40], [240, 240, 235]], endsIn: 1 * DAY, bids: [["bidder1", 35_000]],
  },
];

const serviceRequests = [
  {
    requester: "bidder1", category: "plumbing", title: "Replace a leaking bathroom mixer tap", location: "Leeds, UK", currency: "GBP", budgetMin: 8_000, budgetMax: 20_000,
    description: "The mixer tap in our upstairs bathroom drips constantly and the handle is stiff. Looking for a plumber to supply and fit a new one (we can choose together) and take the old one away.",
    requirements: "Gas Safe not needed; public liability insurance please. Weekday mornings preferred.",
    endsIn: 2 * DAY, offers: [["seller", 15_000, "Supply and fit a Grohe mixer, remove the old tap", "2 hours"]],
  },
  {
    requester: "bidder2", category: "translation", title: "Translate a small shop website into German", location: "Remote", currency: "EUR", budgetMin: 30_000, budgetMax: 80_000,
    description: "About 4,000 words across 12 pages (product descriptions, shipping, returns, about us). Native German speaker wanted; the tone is friendly and informal. Delivery as a spreadsheet is fine.",
    requirements: "Native German. Examples of previous e-commerce work.",
    endsIn: 3 * DAY, offers: [],
  },
];

/**
 * `openSessions(emails)` gives an access token per demo account (see dev.mjs: sessions written
 * to D1 rather than logins, which are rate-limited per IP and would eat the browser tests'
 * budget); every session is ended once the auctions are in.
 */
export async function seedDemoAuctions(baseUrl, openSessions) {
  const existing = await api(baseUrl, "/api/auctions?status=all&limit=1");
  if (existing.total > 0) return 0;
  const tokens = await openSessions(["seller", "bidder1", "bidder2"].map((name) => `${name}@gavel.test`));
  try {
    return await createDemoAuctions(baseUrl, {
      seller: tokens["seller@gavel.test"],
      bidder1: tokens["bidder1@gavel.test"],
      bidder2: tokens["bidder2@gavel.test"],
    });
  } finally {
    for (const token of Object.values(tokens)) await api(baseUrl, "/api/auth/logout", { token, method: "POST" });
  }
}

async function createDemoAuctions(baseUrl, tokens) {
  const { items: categories } = await api(baseUrl, "/api/categories");
  const categoryId = (slug) => categories.find((category) => category.slug === slug).id;
  const now = Date.now();
  let created = 0;

  for (const listing of listings) {
    const photos = [];
    for (const colours of [listing.colours, [...listing.colours].reverse()]) {
      const photo = await api(baseUrl, "/api/images", { token: tokens.seller, raw: demoPhoto(colours[0], colours[1]) });
      await api(baseUrl, `/api/images/${photo.id}/thumbnail`, { token: tokens.seller, raw: demoThumbnail(colours[0], colours[1]), rawType: "image/jpeg", method: "PUT" });
      photos.push(photo.id);
    }
    const startsAt = now + (listing.startsIn ?? 0);
    const auction = await api(baseUrl, "/api/auctions", {
      token: tokens.seller,
      body: {
        format: "forward", title: listing.title, description: listing.description, categoryId: categoryId(listing.category), condition: listing.condition,
        location: listing.location, currency: listing.currency, startingPrice: listing.startingPrice, increment: { kind: "table", bands: [{ from: 0, increment: 500 }, { from: 100_000, increment: 2_500 }] },
        reservePrice: listing.reservePrice ?? null, buyNowPrice: listing.buyNowPrice ?? null, softCloseMinutes: listing.softCloseMinutes ?? 2,
        startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + listing.endsIn).toISOString(), imageIds: photos, publish: true,
      },
    });
    for (const [bidder, amount] of listing.bids) {
      await api(baseUrl, `/api/auctions/${auction.id}/bids`, { token: tokens[bidder], body: { amount }, idempotent: true });
    }
    created += 1;
  }

  for (const request of serviceRequests) {
    const auction = await api(baseUrl, "/api/auctions", {
      token: tokens[request.requester],
      body: {
        format: "reverse", title: request.title, description: request.description, categoryId: categoryId(request.category), location: request.location,
        currency: request.currency, budgetMin: request.budgetMin, budgetMax: request.budgetMax, requirements: request.requirements,
        deadline: new Date(now + request.endsIn + 14 * DAY).toISOString(), startsAt: new Date(now).toISOString(), endsAt: new Date(now + request.endsIn).toISOString(), publish: true,
      },
    });
    for (const [provider, amount, description, estimatedDuration] of request.offers) {
      await api(baseUrl, `/api/auctions/${auction.id}/bids`, { token: tokens[provider], body: { amount, details: { description, estimatedDuration } }, idempotent: true });
    }
    created += 1;
  }
  return created;
}
