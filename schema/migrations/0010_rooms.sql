CREATE TABLE `notification_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`outbid_mail_window_minutes` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `notifications` ADD `repeat_count` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `notifications` ADD `last_seq` integer DEFAULT 0 NOT NULL;