import { AsyncLocalStorage } from 'node:async_hooks';
import * as drizzle from 'drizzle-orm';
import { is, Param, Placeholder, type Query, type SQL } from 'drizzle-orm';
import { BaseSQLiteDatabase, SQLitePreparedQuery, SQLiteSession, type SQLiteAsyncDialect, type SQLiteExecuteMethod } from 'drizzle-orm/sqlite-core';
import type { Executor, Owner, Printed, Store } from './store';

/*
 * The data layer services see: drizzle's SQLite query builders, asynchronous, on either engine.
 * A statement runs inside the unit of work its caller is in (AsyncLocalStorage carries it across
 * awaits), so code inside a transaction never needs to be handed the transaction: whatever it
 * calls writes into it, sees its uncommitted rows, and cannot wait on it. Outside a unit, a read
 * runs on its own (SQLite's reader connection, a pooled PostgreSQL connection) and a write in a
 * transaction of its own.
 */

/** drizzle over the data layer, for one owner: what services and the instance helpers query with. */
export type Database = BaseSQLiteDatabase<'async', number>;

interface Unit {
  layer: DataLayer;
  owner: Owner;
  db: Executor;
  writable: boolean;
}

const units = new AsyncLocalStorage<Unit>();

const sameOwner = (a: Owner, b: Owner) => (a === 'instance' ? b === 'instance' : b !== 'instance' && a.tenantId === b.tenantId);

/** Statements that only read, by their first word; anything else takes the writer. */
const READS = /^\s*(select|with|pragma)\b/i;

export class DataLayer {
  private readonly byOwner = new Map<string, Database>();

  constructor(readonly store: Store) {}

  get engine(): Store['engine'] {
    return this.store.engine;
  }

  /** Runs `work` in one read-write transaction; inside one already, it is part of it. */
  transaction<T>(owner: Owner, work: () => Promise<T>): Promise<T> {
    const active = this.active(owner);
    if (active) {
      if (!active.writable) throw new Error('A write was asked for inside a read-only unit of work.');
      return work();
    }
    return this.store.transaction(owner, (db) => units.run({ layer: this, owner, db, writable: true }, work));
  }

  /** Runs `work` on one consistent read view (PostgreSQL: one READ ONLY transaction); inside a unit, in it. */
  read<T>(owner: Owner, work: () => Promise<T>): Promise<T> {
    if (this.active(owner)) return work();
    return this.store.read(owner, (db) => units.run({ layer: this, owner, db, writable: false }, work));
  }

  /** Runs `work` outside the caller's unit of work (background writes a request only set off). */
  detached<T>(work: () => Promise<T>): Promise<T> {
    return units.exit(work);
  }

  /** Whether the caller is inside a unit of work of this layer. */
  inUnit(): boolean {
    return units.getStore()?.layer === this;
  }

  /** The drizzle database whose statements act for `owner`. */
  db(owner: Owner): Database {
    const key = owner === 'instance' ? '' : owner.tenantId;
    let db = this.byOwner.get(key);
    if (!db) {
      const session = new LayerSession(this.store.dialect, this, owner);
      db = new BaseSQLiteDatabase('async', this.store.dialect, session as never, undefined) as Database;
      // A few hundred tenants are active at a time; the rest are made again when needed.
      if (this.byOwner.size >= 1_000) this.byOwner.delete(this.byOwner.keys().next().value!);
      this.byOwner.set(key, db);
    }
    return db;
  }

  /** Runs one printed statement for `owner`: in the caller's unit, or in one of its own. */
  async statement<T>(owner: Owner, printed: Printed, run: (db: Executor) => Promise<T>): Promise<T> {
    const active = this.active(owner);
    if (active) return run(active.db);
    return this.store.alone(owner, !READS.test(printed.sql), run);
  }

  /** A statement spelled once for this engine, its values left as placeholders: run it with values(). */
  spell(query: SQL): Printed {
    return this.store.dialect.sqlToQuery(query);
  }

