CREATE TABLE "rate_limit_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"count" bigint NOT NULL,
	"reset_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION companies_search_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contacts SET company_id = company_id WHERE tenant_id = new.tenant_id AND company_id = new.id;
  UPDATE deals SET company_id = company_id WHERE tenant_id = new.tenant_id AND company_id = new.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER companies_search_cascade AFTER UPDATE OF name, deleted_at ON companies FOR EACH ROW EXECUTE FUNCTION companies_search_cascade();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION contacts_search_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deals SET contact_id = contact_id WHERE tenant_id = new.tenant_id AND contact_id = new.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_search_cascade AFTER UPDATE OF first_name, last_name ON contacts FOR EACH ROW EXECUTE FUNCTION contacts_search_cascade();
