CREATE TABLE `products` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`sku` text,
	`description` text,
	`unit_price_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`tax_rate_bp` integer NOT NULL,
	`active` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `products_created_idx` ON `products` (`tenant_id`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_updated_idx` ON `products` (`tenant_id`,`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_name_idx` ON `products` (`tenant_id`,`name`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_idx` ON `products` (`tenant_id`,`sku`) WHERE deleted_at IS NULL;--> statement-breakpoint
DROP TRIGGER IF EXISTS products_search_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_search_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_search_delete;
--> statement-breakpoint
DELETE FROM search_index WHERE kind = 'product';
--> statement-breakpoint
CREATE TRIGGER products_search_insert AFTER INSERT ON products WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) VALUES (new.rowid * 64 + 4, new.tenant_id, 'product', new.id, new.name, crm_search_text(new.tenant_id, new.name), crm_search_text(new.tenant_id, coalesce(new.sku,'') || ' ' || coalesce(new.description,'')));
END;
--> statement-breakpoint
CREATE TRIGGER products_search_update AFTER UPDATE ON products BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 64 + 4;
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 64 + 4, new.tenant_id, 'product', new.id, new.name, crm_search_text(new.tenant_id, new.name), crm_search_text(new.tenant_id, coalesce(new.sku,'') || ' ' || coalesce(new.description,'')) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 64 + 4;
END;
--> statement-breakpoint
INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 64 + 4, new.tenant_id, 'product', new.id, new.name, crm_search_text(new.tenant_id, new.name), crm_search_text(new.tenant_id, coalesce(new.sku,'') || ' ' || coalesce(new.description,'')) FROM products AS new WHERE new.deleted_at IS NULL;
