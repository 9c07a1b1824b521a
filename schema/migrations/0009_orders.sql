CREATE TABLE `email_changes` (
	`user_id` text PRIMARY KEY NOT NULL,
	`new_email` text NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `feedback` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`author_id` text NOT NULL,
	`subject_id` text NOT NULL,
	`subject_role` text NOT NULL,
	`rating` text NOT NULL,
	`comment` text NOT NULL,
	`reply` text,
	`replied_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subject_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_order_author_key` ON `feedback` (`order_id`,`author_id`);--> statement-breakpoint
CREATE INDEX `feedback_subject_idx` ON `feedback` (`subject_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `order_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_messages_order_idx` ON `order_messages` (`order_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`auction_id` text NOT NULL,
	`source` text NOT NULL,
	`buyer_id` text NOT NULL,
	`seller_id` text NOT NULL,
	`currency` text NOT NULL,
	`price` integer NOT NULL,
	`status` text NOT NULL,
	`tracking_note` text,
	`payment_due_at` integer NOT NULL,
	`paid_at` integer,
	`shipped_at` integer,
	`received_at` integer,
	`completed_at` integer,
	`unpaid_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`auction_id`) REFERENCES `auctions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_auction_source_key` ON `orders` (`auction_id`,`source`);--> statement-breakpoint
CREATE INDEX `orders_buyer_idx` ON `orders` (`buyer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_seller_idx` ON `orders` (`seller_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `second_chance_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`unpaid_order_id` text NOT NULL,
	`auction_id` text NOT NULL,
	`buyer_id` text NOT NULL,
	`seller_id` text NOT NULL,
	`currency` text NOT NULL,
	`price` integer NOT NULL,
	`status` text NOT NULL,
	`expires_at` integer NOT NULL,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`unpaid_order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`auction_id`) REFERENCES `auctions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `second_chance_offers_order_key` ON `second_chance_offers` (`unpaid_order_id`);--> statement-breakpoint
CREATE INDEX `second_chance_offers_buyer_idx` ON `second_chance_offers` (`buyer_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `auctions` ADD `relisted_from_id` text REFERENCES auctions(id);--> statement-breakpoint
ALTER TABLE `auctions` ADD `auto_relist` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `auctions` ADD `auto_second_chance` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `auctions_relisted_from_key` ON `auctions` (`relisted_from_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `deleted_at` integer;