-- Sealed service requests (commit–reveal): the reveal window after the deadline; NULL for open listings.
ALTER TABLE `auctions` ADD `reveal_window_ms` integer;
