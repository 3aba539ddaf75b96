-- Tenants created before the CRM records existed get the default Sales
-- pipeline that new tenants get at provisioning (DEFAULT_STAGES in
-- server/modules/crm/pipelines.service.ts). Ids are 26 random hex digits,
-- which are valid Crockford base32, so they match every other id.
INSERT INTO pipelines (tenant_id, id, name, is_default, created_at, updated_at)
SELECT t.id, 'pip_' || upper(hex(randomblob(13))), 'Sales', 1, unixepoch() * 1000, unixepoch() * 1000
FROM tenants t
WHERE NOT EXISTS (SELECT 1 FROM pipelines p WHERE p.tenant_id = t.id);
--> statement-breakpoint
INSERT INTO pipeline_stages (tenant_id, id, pipeline_id, name, position, probability, kind, created_at, updated_at)
SELECT p.tenant_id, 'stg_' || upper(hex(randomblob(13))), p.id, s.name, s.position, s.probability, s.kind, unixepoch() * 1000, unixepoch() * 1000
FROM pipelines p
CROSS JOIN (
  SELECT 'New' AS name, 0 AS position, 10 AS probability, 'open' AS kind
  UNION ALL SELECT 'Qualified', 1, 25, 'open'
  UNION ALL SELECT 'Proposal', 2, 50, 'open'
  UNION ALL SELECT 'Negotiation', 3, 75, 'open'
  UNION ALL SELECT 'Won', 4, 100, 'won'
  UNION ALL SELECT 'Lost', 5, 0, 'lost'
) s
WHERE p.is_default = 1 AND NOT EXISTS (SELECT 1 FROM pipeline_stages x WHERE x.tenant_id = p.tenant_id AND x.pipeline_id = p.id);
