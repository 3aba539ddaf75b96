CREATE TABLE `activities` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`subject` text NOT NULL,
	`body` text,
	`occurred_at` integer NOT NULL,
	`author_id` text,
	`contact_id` text,
	`company_id` text,
	`lead_id` text,
	`deal_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`author_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`contact_id`) REFERENCES `contacts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`company_id`) REFERENCES `companies`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`lead_id`) REFERENCES `leads`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`deal_id`) REFERENCES `deals`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `activities_occurred_idx` ON `activities` (`tenant_id`,`occurred_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `activities_contact_idx` ON `activities` (`tenant_id`,`contact_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `activities_company_idx` ON `activities` (`tenant_id`,`company_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `activities_lead_idx` ON `activities` (`tenant_id`,`lead_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `activities_deal_idx` ON `activities` (`tenant_id`,`deal_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `activities_author_idx` ON `activities` (`tenant_id`,`author_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `companies` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`domain` text,
	`industry` text,
	`phone` text,
	`website` text,
	`address` text,
	`owner_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`owner_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `companies_created_idx` ON `companies` (`tenant_id`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `companies_updated_idx` ON `companies` (`tenant_id`,`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `companies_name_idx` ON `companies` (`tenant_id`,`name`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `companies_domain_idx` ON `companies` (`tenant_id`,`domain`);--> statement-breakpoint
CREATE INDEX `companies_owner_idx` ON `companies` (`tenant_id`,`owner_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`email` text,
	`phone` text,
	`title` text,
	`company_id` text,
	`owner_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`owner_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`company_id`) REFERENCES `companies`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contacts_created_idx` ON `contacts` (`tenant_id`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_updated_idx` ON `contacts` (`tenant_id`,`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_last_name_idx` ON `contacts` (`tenant_id`,`last_name`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_email_idx` ON `contacts` (`tenant_id`,`email`);--> statement-breakpoint
CREATE INDEX `contacts_company_idx` ON `contacts` (`tenant_id`,`company_id`);--> statement-breakpoint
CREATE INDEX `contacts_owner_idx` ON `contacts` (`tenant_id`,`owner_id`);--> statement-breakpoint
CREATE TABLE `deals` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`title` text NOT NULL,
	`value_cents` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`pipeline_id` text NOT NULL,
	`stage_id` text NOT NULL,
	`company_id` text,
	`contact_id` text,
	`owner_id` text,
	`expected_close_date` text,
	`probability` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`closed_at` integer,
	`lost_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`owner_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`pipeline_id`) REFERENCES `pipelines`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`stage_id`) REFERENCES `pipeline_stages`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`company_id`) REFERENCES `companies`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`contact_id`) REFERENCES `contacts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deals_created_idx` ON `deals` (`tenant_id`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_updated_idx` ON `deals` (`tenant_id`,`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `deals_stage_idx` ON `deals` (`tenant_id`,`pipeline_id`,`stage_id`);--> statement-breakpoint
CREATE INDEX `deals_status_idx` ON `deals` (`tenant_id`,`status`,`closed_at`);--> statement-breakpoint
CREATE INDEX `deals_company_idx` ON `deals` (`tenant_id`,`company_id`);--> statement-breakpoint
CREATE INDEX `deals_contact_idx` ON `deals` (`tenant_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `deals_owner_idx` ON `deals` (`tenant_id`,`owner_id`);--> statement-breakpoint
CREATE TABLE `leads` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`contact_name` text,
	`email` text,
	`phone` text,
	`company_name` text,
	`source` text DEFAULT 'other' NOT NULL,
	`stage` text DEFAULT 'new' NOT NULL,
	`value_cents` integer,
	`owner_id` text,
	`lost_reason` text,
	`converted_at` integer,
	`converted_contact_id` text,
	`converted_company_id` text,
	`converted_deal_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`owner_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_number_unique` ON `leads` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `leads_created_idx` ON `leads` (`tenant_id`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `leads_updated_idx` ON `leads` (`tenant_id`,`updated_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `leads_stage_idx` ON `leads` (`tenant_id`,`stage`);--> statement-breakpoint
CREATE INDEX `leads_source_idx` ON `leads` (`tenant_id`,`source`);--> statement-breakpoint
CREATE INDEX `leads_owner_idx` ON `leads` (`tenant_id`,`owner_id`);--> statement-breakpoint
CREATE TABLE `pipeline_stages` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`pipeline_id` text NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`probability` integer NOT NULL,
	`kind` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`pipeline_id`) REFERENCES `pipelines`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pipeline_stages_pipeline_idx` ON `pipeline_stages` (`tenant_id`,`pipeline_id`,`position`);--> statement-breakpoint
CREATE TABLE `pipelines` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pipelines_created_idx` ON `pipelines` (`tenant_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`title` text NOT NULL,
	`notes` text,
	`due_at` integer,
	`assignee_id` text,
	`done` integer DEFAULT false NOT NULL,
	`done_at` integer,
	`contact_id` text,
	`company_id` text,
	`lead_id` text,
	`deal_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`assignee_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`contact_id`) REFERENCES `contacts`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`company_id`) REFERENCES `companies`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`lead_id`) REFERENCES `leads`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`deal_id`) REFERENCES `deals`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tasks_created_idx` ON `tasks` (`tenant_id`,`created_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `tasks_due_idx` ON `tasks` (`tenant_id`,`due_at`,`id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `tasks_assignee_idx` ON `tasks` (`tenant_id`,`assignee_id`,`done`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_contact_idx` ON `tasks` (`tenant_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `tasks_company_idx` ON `tasks` (`tenant_id`,`company_id`);--> statement-breakpoint
CREATE INDEX `tasks_lead_idx` ON `tasks` (`tenant_id`,`lead_id`);--> statement-breakpoint
CREATE INDEX `tasks_deal_idx` ON `tasks` (`tenant_id`,`deal_id`);--> statement-breakpoint
CREATE TABLE `tenant_counters` (
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `name`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
