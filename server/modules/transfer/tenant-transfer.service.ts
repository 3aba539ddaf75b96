import { z } from '@hono/zod-openapi';
import { insertMany, raiseSequence } from '../../data/bulk';
import type { TenantScope } from '../../data/tenant-scope';
import { users } from '../../db/schema';
import { activities, companies, contacts, deals, leads, pipelines, pipelineStages, tasks } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import { conflict, validationFailed } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { fieldIssues } from '../../../platform/validation';
import { ActivitySchema, CreateActivity, CreateTask, TaskSchema } from '../crm/activities.schemas';
import { CompanySchema, CreateCompany } from '../crm/companies.schemas';
import { ContactSchema, CreateContact } from '../crm/contacts.schemas';
import { CreateDeal, DealSchema } from '../crm/deals.schemas';
import { CreateLead, LeadSchema } from '../crm/leads.schemas';
import { PipelineSchema } from '../crm/pipelines.schemas';
import { TenantSettingsSchema } from '../tenant/tenant-settings';
import { getOwnTenant, updateOwnTenant } from '../tenant/tenant.service';
import { exportFileName, hasRecords, recordPages, type ExportEntity } from './export.service';

/*
 * The whole tenant as one JSON document (GET /api/export), and that document
 * recreated in an empty tenant (POST /api/import). Format version 1; see
 * docs/import-export.md. Records keep their content, timestamps and links;
 * they get new ids, and every reference is remapped to the new ids.
 */

export const TENANT_FORMAT = 'trasealla-tenant-export';
export const TENANT_FORMAT_VERSION = 1;

/** Record sections in dependency order: a section only refers to sections before it (leads' conversion links are set after deals). */
const SECTIONS = ['companies', 'contacts', 'pipelines', 'deals', 'leads', 'activities', 'tasks'] as const satisfies readonly ExportEntity[];

const deletedAt = { deletedAt: z.string().nullable().optional() };
const ExportedUser = z.object({
  id: z.string(),
  email: z.string().max(254),
  name: z.string().max(200),
  role: z.string(),
  active: z.boolean(),
});
export const TenantDocument = z
  .object({
    format: z.literal(TENANT_FORMAT),
    version: z.literal(TENANT_FORMAT_VERSION),
    exportedAt: z.string(),
    tenant: z.object({ name: z.string(), slug: z.string(), settings: TenantSettingsSchema }),
    users: z.array(ExportedUser).max(100_000),
    companies: z.array(CompanySchema.extend(deletedAt)),
    contacts: z.array(ContactSchema.extend(deletedAt)),
    pipelines: z.array(PipelineSchema.extend(deletedAt)),
    deals: z.array(DealSchema.extend(deletedAt)),
    leads: z.array(LeadSchema.extend(deletedAt)),
    activities: z.array(ActivitySchema.extend(deletedAt)),
    tasks: z.array(TaskSchema.extend(deletedAt)),
  })
  .openapi('TenantExport');
export type TenantDocumentInput = z.infer<typeof TenantDocument>;

/** Stream chunks of the whole-tenant document: every record, the trash included, a page at a time. */
export function* tenantDocumentChunks(ctx: RequestContext): Generator<string> {
  const { scope } = ctx;
  const people = scope.query.select().from(users).where(scope.where(users)).all();
  const own = getOwnTenant(ctx);
  const head = {
    format: TENANT_FORMAT,
    version: TENANT_FORMAT_VERSION,
    exportedAt: ctx.deps.clock.now().toISOString(),
    tenant: { name: own.name, slug: own.slug, settings: own.settings },
    users: people.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, active: u.active })),
  };
  yield JSON.stringify(head).slice(0, -1);
  for (const section of SECTIONS) {
    yield `,\n${JSON.stringify(section)}:[`;
    let first = true;
    for (const page of recordPages(scope, section, { includeDeleted: true })) {
      let text = '';
      for (const row of page) {
        text += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
        first = false;
      }
      yield text;
    }
    yield ']';
  }
  yield '}\n';
}

export const tenantExportFileName = (ctx: RequestContext) => exportFileName(ctx, 'export', 'json');

export interface TenantImportReport {
  created: Record<(typeof SECTIONS)[number] | 'stages', number>;
  users: { matched: string[]; unmatched: string[] };
  settingsApplied: boolean;
  durationMs: number;
}

const date = (s: string | null | undefined) => (s ? new Date(s) : null);
const cents = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 100));

