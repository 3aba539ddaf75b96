import { eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { companyNameOf } from '../../db/search-index-definition';
import { findTenantById } from '../../data/instance';
import type { TenantScope } from '../../data/tenant-scope';
import { users } from '../../db/schema';
import { activities, companies, contacts, deals, pipelineStages, tasks } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import { validationFailed } from '../../../platform/errors';
import { iso } from '../../lib/schemas';
import { CreateDeal, DealSchema, ListDeals, UpdateDeal, type CreateDealInput, type DealDto, type DealFilters } from './deals.schemas';
import { byKeys, keysWithPrefix, lowerCell } from './duplicate-keys';
import { centsOrNull, dateOrNull, importField, ownerField, resolvedField } from './record-transfer';
import { defaultPipeline, getPipelineRow, stagesOf } from './pipelines.service';
import { assertRefs, fromCents, toCents, type RecordSpec } from './record-kit';
import { isoTime } from '../../lib/iso-time';

type Row = typeof deals.$inferSelect;
type Stage = typeof pipelineStages.$inferSelect;

/** Probability shown for a deal: its own when set, else its stage's. */
export function toDealDto(row: Row, stageProbability?: number): DealDto {
  return {
    id: row.id,
    title: row.title,
    value: fromCents(row.valueCents) ?? 0,
    currency: row.currency,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    companyId: row.companyId,
    contactId: row.contactId,
    ownerId: row.ownerId,
    expectedCloseDate: row.expectedCloseDate,
    probability: row.probability ?? stageProbability ?? 0,
    status: row.status,
    closedAt: iso(row.closedAt),
    lostReason: row.lostReason,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
    deletedAt: iso(row.deletedAt),
  };
}

export async function stageInPipeline(scope: TenantScope, pipelineId: string, stageId: string): Promise<Stage> {
  const stage = await scope.find(pipelineStages, stageId, eq(pipelineStages.pipelineId, pipelineId));
  if (!stage) throw validationFailed([{ path: 'stageId', message: "That stage is not part of the deal's pipeline." }]);
  return stage;
}

/** Status, closing date and lost reason follow the stage: won and lost stages close the deal, open ones reopen it. */
export function stageEffects(stage: Stage, lostReason: string | null | undefined, now: Date, current?: Row) {
  if (stage.kind === 'lost' && !lostReason?.trim() && !current?.lostReason)
    throw validationFailed([{ path: 'lostReason', message: 'Say why the deal was lost.' }]);
  return {
    stageId: stage.id,
    status: stage.kind,
    closedAt: stage.kind === 'open' ? null : current?.status === stage.kind && current.closedAt ? current.closedAt : now,
    lostReason: stage.kind === 'lost' ? lostReason?.trim() || current?.lostReason || null : null,
  };
}

export const dealSpec = {
  table: deals,
  prefix: 'dea',
  label: 'Deal',
  tag: 'Deals',
  schemas: { dto: DealSchema, create: CreateDeal, update: UpdateDeal, list: ListDeals },
  search: {
    kind: 'deal',
    slot: 3,
    label: 'new.title',
    name: 'new.title',
    extra: [
      companyNameOf('company_id'),
      "(SELECT p.first_name || ' ' || p.last_name FROM contacts p WHERE p.tenant_id = new.tenant_id AND p.id = new.contact_id)",
    ],
  },
  timeline: { link: 'deal_id' },
  sorts: {
    createdAt: deals.createdAt,
    updatedAt: deals.updatedAt,
    title: deals.title,
    value: deals.valueCents,
    expectedCloseDate: deals.expectedCloseDate,
  },
  toDto: async (row, scope) => toDealDto(row, (await scope.find(pipelineStages, row.stageId))?.probability),
  // A page of deals reads its stages' probabilities in one query.
  toDtos: async (rows, scope) => {
    const stageIds = [...new Set(rows.map((r) => r.stageId))];
    const probability = new Map(
      stageIds.length === 0
        ? []
        : (
            await scope.query
              .select({ id: pipelineStages.id, probability: pipelineStages.probability })
              .from(pipelineStages)
              .where(scope.where(pipelineStages, inArray(pipelineStages.id, stageIds)))
              .all()
          ).map((s) => [s.id, s.probability]),
    );
    return rows.map((row) => toDealDto(row, probability.get(row.stageId)));
  },
  filters: (_ctx, f) => [
    f.pipelineId ? eq(deals.pipelineId, f.pipelineId) : undefined,
    f.stageId ? eq(deals.stageId, f.stageId) : undefined,
    f.status && f.status !== 'all' ? eq(deals.status, f.status) : undefined,
    f.companyId ? eq(deals.companyId, f.companyId) : undefined,
    f.contactId ? eq(deals.contactId, f.contactId) : undefined,
    // Calendar dates as YYYY-MM-DD text: compared as text, in date order on both engines.
    f.closeFrom ? gte(deals.expectedCloseDate, f.closeFrom) : undefined,
    f.closeTo ? lte(deals.expectedCloseDate, f.closeTo) : undefined,
  ],
  toInsert: (ctx, scope, input) => insertValues(ctx, scope, input),
  toPatch: async (ctx, scope, input, existing) => {
    await assertRefs(scope, [
      { id: input.companyId, table: companies, label: 'Company' },
      { id: input.contactId, table: contacts, label: 'Contact' },
      { id: input.ownerId, table: users, label: 'Owner' },
    ]);
    const { value, pipelineId, stageId, lostReason, ...rest } = input;
    const patch: Record<string, unknown> = { ...rest };
    if (value !== undefined) patch.valueCents = toCents(value);
    if (lostReason !== undefined) patch.lostReason = lostReason;
    const targetPipeline = pipelineId ?? existing.pipelineId;
    if (pipelineId && pipelineId !== existing.pipelineId) {
      await getPipelineRow(scope, pipelineId);
      patch.pipelineId = pipelineId;
      if (!stageId) throw validationFailed([{ path: 'stageId', message: 'Give the stage in the new pipeline.' }]);
    }
    if (stageId)
      Object.assign(patch, stageEffects(await stageInPipeline(scope, targetPipeline, stageId), lostReason, ctx.deps.clock.now(), existing));
    return patch;
  },
  bulk: true,
  referencedBy: [
    { table: activities, column: activities.dealId },
    { table: tasks, column: tasks.dealId },
  ],
  transfer: {
    exportNames: [
      { column: 'pipeline', from: 'stageId', lookup: 'pipelineName' },
      { column: 'stage', from: 'stageId', lookup: 'stageName' },
      { column: 'company', from: 'companyId', lookup: 'companyName' },
      { column: 'contact', from: 'contactId', lookup: 'contactEmail' },
      { column: 'owner', from: 'ownerId', lookup: 'userEmail' },
    ],
    import: {
      fields: [
        importField('title', ['deal', 'deal name', 'name', 'opportunity']),
        importField('value', ['amount', 'deal value', 'worth'], 'number'),
        importField('currency', ['currency code']),
        importField('pipelineId'),
        resolvedField('pipeline', ['pipeline name'], 'a pipeline name; default: the default pipeline'),
        importField('stageId'),
        resolvedField('stage', ['stage name', 'deal stage'], "a stage name in the deal's pipeline; default: its first stage"),
        importField('companyId'),
        resolvedField(
          'company',
          ['company name', 'organization', 'organisation', 'account'],
          'a company name: found (case-insensitively) or created',
        ),
        importField('contactId'),
        resolvedField('contact', ['contact email', 'contact e-mail'], "an existing contact's email"),
        importField('expectedCloseDate', ['close date', 'expected close', 'closing date'], 'text', 'YYYY-MM-DD'),
        importField('probability', ['chance', 'win probability'], 'integer', '0 to 100'),
        importField('lostReason', ['lost reason', 'reason lost']),
        importField('ownerId'),
        ownerField,
      ],
      duplicates: {
        // The same title at the same company is the same deal.
        keys: (raw, refs) => (raw.title ? [`t:${lowerCell(raw.title)}|${(refs.companyId as string | undefined) ?? ''}`] : []),
        existing: async (scope, keys) => {
          const titles = [...new Set(keysWithPrefix(keys, 't:').map((k) => k.slice(0, k.lastIndexOf('|'))))];
          if (titles.length === 0) return new Map();
          const rows = await scope.query
            .select()
            .from(deals)
            .where(scope.where(deals, isNull(deals.deletedAt), inArray(sql`lower(${deals.title})`, titles)))
            .all();
          return byKeys(rows, (r) => [`t:${r.title.toLowerCase()}|${r.companyId ?? ''}`]);
        },
      },
    },
    // A lost deal's reason is checked against its stage here, not by the create schema.
    uncheckedOnRestore: ['lostReason'],
    restore: (records, remap) =>
      records.map((r, i) => {
        const pipelineId = remap.ref('pipelines', r.pipelineId as string);
        const stageId = remap.ref('stages', r.stageId as string);
        if (!pipelineId || !stageId)
          throw validationFailed([
            { path: `deals.${i}.stageId`, message: 'The deal names a pipeline or stage that is not in the document.' },
          ]);
        return {
          title: r.title,
          valueCents: centsOrNull(r.value) ?? 0,
          currency: r.currency,
          pipelineId,
          stageId,
          companyId: remap.ref('companies', r.companyId as string | null),
          contactId: remap.ref('contacts', r.contactId as string | null),
          ownerId: remap.user(r.ownerId as string | null),
          expectedCloseDate: r.expectedCloseDate,
          probability: r.probability,
          status: r.status,
          closedAt: dateOrNull(r.closedAt),
          lostReason: r.lostReason,
          deletedAt: dateOrNull(r.deletedAt),
        };
      }),
  },
} satisfies RecordSpec<typeof deals, DealDto, CreateDealInput, Partial<CreateDealInput>, DealFilters>;

export async function insertValues(ctx: RequestContext, scope: TenantScope, input: CreateDealInput) {
  await assertRefs(scope, [
    { id: input.companyId, table: companies, label: 'Company' },
    { id: input.contactId, table: contacts, label: 'Contact' },
    { id: input.ownerId, table: users, label: 'Owner' },
  ]);
  const pipeline = input.pipelineId ? await getPipelineRow(scope, input.pipelineId) : await defaultPipeline(scope);
  if (!pipeline) throw validationFailed([{ path: 'pipelineId', message: 'There is no pipeline yet. Create one first.' }]);
  const stage = input.stageId ? await stageInPipeline(scope, pipeline.id, input.stageId) : (await stagesOf(scope, pipeline.id))[0]!;
  const currency = input.currency ?? (await findTenantById(scope.query, scope.tenantId))?.settings.currency ?? 'USD';
  return {
    title: input.title,
    valueCents: toCents(input.value ?? 0)!,
    currency,
    pipelineId: pipeline.id,
    companyId: input.companyId ?? null,
    contactId: input.contactId ?? null,
    ownerId: input.ownerId === undefined ? (ctx.auth.user?.id ?? null) : input.ownerId,
    expectedCloseDate: input.expectedCloseDate ?? null,
    probability: input.probability ?? null,
    ...stageEffects(stage, input.lostReason, ctx.deps.clock.now()),
  };
}
