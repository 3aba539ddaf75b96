CREATE TABLE "api_keys" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"last_used_at" timestamp (3) with time zone,
	"expires_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "api_keys_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "audit_log" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"changes" jsonb,
	"request_id" text,
	CONSTRAINT "audit_log_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "instance_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);

--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"revoked_at" timestamp (3) with time zone
);

--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"settings" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone
);

--> statement-breakpoint
CREATE TABLE "users" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"is_operator" boolean DEFAULT false NOT NULL,
	"last_login_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "users_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "activities" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"body" text,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"author_id" text,
	"contact_id" text,
	"company_id" text,
	"lead_id" text,
	"deal_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	CONSTRAINT "activities_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "companies" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"domain" text,
	"industry" text,
	"phone" text,
	"website" text,
	"address" text,
	"owner_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	CONSTRAINT "companies_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "contacts" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"phone" text,
	"title" text,
	"company_id" text,
	"owner_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	CONSTRAINT "contacts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "deals" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"title" text NOT NULL,
	"value_cents" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"company_id" text,
	"contact_id" text,
	"owner_id" text,
	"expected_close_date" text,
	"probability" bigint,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"lost_reason" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	CONSTRAINT "deals_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "leads" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"number" bigint NOT NULL,
	"title" text NOT NULL,
	"contact_name" text,
	"email" text,
	"phone" text,
	"company_name" text,
	"source" text DEFAULT 'other' NOT NULL,
	"stage" text DEFAULT 'new' NOT NULL,
	"value_cents" bigint,
	"owner_id" text,
	"lost_reason" text,
	"converted_at" timestamp (3) with time zone,
	"converted_contact_id" text,
	"converted_company_id" text,
	"converted_deal_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	CONSTRAINT "leads_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "pipeline_stages" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"name" text NOT NULL,
	"position" bigint NOT NULL,
	"probability" bigint NOT NULL,
	"kind" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "pipeline_stages_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "pipelines" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	CONSTRAINT "pipelines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "products" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"sku" text,
	"description" text,
	"unit_price_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"tax_rate_bp" bigint NOT NULL,
	"active" boolean NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	CONSTRAINT "products_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "tasks" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"due_at" timestamp (3) with time zone,
	"assignee_id" text,
	"done" boolean DEFAULT false NOT NULL,
	"done_at" timestamp (3) with time zone,
	"contact_id" text,
	"company_id" text,
	"lead_id" text,
	"deal_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	CONSTRAINT "tasks_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);

--> statement-breakpoint
CREATE TABLE "tenant_counters" (
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "tenant_counters_tenant_id_name_pk" PRIMARY KEY("tenant_id","name")
);

