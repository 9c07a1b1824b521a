CREATE TABLE `auction_results` (
	`auction_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`winner_id` text,
	`final_price` integer,
	`bid_count` integer NOT NULL,
	`reserve_met` integer NOT NULL,
	`settled_at` integer NOT NULL,
	FOREIGN KEY (`auction_id`) REFERENCES `auctions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`winner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `auctions` (
	`id` text PRIMARY KEY NOT NULL,
	`seller_id` text NOT NULL,
	`title` text NOT NULL,
	`format` text NOT NULL,
	`currency` text NOT NULL,
	`starting_price` integer NOT NULL,
	`increment` text NOT NULL,
	`reserve_price` integer,
	`buy_now_price` integer,
	`bid_cap_per_bidder` integer,
	`soft_close_ms` integer NOT NULL,
	`hard_close_at` integer,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text NOT NULL,
	`current_price` integer,
	`bid_count` integer DEFAULT 0 NOT NULL,
	`summary_seq` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`seller_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `auctions_status_ends_idx` ON `auctions` (`status`,`ends_at`);--> statement-breakpoint
CREATE INDEX `auctions_seller_idx` ON `auctions` (`seller_id`);