CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`license_id` text,
	`request_id` text,
	`details` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_license_idx` ON `audit_log` (`license_id`,`at`);--> statement-breakpoint
CREATE TABLE `license_instances` (
	`license_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`version` text NOT NULL,
	`active_users` integer NOT NULL,
	`tenants` integer NOT NULL,
	`last_address` text,
	`last_status` text NOT NULL,
	`checks` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`license_id`, `instance_id`),
	FOREIGN KEY (`license_id`) REFERENCES `licenses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `licenses` (
	`id` text PRIMARY KEY NOT NULL,
	`customer` text NOT NULL,
	`tier` text NOT NULL,
	`max_users` integer NOT NULL,
	`max_tenants` integer NOT NULL,
	`features` text NOT NULL,
	`issued_at` integer NOT NULL,
	`not_before` integer,
	`expires_at` integer,
	`policy_mode` text NOT NULL,
	`check_interval_days` integer,
	`grace_days` integer,
	`instance_id` text,
	`status` text DEFAULT 'active' NOT NULL,
	`status_reason` text,
	`status_changed_at` integer,
	`key_id` text NOT NULL,
	`key_text` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `licenses_created_idx` ON `licenses` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `licenses_customer_idx` ON `licenses` (`customer`);