/** Checks each record's content with the same create schema the API uses (ids are checked for shape only; they are remapped). */
function checkContent(doc: TenantDocumentInput): void {
  const checks: [keyof TenantDocumentInput, z.ZodType][] = [
    ['companies', CreateCompany],
    ['contacts', CreateContact],
    ['deals', CreateDeal],
    ['leads', CreateLead],
    ['activities', CreateActivity],
    ['tasks', CreateTask],
  ];
  const issues: { path: string; message: string }[] = [];
  for (const [section, schema] of checks) {
    const keys = Object.keys((schema as unknown as z.ZodObject).shape ?? {});
    (doc[section] as Record<string, unknown>[]).forEach((record, i) => {
      const input: Record<string, unknown> = {};
      for (const key of keys) if (record[key] !== undefined && record[key] !== null) input[key] = record[key];
      if (section === 'deals') delete input.lostReason; // a lost deal's reason is checked by its stage, below
      const parsed = schema.safeParse(input);
      if (!parsed.success && issues.length < 100)
        for (const issue of fieldIssues(parsed.error)) issues.push({ path: `${section}.${i}.${issue.path}`, message: issue.message });
    });
  }
  if (issues.length > 0) throw validationFailed(issues, 'Some records in the document are not valid.');
}

/**
 * Recreates a whole-tenant document in the caller's tenant, which must hold
 * no records yet (409 otherwise). One transaction: all or nothing. People
 * are matched by email with the tenant's existing users; records that name
 * someone who is not here lose that reference (owner, assignee, author).
 */
export function importTenant(ctx: RequestContext, doc: TenantDocumentInput): TenantImportReport {
  const started = performance.now();
  if (hasRecords(ctx.scope))
    throw conflict('This organisation already has records. A whole-organisation import only goes into an empty one.');
  checkContent(doc);
  const { created, matched, unmatched } = ctx.scope.transaction((tx) => recreate(tx, doc));
  updateOwnTenant(ctx, { settings: doc.tenant.settings });
  ctx.scope.audit('import', 'tenants', newId('imp'), { format: doc.format, version: doc.version, exportedAt: doc.exportedAt, created });
  return { created, users: { matched, unmatched }, settingsApplied: true, durationMs: Math.round(performance.now() - started) };
}

