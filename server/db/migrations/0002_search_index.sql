-- Full-text search over companies, contacts, leads and deals (FTS5), kept in
-- sync by triggers so that every write path (API, import, CLI) updates it.
-- rowid = source rowid * 4 + kind. Words are stored with their tenant's key
-- in front (crm_search_text, registered by the server on every connection;
-- see server/db/search-text.ts) so a prefix query reads one tenant's words
-- only; the tenant column is matched as well, so no query sees another
-- tenant's rows. Display text (name) is kept as typed in `label`.
CREATE VIRTUAL TABLE search_index USING fts5(
  tenant, kind UNINDEXED, ref UNINDEXED, label UNINDEXED, name, extra,
  tokenize = 'unicode61', prefix = '9 10 11'
);
--> statement-breakpoint
CREATE TRIGGER companies_search_insert AFTER INSERT ON companies WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) VALUES (new.rowid * 4 + 0, new.tenant_id, 'company', new.id, new.name, crm_search_text(new.tenant_id, new.name), crm_search_text(new.tenant_id, coalesce(new.domain,'') || ' ' || coalesce(new.industry,'') || ' ' || coalesce(new.website,'') || ' ' || coalesce(new.phone,'') || ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/','') || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -7)));
END;
--> statement-breakpoint
CREATE TRIGGER companies_search_update AFTER UPDATE ON companies BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 4 + 0;
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 4 + 0, new.tenant_id, 'company', new.id, new.name, crm_search_text(new.tenant_id, new.name), crm_search_text(new.tenant_id, coalesce(new.domain,'') || ' ' || coalesce(new.industry,'') || ' ' || coalesce(new.website,'') || ' ' || coalesce(new.phone,'') || ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/','') || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -7)) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER companies_search_delete AFTER DELETE ON companies BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 4 + 0;
END;
--> statement-breakpoint
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) VALUES (new.rowid * 4 + 1, new.tenant_id, 'contact', new.id, new.first_name || ' ' || new.last_name, crm_search_text(new.tenant_id, new.first_name || ' ' || new.last_name), crm_search_text(new.tenant_id, coalesce(new.email,'') || ' ' || coalesce(new.title,'') || ' ' || coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id),'') || ' ' || coalesce(new.phone,'') || ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/','') || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -7)));
END;
--> statement-breakpoint
CREATE TRIGGER contacts_search_update AFTER UPDATE ON contacts BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 4 + 1;
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 4 + 1, new.tenant_id, 'contact', new.id, new.first_name || ' ' || new.last_name, crm_search_text(new.tenant_id, new.first_name || ' ' || new.last_name), crm_search_text(new.tenant_id, coalesce(new.email,'') || ' ' || coalesce(new.title,'') || ' ' || coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id),'') || ' ' || coalesce(new.phone,'') || ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/','') || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -7)) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 4 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER leads_search_insert AFTER INSERT ON leads WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) VALUES (new.rowid * 4 + 2, new.tenant_id, 'lead', new.id, coalesce(new.title,'') || ' ' || coalesce(new.contact_name,''), crm_search_text(new.tenant_id, coalesce(new.title,'') || ' ' || coalesce(new.contact_name,'')), crm_search_text(new.tenant_id, 'LED-' || printf('%04d', new.number) || ' ' || coalesce(new.email,'') || ' ' || coalesce(new.company_name,'') || ' ' || coalesce(new.phone,'') || ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/','') || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -7)));
END;
--> statement-breakpoint
CREATE TRIGGER leads_search_update AFTER UPDATE ON leads BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 4 + 2;
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 4 + 2, new.tenant_id, 'lead', new.id, coalesce(new.title,'') || ' ' || coalesce(new.contact_name,''), crm_search_text(new.tenant_id, coalesce(new.title,'') || ' ' || coalesce(new.contact_name,'')), crm_search_text(new.tenant_id, 'LED-' || printf('%04d', new.number) || ' ' || coalesce(new.email,'') || ' ' || coalesce(new.company_name,'') || ' ' || coalesce(new.phone,'') || ' ' || replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/','') || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -10) || ' ' || substr(replace(replace(replace(replace(replace(replace(replace(coalesce(new.phone,''),' ',''),'-',''),'(',''),')',''),'+',''),'.',''),'/',''), -7)) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER leads_search_delete AFTER DELETE ON leads BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 4 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER deals_search_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) VALUES (new.rowid * 4 + 3, new.tenant_id, 'deal', new.id, new.title, crm_search_text(new.tenant_id, new.title), crm_search_text(new.tenant_id, coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id),'') || ' ' || coalesce((SELECT p.first_name || ' ' || p.last_name FROM contacts p WHERE p.tenant_id = new.tenant_id AND p.id = new.contact_id), '')));
END;
--> statement-breakpoint
CREATE TRIGGER deals_search_update AFTER UPDATE ON deals BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 4 + 3;
  INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra) SELECT new.rowid * 4 + 3, new.tenant_id, 'deal', new.id, new.title, crm_search_text(new.tenant_id, new.title), crm_search_text(new.tenant_id, coalesce((SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.company_id),'') || ' ' || coalesce((SELECT p.first_name || ' ' || p.last_name FROM contacts p WHERE p.tenant_id = new.tenant_id AND p.id = new.contact_id), '')) WHERE new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER deals_search_delete AFTER DELETE ON deals BEGIN
  DELETE FROM search_index WHERE rowid = old.rowid * 4 + 3;
END;
--> statement-breakpoint
CREATE TRIGGER companies_search_cascade AFTER UPDATE OF name, deleted_at ON companies BEGIN
  UPDATE contacts SET company_id = company_id WHERE tenant_id = new.tenant_id AND company_id = new.id;
  UPDATE deals SET company_id = company_id WHERE tenant_id = new.tenant_id AND company_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER contacts_search_cascade AFTER UPDATE OF first_name, last_name ON contacts BEGIN
  UPDATE deals SET contact_id = contact_id WHERE tenant_id = new.tenant_id AND contact_id = new.id;
END;
