import { searchTriggersMigration } from '../server/db/search-index-definition';
import { SEARCHED_RECORDS } from '../server/modules/crm/record-types';

/*
 * Prints the SQL a migration needs to index these record types (their triggers, and every live
 * record indexed): `npm run db:search-triggers -- <type> …`, pasted at the end of the type's
 * migration, each statement followed by `--> statement-breakpoint`.
 * test/server/search-index.test.ts fails until a migration installs them.
 */
const names = process.argv.slice(2);
const records = SEARCHED_RECORDS.filter((r) => names.includes(r.table));
const unknown = names.filter((n) => !records.some((r) => r.table === n));
if (names.length === 0 || unknown.length > 0) {
  const searched = SEARCHED_RECORDS.map((r) => r.table).join(', ');
  console.error(
    unknown.length > 0
      ? `No searched record type ${unknown.join(', ')}. Searched types: ${searched}.`
      : `Name the record types: ${searched}.`,
  );
  process.exit(2);
}
console.log(searchTriggersMigration(records).join(';\n--> statement-breakpoint\n') + ';');
