import { closeSync, createWriteStream, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { RequestContext } from '../../lib/context';
import { AppError, validationFailed } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { CsvError, CsvParser, type CsvRecord } from './csv';
import { planColumns, type ImportEntity } from './import-columns';
import { RowImporter, type DuplicatePolicy, type ImportCounts, type ImportMode, type RowError } from './row-importer';

export interface CsvImportOptions {
  entity: ImportEntity;
  mode: ImportMode;
  duplicates: DuplicatePolicy;
  mapping: Record<string, string>;
  maxErrors: number;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
}

export interface CsvImportReport {
  entity: ImportEntity;
  mode: ImportMode;
  duplicatesPolicy: DuplicatePolicy;
  /** True when the rows counted as created and updated are in the database. */
  committed: boolean;
  counts: ImportCounts;
  columns: { mapped: Record<string, string>; ignored: string[] };
  errors: RowError[];
  errorsTruncated: boolean;
  /** The rejected rows with the header and an `error` column; absent when no row was rejected. */
  rejectedCsv?: string;
  rejectedTruncated?: boolean;
  durationMs: number;
}

/** Rows written per transaction when rows commit as they arrive (skip-invalid). */
export const BATCH_ROWS = 2000;
const READ_CHUNK = 1024 * 1024;

class Rollback extends Error {}

export const tooLarge = (max: number, details?: Record<string, unknown>) =>
  new AppError(413, 'PAYLOAD_TOO_LARGE', `The file is larger than ${max} bytes. Split it into smaller files.`, details);

/**
 * Imports a CSV of one record type from a request body, never holding the
 * whole file in memory.
 *
 * skip-invalid reads the body as it arrives and commits every BATCH_ROWS
 * rows in their own transaction. dry-run and all-or-nothing need one
 * transaction over the whole file (rolled back for a dry run, or when any
 * row is bad), and a transaction must not wait on the network (every other
 * writer would wait behind it), so they first spool the body to a temporary
 * file, then read that file synchronously inside the transaction.
 */
export async function importCsv(
  ctx: RequestContext,
  body: ReadableStream<Uint8Array> | null,
  options: CsvImportOptions,
): Promise<CsvImportReport> {
  const started = performance.now();
  if (!body) throw validationFailed([{ path: '(body)', message: 'Send the CSV file as the request body.' }]);
  const run = new ImportRun(ctx, options);
  let committed: boolean;
  if (options.mode === 'skip-invalid') {
    const resumeCheckpoints = ctx.deps.database?.deferCheckpoints() ?? (() => {});
    try {
      await run.streamed(body);
    } finally {
      resumeCheckpoints();
    }
    committed = true;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'trasealla-import-'));
    try {
      const file = join(dir, 'upload.csv');
      await spool(body, file, options.maxBytes);
      committed = await run.atomic(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const report = run.report(committed, Math.round(performance.now() - started));
  if (committed && (report.counts.created > 0 || report.counts.updated > 0))
    await ctx.scope.audit('import', options.entity, newId('imp'), {
      mode: options.mode,
      duplicates: options.duplicates,
      counts: report.counts,
    });
  if (options.mode === 'all-or-nothing' && !committed) {
    throw new AppError(
      422,
      'VALIDATION_FAILED',
      `${report.counts.invalid} of ${report.counts.rows} rows are not valid, so nothing was imported. Fix them and send the file again.`,
      report,
    );
  }
  return report;
}

async function spool(body: ReadableStream<Uint8Array>, file: string, maxBytes: number): Promise<void> {
  const out = createWriteStream(file, { mode: 0o600 });
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

class ImportRun {
  private readonly parser = new CsvParser();
  private importer: RowImporter | undefined;
  private mapped: Record<string, string> = {};
  private ignored: string[] = [];

  constructor(
    private readonly ctx: RequestContext,
    private readonly options: CsvImportOptions,
  ) {}

  /** skip-invalid: parse as the body arrives, commit a batch at a time. */
  async streamed(body: ReadableStream<Uint8Array>): Promise<void> {
    let size = 0;
    let batch: CsvRecord[] = [];
    const commit = async () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      await this.ctx.scope.transaction((tx) => this.importer!.run(tx, rows));
    };
    for await (const chunk of body) {
      size += chunk.byteLength;
      // Batches already committed stay: say how far the import got.
      if (size > this.options.maxBytes)
        throw tooLarge(this.options.maxBytes, this.importer ? { committedBeforeTheError: this.importer.counts } : undefined);
      for (const record of this.parse(() => this.parser.push(chunk))) {
        batch.push(record);
        if (batch.length >= BATCH_ROWS) await commit();
      }
    }
    for (const record of this.parse(() => this.parser.end())) batch.push(record);
    this.requireHeader();
    await commit();
  }

  /** dry-run and all-or-nothing: the whole file in one transaction; false when it was rolled back. */
  async atomic(file: string): Promise<boolean> {
    const fd = openSync(file, 'r');
    try {
      await this.ctx.scope.transaction(async (tx) => {
        const buffer = Buffer.alloc(READ_CHUNK);
        let batch: CsvRecord[] = [];
        for (;;) {
          const n = readSync(fd, buffer, 0, READ_CHUNK, null);
          const records = n === 0 ? this.parse(() => this.parser.end()) : this.parse(() => this.parser.push(buffer.subarray(0, n)));
          for (const record of records) {
            batch.push(record);
            if (batch.length >= BATCH_ROWS) {
              await this.importer!.run(tx, batch);
              batch = [];
            }
          }
          if (n === 0) break;
        }
        this.requireHeader();
        if (batch.length > 0) await this.importer!.run(tx, batch);
        if (this.options.mode === 'dry-run' || this.importer!.counts.invalid > 0) throw new Rollback();
      });
      return true;
    } catch (err) {
      if (err instanceof Rollback) return false;
      throw err;
    } finally {
      closeSync(fd);
    }
  }

  /** Records after the header; the header row itself sets up the importer. */
  private parse(read: () => CsvRecord[]): CsvRecord[] {
    let records: CsvRecord[];
    try {
      records = read();
    } catch (err) {
      if (err instanceof CsvError)
        throw new AppError(400, 'VALIDATION_FAILED', `The file is not valid CSV at line ${err.line}: ${err.message}`, {
          fields: [{ path: '(body)', message: err.message }],
          line: err.line,
          ...(this.importer && this.options.mode === 'skip-invalid' ? { committedBeforeTheError: this.importer.counts } : {}),
        });
      throw err;
    }
    if (!this.importer && records.length > 0) {
      const header = records.shift()!;
      this.start(header.cells.map((h) => h.trim()));
    }
    return records;
  }

  private start(header: string[]): void {
    const plan = planColumns(this.options.entity, header, this.options.mapping);
    header.forEach((h, i) => {
      const field = plan.fields[i];
      if (field) this.mapped[h] = field;
    });
    this.ignored = plan.ignored;
    this.importer = new RowImporter(this.ctx, this.options.entity, header, plan, this.options.duplicates, this.options.maxErrors);
  }

  private requireHeader(): void {
    if (!this.importer)
      throw validationFailed([{ path: '(body)', message: 'The file is empty: it needs a header row naming its columns.' }]);
  }

  report(committed: boolean, durationMs: number): CsvImportReport {
    const importer = this.importer!;
    return {
      entity: this.options.entity,
      mode: this.options.mode,
      duplicatesPolicy: this.options.duplicates,
      committed,
      counts: importer.counts,
      columns: { mapped: this.mapped, ignored: this.ignored },
      errors: importer.errors,
      errorsTruncated: importer.errorsTruncated,
      ...(importer.counts.invalid > 0 ? { rejectedCsv: importer.rejectedCsv, rejectedTruncated: importer.rejectedTruncated } : {}),
      durationMs,
    };
  }
}