  /** Rows of a spelled statement as arrays of values, the placeholders filled in. */
  values(owner: Owner, spelled: Printed, placeholders: Record<string, unknown>): Promise<unknown[][]> {
    const printed = { sql: spelled.sql, params: filled(spelled.params, placeholders, encoderOf(this.store.dialect)) };
    return this.statement(owner, printed, (db) => db.query(printed, 'arrays')) as Promise<unknown[][]>;
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /**
   * The caller's unit of work on this layer. The instance's unit may act for any tenant (it sees
   * every row); a tenant's unit only for itself: anything else is a bug that would, on PostgreSQL,
   * see nothing, so it fails loudly here.
   */
  private active(owner: Owner): Unit | undefined {
    const unit = units.getStore();
    if (!unit || unit.layer !== this) return undefined;
    if (unit.owner !== 'instance' && !sameOwner(unit.owner, owner))
      throw new Error(`A statement for ${owner === 'instance' ? 'the instance' : owner.tenantId} ran inside ${unit.owner.tenantId}'s unit of work.`);
    return unit;
  }
}

/** A selection's columns with their paths in the result, as drizzle's builders hand them to a session. */
type Fields = { path: string[]; field: unknown }[];
/** drizzle's own row mapper (its session classes use it; it is exported but left out of the type declarations). */
const mapResultRow = (drizzle as unknown as { mapResultRow(fields: Fields, row: unknown[], joins: unknown): unknown }).mapResultRow;

/** Values for the statement's placeholders, encoded as the engine's dialect encodes a value. */
function filled(params: unknown[], values: Record<string, unknown> | undefined, encode: (param: Param, value: unknown) => unknown): unknown[] {
  return params.map((p) => {
    if (is(p, Placeholder)) return values?.[p.name];
    if (is(p, Param) && is(p.value, Placeholder)) return encode(p, values?.[p.value.name]);
    return p;
  });
}

class LayerSession extends SQLiteSession<'async', number, Record<string, never>, Record<string, never>> {
  constructor(
    dialect: SQLiteAsyncDialect,
    private readonly layer: DataLayer,
    private readonly owner: Owner,
  ) {
    super(dialect);
  }

  prepareQuery(query: Query, fields: Fields | undefined, executeMethod: SQLiteExecuteMethod, _arrayMode: boolean, customResultMapper?: (rows: unknown[][]) => unknown) {
    return new LayerQuery(this.layer, this.owner, query, fields, executeMethod, customResultMapper) as never;
  }

  /** drizzle's own transaction method: the layer's transaction for this owner. */
  override transaction<T>(work: (tx: never) => Promise<T>): Promise<T> {
    return this.layer.transaction(this.owner, () => work(this.layer.db(this.owner) as never));
  }
}

/** Placeholder values are encoded by the dialect that printed the statement (see postgres-spelling.ts). */
export type PlaceholderEncoder = (param: Param, value: unknown) => unknown;
const encodeAsIs: PlaceholderEncoder = (param, value) => (value === null || value === undefined ? null : param.encoder.mapToDriverValue(value));

/** The dialect's own placeholder encoding, when it has one. */
function encoderOf(dialect: SQLiteAsyncDialect): PlaceholderEncoder {
  return (dialect as { encodePlaceholder?: PlaceholderEncoder }).encodePlaceholder ?? encodeAsIs;
}

type Joins = { joinsNotNullableMap: unknown };

class LayerQuery extends SQLitePreparedQuery<{ type: 'async'; run: number; all: unknown; get: unknown; values: unknown[][]; execute: unknown }> {
  private readonly encode: PlaceholderEncoder;

  constructor(
    private readonly layer: DataLayer,
    private readonly owner: Owner,
    query: Query,
    private readonly fields: Fields | undefined,
    executeMethod: SQLiteExecuteMethod,
    private readonly customResultMapper?: (rows: unknown[][]) => unknown,
  ) {
    super('async', executeMethod, query, undefined, undefined, undefined);
    this.encode = encoderOf(layer.store.dialect);
  }

  private printed(values: Record<string, unknown> | undefined): Printed {
    const { sql, params } = this.getQuery();
    return { sql, params: filled(params, values, this.encode) };
  }

  private rows(values: Record<string, unknown> | undefined, shape: 'objects' | 'arrays') {
    const printed = this.printed(values);
    return this.layer.statement(this.owner, printed, (db) => db.query(printed, shape));
  }

  async run(values?: Record<string, unknown>): Promise<number> {
    const printed = this.printed(values);
    return this.layer.statement(this.owner, printed, (db) => db.execute(printed));
  }

  async all(values?: Record<string, unknown>): Promise<unknown[]> {
    if (!this.fields && !this.customResultMapper) return this.rows(values, 'objects');
    const rows = (await this.rows(values, 'arrays')) as unknown[][];
    if (this.customResultMapper) return this.customResultMapper(rows) as unknown[];
    return rows.map((row) => mapResultRow(this.fields!, row, (this as unknown as Joins).joinsNotNullableMap));
  }

  async get(values?: Record<string, unknown>): Promise<unknown> {
    if (!this.fields && !this.customResultMapper) return (await this.rows(values, 'objects'))[0];
    const [row] = (await this.rows(values, 'arrays')) as unknown[][];
    if (!row) return undefined;
    if (this.customResultMapper) return this.customResultMapper([row]);
    return mapResultRow(this.fields!, row, (this as unknown as Joins).joinsNotNullableMap);
  }

  async values(values?: Record<string, unknown>): Promise<unknown[][]> {
    return (await this.rows(values, 'arrays')) as unknown[][];
  }

  isResponseInArrayMode(): boolean {
    return this.fields !== undefined;
  }
}