--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_created_by_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","created_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_tenant_id_author_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","author_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_tenant_id_contact_id_contacts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_tenant_id_company_id_companies_tenant_id_id_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."companies"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_tenant_id_lead_id_leads_tenant_id_id_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_tenant_id_deal_id_deals_tenant_id_id_fk" FOREIGN KEY ("tenant_id","deal_id") REFERENCES "public"."deals"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_tenant_id_owner_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_tenant_id_owner_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_tenant_id_company_id_companies_tenant_id_id_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."companies"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_owner_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_pipeline_id_pipelines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pipeline_id") REFERENCES "public"."pipelines"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_stage_id_pipeline_stages_tenant_id_id_fk" FOREIGN KEY ("tenant_id","stage_id") REFERENCES "public"."pipeline_stages"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_company_id_companies_tenant_id_id_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."companies"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_tenant_id_contact_id_contacts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_tenant_id_owner_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "pipeline_stages_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "pipeline_stages_tenant_id_pipeline_id_pipelines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pipeline_id") REFERENCES "public"."pipelines"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_assignee_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","assignee_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_contact_id_contacts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","contact_id") REFERENCES "public"."contacts"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_company_id_companies_tenant_id_id_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."companies"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_lead_id_leads_tenant_id_id_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_deal_id_deals_tenant_id_id_fk" FOREIGN KEY ("tenant_id","deal_id") REFERENCES "public"."deals"("tenant_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tenant_counters" ADD CONSTRAINT "tenant_counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_prefix_unique" ON "api_keys" USING btree ("prefix");
--> statement-breakpoint
CREATE INDEX "api_keys_tenant_created_idx" ON "api_keys" USING btree ("tenant_id","created_at","id");
--> statement-breakpoint
CREATE INDEX "audit_log_tenant_entity_idx" ON "audit_log" USING btree ("tenant_id","entity","entity_id","at");
--> statement-breakpoint
CREATE INDEX "audit_log_tenant_at_idx" ON "audit_log" USING btree ("tenant_id","at");
--> statement-breakpoint
CREATE INDEX "sessions_tenant_user_idx" ON "sessions" USING btree ("tenant_id","user_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_slug_unique" ON "tenants" USING btree ("slug");
--> statement-breakpoint
CREATE UNIQUE INDEX "users_tenant_email_unique" ON "users" USING btree ("tenant_id","email");
--> statement-breakpoint
CREATE INDEX "users_email_idx" ON "users" USING btree ("email");
--> statement-breakpoint
CREATE INDEX "activities_occurred_idx" ON "activities" USING btree ("tenant_id","occurred_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "activities_contact_idx" ON "activities" USING btree ("tenant_id","contact_id","occurred_at");
--> statement-breakpoint
CREATE INDEX "activities_company_idx" ON "activities" USING btree ("tenant_id","company_id","occurred_at");
--> statement-breakpoint
CREATE INDEX "activities_lead_idx" ON "activities" USING btree ("tenant_id","lead_id","occurred_at");
--> statement-breakpoint
CREATE INDEX "activities_deal_idx" ON "activities" USING btree ("tenant_id","deal_id","occurred_at");
--> statement-breakpoint
CREATE INDEX "activities_author_idx" ON "activities" USING btree ("tenant_id","author_id","occurred_at");
--> statement-breakpoint
CREATE INDEX "companies_created_idx" ON "companies" USING btree ("tenant_id","created_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "companies_updated_idx" ON "companies" USING btree ("tenant_id","updated_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "companies_name_idx" ON "companies" USING btree ("tenant_id","name","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "companies_domain_idx" ON "companies" USING btree ("tenant_id","domain");
--> statement-breakpoint
CREATE INDEX "companies_owner_idx" ON "companies" USING btree ("tenant_id","owner_id");
--> statement-breakpoint
CREATE INDEX "contacts_created_idx" ON "contacts" USING btree ("tenant_id","created_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "contacts_updated_idx" ON "contacts" USING btree ("tenant_id","updated_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "contacts_last_name_idx" ON "contacts" USING btree ("tenant_id","last_name","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "contacts_email_idx" ON "contacts" USING btree ("tenant_id","email");
--> statement-breakpoint
CREATE INDEX "contacts_company_idx" ON "contacts" USING btree ("tenant_id","company_id");
--> statement-breakpoint
CREATE INDEX "contacts_owner_idx" ON "contacts" USING btree ("tenant_id","owner_id");
--> statement-breakpoint
CREATE INDEX "deals_created_idx" ON "deals" USING btree ("tenant_id","created_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "deals_updated_idx" ON "deals" USING btree ("tenant_id","updated_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "deals_stage_idx" ON "deals" USING btree ("tenant_id","pipeline_id","stage_id");
--> statement-breakpoint
CREATE INDEX "deals_status_idx" ON "deals" USING btree ("tenant_id","status","closed_at");
--> statement-breakpoint
CREATE INDEX "deals_company_idx" ON "deals" USING btree ("tenant_id","company_id");
--> statement-breakpoint
CREATE INDEX "deals_contact_idx" ON "deals" USING btree ("tenant_id","contact_id");
--> statement-breakpoint
CREATE INDEX "deals_owner_idx" ON "deals" USING btree ("tenant_id","owner_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "leads_number_unique" ON "leads" USING btree ("tenant_id","number");
--> statement-breakpoint
CREATE INDEX "leads_created_idx" ON "leads" USING btree ("tenant_id","created_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "leads_updated_idx" ON "leads" USING btree ("tenant_id","updated_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "leads_stage_idx" ON "leads" USING btree ("tenant_id","stage");
--> statement-breakpoint
CREATE INDEX "leads_source_idx" ON "leads" USING btree ("tenant_id","source");
--> statement-breakpoint
CREATE INDEX "leads_owner_idx" ON "leads" USING btree ("tenant_id","owner_id");
--> statement-breakpoint
CREATE INDEX "pipeline_stages_pipeline_idx" ON "pipeline_stages" USING btree ("tenant_id","pipeline_id","position");
--> statement-breakpoint
CREATE INDEX "pipelines_created_idx" ON "pipelines" USING btree ("tenant_id","created_at","id");
--> statement-breakpoint
CREATE INDEX "products_created_idx" ON "products" USING btree ("tenant_id","created_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "products_updated_idx" ON "products" USING btree ("tenant_id","updated_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "products_name_idx" ON "products" USING btree ("tenant_id","name","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_idx" ON "products" USING btree ("tenant_id","sku") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "tasks_created_idx" ON "tasks" USING btree ("tenant_id","created_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "tasks_due_idx" ON "tasks" USING btree ("tenant_id","due_at","id") WHERE deleted_at IS NULL;
--> statement-breakpoint
CREATE INDEX "tasks_assignee_idx" ON "tasks" USING btree ("tenant_id","assignee_id","done","due_at");
--> statement-breakpoint
CREATE INDEX "tasks_contact_idx" ON "tasks" USING btree ("tenant_id","contact_id");
--> statement-breakpoint
CREATE INDEX "tasks_company_idx" ON "tasks" USING btree ("tenant_id","company_id");
--> statement-breakpoint
CREATE INDEX "tasks_lead_idx" ON "tasks" USING btree ("tenant_id","lead_id");
--> statement-breakpoint
CREATE INDEX "tasks_deal_idx" ON "tasks" USING btree ("tenant_id","deal_id");
--> statement-breakpoint
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "api_keys" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "api_keys_tenant_isolation" ON "api_keys" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "audit_log" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "audit_log_tenant_isolation" ON "audit_log" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "sessions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sessions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "sessions_tenant_isolation" ON "sessions" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenants_tenant_isolation" ON "tenants" USING ("id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "users_tenant_isolation" ON "users" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "activities" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "activities" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "activities_tenant_isolation" ON "activities" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "companies" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "companies" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "companies_tenant_isolation" ON "companies" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "contacts" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "contacts" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "contacts_tenant_isolation" ON "contacts" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "deals" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "deals" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "deals_tenant_isolation" ON "deals" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "leads" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "leads" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "leads_tenant_isolation" ON "leads" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "pipeline_stages" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "pipeline_stages" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "pipeline_stages_tenant_isolation" ON "pipeline_stages" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "pipelines" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "pipelines" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "pipelines_tenant_isolation" ON "pipelines" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "products" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "products" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "products_tenant_isolation" ON "products" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "tasks" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "tasks" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tasks_tenant_isolation" ON "tasks" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
ALTER TABLE "tenant_counters" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "tenant_counters" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_counters_tenant_isolation" ON "tenant_counters" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION crm_search_words(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT trim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(value, ''))), '[^[:alnum:]]+', ' ', 'g'))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION crm_phone_forms(phone text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN phone IS NULL OR phone = '' THEN '' ELSE
    phone || ' ' || d || ' ' || right(d, 10) || ' ' || right(d, 7) END
  FROM (SELECT regexp_replace(coalesce(phone, ''), '[ ()+./-]', '', 'g') AS d) AS digits
$$;
--> statement-breakpoint
CREATE TABLE search_documents (
  tenant_id text NOT NULL,
  kind text NOT NULL,
  ref text NOT NULL,
  label text NOT NULL,
  document tsvector NOT NULL,
  PRIMARY KEY (tenant_id, kind, ref)
);
--> statement-breakpoint
CREATE INDEX search_documents_document_idx ON search_documents USING gin (document);
--> statement-breakpoint
ALTER TABLE "search_documents" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "search_documents" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "search_documents_tenant_isolation" ON "search_documents" USING ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on') WITH CHECK ("tenant_id" = current_setting('trasealla.tenant_id', true) OR current_setting('trasealla.instance', true) = 'on');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION companies_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_documents WHERE tenant_id = old.tenant_id AND kind = 'company' AND ref = old.id;
  END IF;
  IF TG_OP <> 'DELETE' AND new.deleted_at IS NULL THEN
    INSERT INTO search_documents (tenant_id, kind, ref, label, document)
    VALUES (new.tenant_id, 'company', new.id, coalesce(new.name, ''), setweight(to_tsvector('simple', crm_search_words(new.name)), 'A') || setweight(to_tsvector('simple', crm_search_words(coalesce(new.domain, '') || ' ' || coalesce(new.industry, '') || ' ' || coalesce(new.website, '') || ' ' || crm_phone_forms(new.phone))), 'B'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER companies_search AFTER INSERT OR UPDATE OR DELETE ON companies FOR EACH ROW EXECUTE FUNCTION companies_search_document();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION contacts_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_documents WHERE tenant_id = old.tenant_id AND kind = 'contact' AND ref = old.id;
  END IF;
  IF TG_OP <> 'DELETE' AND new.deleted_at IS NULL THEN
    INSERT INTO search_documents (tenant_id, kind, ref, label, document)
    VALUES (new.tenant_id, 'contact', new.id, coalesce(new.first_name || ' ' || new.last_name, ''), setweight(to_tsvector('simple', crm_search_words(new.first_name || ' ' || new.last_name)), 'A') || setweight(to_tsvector('simple', crm_search_words(coalesce(new.email, '') || ' ' || coalesce(new.title, '') || ' ' || coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id), '') || ' ' || crm_phone_forms(new.phone))), 'B'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_search AFTER INSERT OR UPDATE OR DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION contacts_search_document();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deals_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_documents WHERE tenant_id = old.tenant_id AND kind = 'deal' AND ref = old.id;
  END IF;
  IF TG_OP <> 'DELETE' AND new.deleted_at IS NULL THEN
    INSERT INTO search_documents (tenant_id, kind, ref, label, document)
    VALUES (new.tenant_id, 'deal', new.id, coalesce(new.title, ''), setweight(to_tsvector('simple', crm_search_words(new.title)), 'A') || setweight(to_tsvector('simple', crm_search_words(coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id), '') || ' ' || coalesce((SELECT p.first_name || ' ' || p.last_name FROM contacts p WHERE p.tenant_id = new.tenant_id AND p.id = new.contact_id), ''))), 'B'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER deals_search AFTER INSERT OR UPDATE OR DELETE ON deals FOR EACH ROW EXECUTE FUNCTION deals_search_document();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION leads_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_documents WHERE tenant_id = old.tenant_id AND kind = 'lead' AND ref = old.id;
  END IF;
  IF TG_OP <> 'DELETE' AND new.deleted_at IS NULL THEN
    INSERT INTO search_documents (tenant_id, kind, ref, label, document)
    VALUES (new.tenant_id, 'lead', new.id, coalesce(coalesce(new.title,'') || ' ' || coalesce(new.contact_name,''), ''), setweight(to_tsvector('simple', crm_search_words(coalesce(new.title,'') || ' ' || coalesce(new.contact_name,''))), 'A') || setweight(to_tsvector('simple', crm_search_words(coalesce('LED-' || lpad((new.number)::text, 4, '0'), '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.company_name, '') || ' ' || crm_phone_forms(new.phone))), 'B'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER leads_search AFTER INSERT OR UPDATE OR DELETE ON leads FOR EACH ROW EXECUTE FUNCTION leads_search_document();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION products_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_documents WHERE tenant_id = old.tenant_id AND kind = 'product' AND ref = old.id;
  END IF;
  IF TG_OP <> 'DELETE' AND new.deleted_at IS NULL THEN
    INSERT INTO search_documents (tenant_id, kind, ref, label, document)
    VALUES (new.tenant_id, 'product', new.id, coalesce(new.name, ''), setweight(to_tsvector('simple', crm_search_words(new.name)), 'A') || setweight(to_tsvector('simple', crm_search_words(coalesce(new.sku, '') || ' ' || coalesce(new.description, ''))), 'B'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER products_search AFTER INSERT OR UPDATE OR DELETE ON products FOR EACH ROW EXECUTE FUNCTION products_search_document();
