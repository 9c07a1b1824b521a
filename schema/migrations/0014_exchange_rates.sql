-- Daily exchange rates an operator loads (npm run rates:update or /admin/rates),
-- read for approximate prices in the viewer's display currency and for the
-- search price filter. A rate is a decimal string: no float enters money math.
CREATE TABLE `exchange_rates` (
	`base` text NOT NULL,
	`quote` text NOT NULL,
	`rate_date` text NOT NULL,
	`rate` text NOT NULL,
	`source` text NOT NULL,
	`loaded_by` text,
	`loaded_at` integer NOT NULL,
	PRIMARY KEY(`base`, `quote`, `rate_date`)
);
--> statement-breakpoint
-- The search price filter reads which currencies auctions are listed in.
CREATE INDEX `auctions_currency_idx` ON `auctions` (`currency`);
