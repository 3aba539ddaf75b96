import { getTableColumns, getTableName, type Column, type Table } from 'drizzle-orm';

/** The property a table's column is declared under (`createdAt` for "created_at"). */
export function columnKey(table: Table, column: Column): string {
  const columns = getTableColumns(table) as Record<string, Column>;
  const key = Object.keys(columns).find((k) => columns[k] === column);
  if (!key) throw new Error(`${column.name} is not a column of ${getTableName(table)}`);
  return key;
}
