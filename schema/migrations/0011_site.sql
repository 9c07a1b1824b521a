-- A small copy of each photo (about 480 px wide) that the browser makes at
-- upload, stored beside the photo in R2, for lists, cards and gallery strips.
ALTER TABLE `images` ADD `thumb_key` text;
--> statement-breakpoint
ALTER TABLE `images` ADD `thumb_width` integer;
--> statement-breakpoint
ALTER TABLE `images` ADD `thumb_height` integer;
--> statement-breakpoint
ALTER TABLE `images` ADD `thumb_bytes` integer;
--> statement-breakpoint
-- The search index's vocabulary, read to correct a word with one typo
-- ("omgea" finds "omega"); fts5vocab reads the FTS index itself, so it needs
-- no triggers and is always in step.
CREATE VIRTUAL TABLE `auction_search_terms` USING fts5vocab(`auction_search`, 'row');
