import { eq, isNull, sql } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import { insertMany } from '../../data/bulk';
import type { TenantScope } from '../../data/tenant-scope';
import { users } from '../../db/schema';
import { companies, contacts, pipelines, pipelineStages } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import { AppError } from '../../../platform/errors';
import { fieldIssues } from '../../../platform/validation';
import type { AnyRecordSpec } from '../crm/record-kit';
import { RECORD_TYPES } from '../crm/record-types';
import type { DuplicateMatch } from '../crm/record-transfer';
import { csvLine, type CsvRecord } from './csv';
import { importOf, type ColumnPlan, type ImportEntity } from './import-columns';

export type ImportMode = 'dry-run' | 'skip-invalid' | 'all-or-nothing';
export type DuplicatePolicy = 'skip' | 'update' | 'create';

export interface RowError {
  line: number;
  field?: string;
  message: string;
}

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  duplicates: number;
  invalid: number;
  /** Companies created because a contact or deal named one that did not exist. */
  companiesCreated: number;
}

/** Thrown for one row: it is reported and the import moves on. */
class RowProblem extends Error {
  constructor(readonly issues: { field?: string; message: string }[]) {
    super(issues[0]?.message ?? 'invalid row');
  }
}

type Raw = Record<string, string>;
type Input = Record<string, unknown>;
/** A record ready to write, or the problem that keeps it out. */
type Prepared = { record: CsvRecord; raw: Raw; input: Input; keys: string[] } | { record: CsvRecord; problem: RowProblem };

/** A cell exported by us with a defused formula ('=…) comes back as it was. */
const unDefuse = (s: string) => (s.length > 1 && s[0] === "'" && /^[=+\-@\t\r]/.test(s.slice(1)) ? s.slice(1) : s);

const MAX_REJECTED_CHARS = 5 * 1024 * 1024;

/**
 * Imports rows of one record type, a batch at a time, inside whatever
 * transaction the caller opened. It keeps what must outlive a batch: the
 * counts, the first errors, the rejected rows as CSV, the keys of records
 * this file already created (a file that names the same email twice has a
 * duplicate), and lookups of users, companies and pipelines by name.
 */
export class RowImporter {
  readonly counts: ImportCounts = { rows: 0, created: 0, updated: 0, skipped: 0, duplicates: 0, invalid: 0, companiesCreated: 0 };
  readonly errors: RowError[] = [];
  private rejected = '';
  rejectedTruncated = false;
  errorsTruncated = false;
  private readonly spec: AnyRecordSpec;
  private readonly duplicateMatch: DuplicateMatch;
  /** Fields the importer resolves itself (names and emails to ids); the rest go to the record's create schema as they are. */
  private readonly resolved: Set<string>;
  private readonly fieldKinds: Map<string, string>;
  private readonly fileKeys = new Map<string, { id?: string }>();
  private usersByEmail: Map<string, string> | undefined;
  private readonly companyIds = new Map<string, string | null>();
  private pipelineCache: { id: string; name: string; isDefault: boolean; stages: { id: string; name: string }[] }[] | undefined;

  constructor(
    private readonly ctx: RequestContext,
    private readonly entity: ImportEntity,
    private readonly header: string[],
    private readonly plan: ColumnPlan,
    private readonly duplicates: DuplicatePolicy,
    private readonly maxErrors: number,
  ) {
    this.spec = RECORD_TYPES[entity] as AnyRecordSpec;
    const { fields, duplicates: duplicateMatch } = importOf(entity);
    this.duplicateMatch = duplicateMatch;
    this.resolved = new Set(fields.filter((field) => field.resolved).map((field) => field.name));
    this.fieldKinds = new Map(fields.map((field) => [field.name, field.kind]));
    this.rejected = csvLine([...header, 'error']);
  }

  get rejectedCsv(): string {
    return this.rejected;
  }

