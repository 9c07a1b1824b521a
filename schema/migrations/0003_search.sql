-- Full-text search over published listings: title, description and the names
-- of the category and its ancestors. Triggers keep it in step with `auctions`
-- and `categories`; SQLite triggers cannot recurse over the tree, so they read
-- the denormalised `categories.path_names`.
CREATE VIRTUAL TABLE `auction_search` USING fts5(
	auction_id UNINDEXED,
	title,
	description,
	category,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `auctions_search_insert` AFTER INSERT ON `auctions` BEGIN
	INSERT INTO auction_search (auction_id, title, description, category)
	VALUES (NEW.id, NEW.title, NEW.description, COALESCE((SELECT path_names FROM categories WHERE id = NEW.category_id), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `auctions_search_update` AFTER UPDATE OF title, description, category_id ON `auctions` BEGIN
	DELETE FROM auction_search WHERE auction_id = OLD.id;
	INSERT INTO auction_search (auction_id, title, description, category)
	VALUES (NEW.id, NEW.title, NEW.description, COALESCE((SELECT path_names FROM categories WHERE id = NEW.category_id), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `auctions_search_delete` AFTER DELETE ON `auctions` BEGIN
	DELETE FROM auction_search WHERE auction_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER `categories_search_rename` AFTER UPDATE OF path_names ON `categories` BEGIN
	UPDATE auction_search SET category = NEW.path_names
	WHERE auction_id IN (SELECT id FROM auctions WHERE category_id = NEW.id);
END;
