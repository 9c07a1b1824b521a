CREATE TABLE `auction_bidders` (
	`auction_id` text NOT NULL,
	`user_id` text NOT NULL,
	`bid_count` integer NOT NULL,
	`highest_shown` integer NOT NULL,
	`last_seq` integer NOT NULL,
	PRIMARY KEY(`auction_id`, `user_id`),
	FOREIGN KEY (`auction_id`) REFERENCES `auctions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `auction_bidders_user_idx` ON `auction_bidders` (`user_id`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` text PRIMARY KEY NOT NULL,
	`parent_id` text,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`path` text NOT NULL,
	`path_names` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_slug_unique` ON `categories` (`slug`);--> statement-breakpoint
CREATE INDEX `categories_parent_idx` ON `categories` (`parent_id`);--> statement-breakpoint
CREATE INDEX `categories_path_idx` ON `categories` (`path`);--> statement-breakpoint
CREATE TABLE `images` (
	`id` text PRIMARY KEY NOT NULL,
	`object_key` text NOT NULL,
	`owner_id` text NOT NULL,
	`auction_id` text,
	`position` integer DEFAULT 0 NOT NULL,
	`content_type` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`auction_id`) REFERENCES `auctions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `images_object_key_unique` ON `images` (`object_key`);--> statement-breakpoint
CREATE INDEX `images_auction_idx` ON `images` (`auction_id`,`position`);--> statement-breakpoint
CREATE INDEX `images_owner_idx` ON `images` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `watches` (
	`user_id` text NOT NULL,
	`auction_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `auction_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`auction_id`) REFERENCES `auctions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `watches_auction_idx` ON `watches` (`auction_id`);--> statement-breakpoint
ALTER TABLE `auctions` ADD `description` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `auctions` ADD `category_id` text REFERENCES categories(id);--> statement-breakpoint
ALTER TABLE `auctions` ADD `condition` text;--> statement-breakpoint
ALTER TABLE `auctions` ADD `location` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `auctions` ADD `requirements` text;--> statement-breakpoint
ALTER TABLE `auctions` ADD `budget_min` integer;--> statement-breakpoint
ALTER TABLE `auctions` ADD `deadline` integer;--> statement-breakpoint
ALTER TABLE `auctions` ADD `watch_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `auctions` ADD `featured_at` integer;--> statement-breakpoint
ALTER TABLE `auctions` ADD `cancel_reason` text;--> statement-breakpoint
ALTER TABLE `auctions` ADD `published_at` integer;--> statement-breakpoint
CREATE INDEX `auctions_category_idx` ON `auctions` (`category_id`);--> statement-breakpoint
CREATE INDEX `auctions_published_idx` ON `auctions` (`published_at`);