  /** Processes one batch of records in the caller's transaction. */
  async run(scope: TenantScope, records: CsvRecord[]): Promise<void> {
    const prepared: Prepared[] = [];
    for (const record of records) prepared.push(await this.prepare(scope, record));
    const keys = prepared.flatMap((p) => ('keys' in p ? p.keys : []));
    const existing =
      keys.length > 0 && this.duplicates !== 'create'
        ? await this.duplicateMatch.existing(scope, keys)
        : new Map<string, Record<string, unknown>>();
    const pending: { values: Record<string, unknown>; holder: { id?: string } }[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const ids = await insertMany(scope, this.spec.table, this.spec.prefix, pending.map((p) => p.values) as never);
      pending.forEach((p, i) => (p.holder.id = ids[i]));
      pending.length = 0;
    };
    for (const p of prepared) {
      this.counts.rows += 1;
      if ('problem' in p) {
        this.reject(p.record, p.problem.issues);
        continue;
      }
      try {
        const match = this.duplicates === 'create' ? undefined : this.findMatch(p.keys, existing);
        if (match) this.counts.duplicates += 1;
        if (match && this.duplicates === 'skip') {
          this.validate(this.spec.schemas.create, p.input, p.raw);
          this.counts.skipped += 1;
          continue;
        }
        if (match) {
          const input = this.validate(this.spec.schemas.update, p.input, p.raw);
          if (match.id === undefined) await flush();
          const id = String(match.id);
          const current = (await scope.get(this.spec.table, id, this.spec.label)) as Record<string, unknown>;
          const refs = await this.resolveForWrite(scope, p.raw);
          const patch = { ...((await this.spec.toPatch(this.ctx, scope, input, current as never)) as Record<string, unknown>), ...refs };
          await scope.update(this.spec.table, id, this.spec.label, patch as never, 'import');
          this.counts.updated += 1;
          continue;
        }
        const input = this.validate(this.spec.schemas.create, p.input, p.raw);
        const refs = await this.resolveForWrite(scope, p.raw);
        const values = { ...((await this.spec.toInsert(this.ctx, scope, input)) as Record<string, unknown>), ...refs };
        const holder: { id?: string } = {};
        for (const k of p.keys) if (!this.fileKeys.has(k)) this.fileKeys.set(k, holder);
        pending.push({ values, holder });
        this.counts.created += 1;
      } catch (err) {
        if (err instanceof RowProblem) this.reject(p.record, err.issues);
        else if (err instanceof AppError && err.status < 500) this.reject(p.record, issuesOf(err));
        else throw err;
      }
    }
    await flush();
  }

  private findMatch(keys: string[], existing: Map<string, Record<string, unknown>>): { id?: unknown } | undefined {
    for (const k of keys) {
      const inFile = this.fileKeys.get(k);
      if (inFile) return inFile;
      const row = existing.get(k);
      if (row) return row;
    }
    return undefined;
  }

  /** Cells to named values, types converted, names and emails looked up: everything but writing. */
  private async prepare(scope: TenantScope, record: CsvRecord): Promise<Prepared> {
    try {
      const { cells } = record;
      if (cells.length > this.header.length && cells.slice(this.header.length).some((c) => c.trim() !== ''))
        throw new RowProblem([{ message: `The row has ${cells.length} cells but the header has ${this.header.length} columns.` }]);
      const raw: Raw = {};
      this.plan.fields.forEach((field, i) => {
        const cell = unDefuse((cells[i] ?? '').trim());
        if (field && cell !== '') raw[field] = cell;
      });
      // A name column wins over an id column: an export from another organisation carries ids that mean nothing here.
      for (const name of this.resolved) if (raw[name]) delete raw[`${name}Id`];
      const input: Input = {};
      const issues: { field?: string; message: string }[] = [];
      for (const [field, value] of Object.entries(raw)) {
        if (this.resolved.has(field)) continue;
        const kind = this.fieldKinds.get(field);
        if (kind === 'number' || kind === 'integer') {
          const n = /^-?\d+(\.\d+)?$/.test(value.replace(/[\s,]/g, '')) ? Number(value.replace(/[\s,]/g, '')) : Number.NaN;
          if (Number.isNaN(n)) issues.push({ field, message: 'Not a number.' });
          else input[field] = n;
        } else if (this.entity === 'leads' && (field === 'source' || field === 'stage')) {
          input[field] = value.toLowerCase().replace(/[\s-]+/g, '_');
        } else input[field] = value;
      }
      if (raw.fullName && !raw.firstName && !raw.lastName) Object.assign(input, splitName(raw.fullName));
      if (issues.length > 0) throw new RowProblem(issues);
      const refs = await this.lookups(scope, raw);
      Object.assign(input, refs);
      return { record, raw, input, keys: this.duplicateMatch.keys(raw, refs) };
    } catch (err) {
      if (err instanceof RowProblem) return { record, problem: err };
      throw err;
    }
  }

  /** Name and email references that must exist already (owner, contact, pipeline, stage; a company when only looked up). */
  private async lookups(scope: TenantScope, raw: Raw): Promise<Input> {
    const out: Input = {};
    if (raw.owner) {
      const id = (await this.users(scope)).get(raw.owner.toLowerCase());
      if (!id) throw new RowProblem([{ field: 'owner', message: `No active user ${raw.owner} in this organisation.` }]);
      out.ownerId = id;
    }
    if (this.entity === 'deals') {
      if (raw.contact) {
        const row = await scope.query
          .select({ id: contacts.id })
          .from(contacts)
          .where(scope.where(contacts, isNull(contacts.deletedAt), eq(contacts.email, raw.contact.toLowerCase())))
          .get();
        if (!row) throw new RowProblem([{ field: 'contact', message: `No contact with the email ${raw.contact}.` }]);
        out.contactId = row.id;
      }
      if (raw.pipeline || raw.stage) {
        const all = await this.pipelines(scope);
        const pipeline = raw.pipeline
          ? all.find((p) => p.name.toLowerCase() === raw.pipeline!.toLowerCase())
          : all.find((p) => p.isDefault);
        if (!pipeline)
          throw new RowProblem([
            { field: 'pipeline', message: raw.pipeline ? `No pipeline named ${raw.pipeline}.` : 'There is no default pipeline.' },
          ]);
        out.pipelineId = pipeline.id;
        if (raw.stage) {
          const stage = pipeline.stages.find((s) => s.name.toLowerCase() === raw.stage!.toLowerCase());
          if (!stage)
            throw new RowProblem([
              {
                field: 'stage',
                message: `No stage named ${raw.stage} in ${pipeline.name}: ${pipeline.stages.map((s) => s.name).join(', ')}.`,
              },
            ]);
          out.stageId = stage.id;
        }
      }
      // A deal's company only matters for its duplicate key here; it is created, if need be, when the deal is written.
      if (raw.company) {
        const id = await this.findCompany(scope, raw.company);
        if (id) out.companyId = id;
      }
    }
    return out;
  }