function recreate(tx: TenantScope, doc: TenantDocumentInput) {
  const here = new Map(
    tx.query
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(tx.where(users))
      .all()
      .map((u) => [u.email.toLowerCase(), u.id]),
  );
  const userMap = new Map<string, string>();
  const matched: string[] = [];
  const unmatched: string[] = [];
  for (const u of doc.users) {
    const id = here.get(u.email.toLowerCase());
    if (id) {
      userMap.set(u.id, id);
      matched.push(u.email);
    } else unmatched.push(u.email);
  }
  const user = (id: string | null | undefined) => (id ? (userMap.get(id) ?? null) : null);
  const maps = {
    companies: new Map<string, string>(),
    contacts: new Map<string, string>(),
    deals: new Map<string, string>(),
    leads: new Map<string, string>(),
    pipelines: new Map<string, string>(),
    stages: new Map<string, string>(),
  };
  const ref = (map: Map<string, string>, id: string | null | undefined) => (id ? (map.get(id) ?? null) : null);
  const created = { companies: 0, contacts: 0, pipelines: 0, stages: 0, deals: 0, leads: 0, activities: 0, tasks: 0 };
  const remember = (map: Map<string, string>, oldIds: string[], newIds: string[]) => oldIds.forEach((id, i) => map.set(id, newIds[i]!));
  const times = <T extends { createdAt: string; updatedAt: string }>(rows: T[]) => ({
    createdAt: (i: number) => new Date(rows[i]!.createdAt),
    updatedAt: (i: number) => new Date(rows[i]!.updatedAt),
  });

  const c = doc.companies;
  remember(
    maps.companies,
    c.map((r) => r.id),
    insertMany(
      tx,
      companies,
      'com',
      c.map((r) => ({
        name: r.name,
        domain: r.domain,
        industry: r.industry,
        phone: r.phone,
        website: r.website,
        address: r.address,
        ownerId: user(r.ownerId),
        deletedAt: date(r.deletedAt),
      })),
      times(c),
    ),
  );
  created.companies = c.length;

  const p = doc.contacts;
  remember(
    maps.contacts,
    p.map((r) => r.id),
    insertMany(
      tx,
      contacts,
      'con',
      p.map((r) => ({
        firstName: r.firstName,
        lastName: r.lastName,
        email: r.email,
        phone: r.phone,
        title: r.title,
        companyId: ref(maps.companies, r.companyId),
        ownerId: user(r.ownerId),
        deletedAt: date(r.deletedAt),
      })),
      times(p),
    ),
  );
  created.contacts = p.length;

  if (doc.pipelines.length > 0) {
    // A new tenant starts with a default pipeline; the document's pipelines replace it (the tenant has no deals yet).
    for (const stage of tx.query.select({ id: pipelineStages.id }).from(pipelineStages).where(tx.where(pipelineStages)).all())
      tx.delete(pipelineStages, stage.id, 'Stage');
    for (const pipeline of tx.query.select({ id: pipelines.id }).from(pipelines).where(tx.where(pipelines)).all())
      tx.delete(pipelines, pipeline.id, 'Pipeline');
    const pl = doc.pipelines;
    remember(
      maps.pipelines,
      pl.map((r) => r.id),
      insertMany(
        tx,
        pipelines,
        'pip',
        pl.map((r) => ({ name: r.name, isDefault: r.isDefault, deletedAt: date(r.deletedAt) })),
        times(pl),
      ),
    );
    const stages = pl.flatMap((r) => r.stages.map((s) => ({ ...s, pipelineId: maps.pipelines.get(r.id)! })));
    remember(
      maps.stages,
      stages.map((s) => s.id),
      insertMany(
        tx,
        pipelineStages,
        'stg',
        stages.map((s) => ({ pipelineId: s.pipelineId, name: s.name, position: s.position, probability: s.probability, kind: s.kind })),
      ),
    );
    created.pipelines = pl.length;
    created.stages = stages.length;
  } else {
    for (const stage of tx.query.select().from(pipelineStages).where(tx.where(pipelineStages)).all()) maps.stages.set(stage.id, stage.id);
  }

  const d = doc.deals;
  const dealRows = d.map((r, i) => {
    const pipelineId = ref(maps.pipelines, r.pipelineId);
    const stageId = ref(maps.stages, r.stageId);
    if (!pipelineId || !stageId)
      throw validationFailed([{ path: `deals.${i}.stageId`, message: 'The deal names a pipeline or stage that is not in the document.' }]);
    return {
      title: r.title,
      valueCents: cents(r.value) ?? 0,
      currency: r.currency,
      pipelineId,
      stageId,
      companyId: ref(maps.companies, r.companyId),
      contactId: ref(maps.contacts, r.contactId),
      ownerId: user(r.ownerId),
      expectedCloseDate: r.expectedCloseDate,
      probability: r.probability,
      status: r.status,
      closedAt: date(r.closedAt),
      lostReason: r.lostReason,
      deletedAt: date(r.deletedAt),
    };
  });
  remember(
    maps.deals,
    d.map((r) => r.id),
    insertMany(tx, deals, 'dea', dealRows, times(d)),
  );
  created.deals = d.length;

  const l = doc.leads;
  const numbers = l.map((r) => Number(/(\d+)$/.exec(r.number)?.[1] ?? 0));
  let next = Math.max(0, ...numbers);
  const used = new Set<number>();
  const leadRows = l.map((r, i) => {
    let number = numbers[i]!;
    if (number <= 0 || used.has(number)) number = ++next;
    used.add(number);
    return {
      number,
      title: r.title,
      contactName: r.contactName,
      email: r.email,
      phone: r.phone,
      companyName: r.companyName,
      source: r.source,
      stage: r.stage,
      valueCents: cents(r.value),
      ownerId: user(r.ownerId),
      lostReason: r.lostReason,
      convertedAt: date(r.convertedAt),
      convertedContactId: ref(maps.contacts, r.convertedContactId),
      convertedCompanyId: ref(maps.companies, r.convertedCompanyId),
      convertedDealId: ref(maps.deals, r.convertedDealId),
      deletedAt: date(r.deletedAt),
    };
  });
  remember(
    maps.leads,
    l.map((r) => r.id),
    insertMany(tx, leads, 'led', leadRows, times(l)),
  );
  if (l.length > 0) raiseSequence(tx, 'lead', Math.max(...leadRows.map((r) => r.number)));
  created.leads = l.length;

  const links = (r: { contactId: string | null; companyId: string | null; leadId: string | null; dealId: string | null }) => ({
    contactId: ref(maps.contacts, r.contactId),
    companyId: ref(maps.companies, r.companyId),
    leadId: ref(maps.leads, r.leadId),
    dealId: ref(maps.deals, r.dealId),
  });
  const a = doc.activities;
  insertMany(
    tx,
    activities,
    'act',
    a.map((r) => ({
      type: r.type,
      subject: r.subject,
      body: r.body,
      occurredAt: new Date(r.occurredAt),
      authorId: user(r.authorId),
      ...links(r),
      deletedAt: date(r.deletedAt),
    })),
    times(a),
  );
  created.activities = a.length;
  const t = doc.tasks;
  insertMany(
    tx,
    tasks,
    'tsk',
    t.map((r) => ({
      title: r.title,
      notes: r.notes,
      dueAt: date(r.dueAt),
      assigneeId: user(r.assigneeId),
      done: r.done,
      doneAt: date(r.doneAt),
      ...links(r),
      deletedAt: date(r.deletedAt),
    })),
    times(t),
  );
  created.tasks = t.length;
  return { created, matched, unmatched };
}
