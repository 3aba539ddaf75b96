-- Generated from server/db/search-index-definition.ts (one definition per searched record
-- type; test/server/search-index.test.ts checks a migrated database against it): index rowids
-- become rowid * 64 + slot, so new record types fit; phone numbers are indexed through one
-- function, crm_phone_forms; every live record is indexed again.
DROP TRIGGER IF EXISTS companies_search_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS companies_search_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS companies_search_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS contacts_search_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS contacts_search_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS contacts_search_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS leads_search_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS leads_search_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS leads_search_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS deals_search_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS deals_search_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS deals_search_delete;
--> statement-breakpoint
DELETE FROM search_index;
--> statement-breakpoint
CREATE TRIGGER companies_search_insert AFTER INSERT ON companies WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) VALUES (new.rowid * 64 + 0, new.tenant_id, 'company', new.id, new.name, crm_search_text(new.tenant_id, new.name), crm_search_text(new.tenant_id, coalesce(new.domain,'') || ' ' || coalesce(new.industry,'') || ' ' || coalesce(new.website,'') || ' ' || crm_phone_forms(new.phone)));
END;
--> statement-breakpoint
CREATE TRIGGER companies_search_update AFTER UPDATE ON companies BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 64 + 0;
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 64 + 0, new.tenant_id, 'company', new.id, new.name, crm_search_text(new.tenant_id, new.name), crm_search_text(new.tenant_id, coalesce(new.domain,'') || ' ' || coalesce(new.industry,'') || ' ' || coalesce(new.website,'') || ' ' || crm_phone_forms(new.phone)) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER companies_search_delete AFTER DELETE ON companies BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 64 + 0;
END;
--> statement-breakpoint
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) VALUES (new.rowid * 64 + 1, new.tenant_id, 'contact', new.id, new.first_name || ' ' || new.last_name, crm_search_text(new.tenant_id, new.first_name || ' ' || new.last_name), crm_search_text(new.tenant_id, coalesce(new.email,'') || ' ' || coalesce(new.title,'') || ' ' || coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id),'') || ' ' || crm_phone_forms(new.phone)));
END;
--> statement-breakpoint
CREATE TRIGGER contacts_search_update AFTER UPDATE ON contacts BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 64 + 1;
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 64 + 1, new.tenant_id, 'contact', new.id, new.first_name || ' ' || new.last_name, crm_search_text(new.tenant_id, new.first_name || ' ' || new.last_name), crm_search_text(new.tenant_id, coalesce(new.email,'') || ' ' || coalesce(new.title,'') || ' ' || coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id),'') || ' ' || crm_phone_forms(new.phone)) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 64 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER leads_search_insert AFTER INSERT ON leads WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) VALUES (new.rowid * 64 + 2, new.tenant_id, 'lead', new.id, coalesce(new.title,'') || ' ' || coalesce(new.contact_name,''), crm_search_text(new.tenant_id, coalesce(new.title,'') || ' ' || coalesce(new.contact_name,'')), crm_search_text(new.tenant_id, coalesce('LED-' || printf('%04d', new.number),'') || ' ' || coalesce(new.email,'') || ' ' || coalesce(new.company_name,'') || ' ' || crm_phone_forms(new.phone)));
END;
--> statement-breakpoint
CREATE TRIGGER leads_search_update AFTER UPDATE ON leads BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 64 + 2;
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 64 + 2, new.tenant_id, 'lead', new.id, coalesce(new.title,'') || ' ' || coalesce(new.contact_name,''), crm_search_text(new.tenant_id, coalesce(new.title,'') || ' ' || coalesce(new.contact_name,'')), crm_search_text(new.tenant_id, coalesce('LED-' || printf('%04d', new.number),'') || ' ' || coalesce(new.email,'') || ' ' || coalesce(new.company_name,'') || ' ' || crm_phone_forms(new.phone)) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER leads_search_delete AFTER DELETE ON leads BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 64 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER deals_search_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) VALUES (new.rowid * 64 + 3, new.tenant_id, 'deal', new.id, new.title, crm_search_text(new.tenant_id, new.title), crm_search_text(new.tenant_id, coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id),'') || ' ' || coalesce((SELECT p.first_name || ' ' || p.last_name FROM contacts p WHERE p.tenant_id = new.tenant_id AND p.id = new.contact_id),'')));
END;
--> statement-breakpoint
CREATE TRIGGER deals_search_update AFTER UPDATE ON deals BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 64 + 3;
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 64 + 3, new.tenant_id, 'deal', new.id, new.title, crm_search_text(new.tenant_id, new.title), crm_search_text(new.tenant_id, coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id),'') || ' ' || coalesce((SELECT p.first_name || ' ' || p.last_name FROM contacts p WHERE p.tenant_id = new.tenant_id AND p.id = new.contact_id),'')) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER deals_search_delete AFTER DELETE ON deals BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 64 + 3;
END;
--> statement-breakpoint
INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 64 + 0, new.tenant_id, 'company', new.id, new.name, crm_search_text(new.tenant_id, new.name), crm_search_text(new.tenant_id, coalesce(new.domain,'') || ' ' || coalesce(new.industry,'') || ' ' || coalesce(new.website,'') || ' ' || crm_phone_forms(new.phone)) FROM companies AS new WHERE new.deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 64 + 1, new.tenant_id, 'contact', new.id, new.first_name || ' ' || new.last_name, crm_search_text(new.tenant_id, new.first_name || ' ' || new.last_name), crm_search_text(new.tenant_id, coalesce(new.email,'') || ' ' || coalesce(new.title,'') || ' ' || coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id),'') || ' ' || crm_phone_forms(new.phone)) FROM contacts AS new WHERE new.deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 64 + 2, new.tenant_id, 'lead', new.id, coalesce(new.title,'') || ' ' || coalesce(new.contact_name,''), crm_search_text(new.tenant_id, coalesce(new.title,'') || ' ' || coalesce(new.contact_name,'')), crm_search_text(new.tenant_id, coalesce('LED-' || printf('%04d', new.number),'') || ' ' || coalesce(new.email,'') || ' ' || coalesce(new.company_name,'') || ' ' || crm_phone_forms(new.phone)) FROM leads AS new WHERE new.deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 64 + 3, new.tenant_id, 'deal', new.id, new.title, crm_search_text(new.tenant_id, new.title), crm_search_text(new.tenant_id, coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id),'') || ' ' || coalesce((SELECT p.first_name || ' ' || p.last_name FROM contacts p WHERE p.tenant_id = new.tenant_id AND p.id = new.contact_id),'')) FROM deals AS new WHERE new.deleted_at IS NULL;