  /** References resolved at write time: the company named by a contact or deal, found or created. */
  private async resolveForWrite(scope: TenantScope, raw: Raw): Promise<Input> {
    if ((this.entity !== 'contacts' && this.entity !== 'deals') || !raw.company) return {};
    let id = await this.findCompany(scope, raw.company);
    if (!id) {
      const name = raw.company.trim();
      const company = RECORD_TYPES.companies;
      const parsed = company.schemas.create.safeParse({ name });
      if (!parsed.success) throw new RowProblem(fieldIssues(parsed.error).map((i) => ({ field: 'company', message: i.message })));
      id = (await scope.insert(companies, company.prefix, await company.toInsert(this.ctx, scope, parsed.data))).id;
      this.companyIds.set(name.toLowerCase(), id);
      this.counts.companiesCreated += 1;
    }
    return { companyId: id };
  }

  private async findCompany(scope: TenantScope, name: string): Promise<string | null> {
    const key = name.trim().toLowerCase();
    if (this.companyIds.has(key)) return this.companyIds.get(key) ?? null;
    const row = await scope.query
      .select({ id: companies.id })
      .from(companies)
      .where(scope.where(companies, isNull(companies.deletedAt), sql`lower(${companies.name}) = ${key}`))
      .orderBy(companies.id)
      .get();
    // Only hits are remembered: a miss may be created by a later row.
    if (row) this.companyIds.set(key, row.id);
    return row?.id ?? null;
  }

  private async users(scope: TenantScope): Promise<Map<string, string>> {
    this.usersByEmail ??= new Map(
      (
        await scope.query
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(scope.where(users, eq(users.active, true)))
          .all()
      ).map((u) => [u.email.toLowerCase(), u.id]),
    );
    return this.usersByEmail;
  }

  private async pipelines(scope: TenantScope) {
    if (!this.pipelineCache) {
      const rows = await scope.query
        .select()
        .from(pipelines)
        .where(scope.where(pipelines, isNull(pipelines.deletedAt)))
        .all();
      const found: NonNullable<RowImporter['pipelineCache']> = [];
      for (const p of rows) {
        const stages = await scope.query
          .select()
          .from(pipelineStages)
          .where(scope.where(pipelineStages, eq(pipelineStages.pipelineId, p.id)))
          .orderBy(pipelineStages.position)
          .all();
        found.push({ id: p.id, name: p.name, isDefault: p.isDefault, stages });
      }
      this.pipelineCache = found;
    }
    return this.pipelineCache;
  }

  private validate(schema: z.ZodType, input: Input, raw: Raw): Input {
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data as Input;
    throw new RowProblem(
      fieldIssues(parsed.error).map((issue) => {
        const field = issue.path === '(body)' ? undefined : issue.path;
        // A field the importer filled from a name column is reported under that column.
        const shown = field === 'firstName' || field === 'lastName' ? (raw.fullName && !raw[field] ? 'fullName' : field) : field;
        return { ...(shown ? { field: shown } : {}), message: issue.message };
      }),
    );
  }

  private reject(record: CsvRecord, issues: { field?: string; message: string }[]): void {
    this.counts.invalid += 1;
    for (const issue of issues) {
      if (this.errors.length < this.maxErrors) this.errors.push({ line: record.line, ...issue });
      else this.errorsTruncated = true;
    }
    if (this.rejectedTruncated) return;
    const line = csvLine([...record.cells, issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ')]);
    if (this.rejected.length + line.length > MAX_REJECTED_CHARS) this.rejectedTruncated = true;
    else this.rejected += line;
  }
}

function issuesOf(err: AppError): { field?: string; message: string }[] {
  const fields = (err.details as { fields?: { path: string; message: string }[] } | undefined)?.fields;
  if (fields?.length) return fields.map((f) => ({ field: f.path, message: f.message }));
  return [{ message: err.message }];
}

function splitName(full: string): { firstName: string; lastName: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { firstName: parts[0] ?? '', lastName: '-' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}
