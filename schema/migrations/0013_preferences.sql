-- The viewer's preferences (issue 18): the site's language, a currency to show approximate prices in,
-- and the time zone times are shown in. NULL means "not chosen": the site falls back to the locale
-- cookie / Accept-Language, to no conversion, and to the browser's zone.
ALTER TABLE `users` ADD `preferred_locale` text;--> statement-breakpoint
ALTER TABLE `users` ADD `display_currency` text;--> statement-breakpoint
ALTER TABLE `users` ADD `time_zone` text;
