import type Database from 'better-sqlite3';

/*
 * Full-text search stays fast on an instance with a thousand tenants because
 * every indexed word carries its tenant: "garcia" in tenant X is stored as
 * "<key of X>garcia". A prefix query for "<key>gar" then reads only that
 * tenant's entries, instead of every tenant's "gar…" words. (The tenant
 * column is still matched too, so a key collision can never leak a row.)
 */

const KEY_LENGTH = 7;

/** A short, letter-led key from the random tail of a tenant id. */
export function tenantSearchKey(tenantId: string): string {
  return `k${tenantId.slice(-(KEY_LENGTH - 1)).toLowerCase()}`;
}

/** Lower case, accents removed, split on anything that is not a letter or digit. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function searchText(tenantId: string, text: string | null): string {
  if (!text) return '';
  const key = tenantSearchKey(tenantId);
  return searchWords(text)
    .map((w) => key + w)
    .join(' ');
}

/** FTS5 prefix indexes for 2, 3 and 4 characters typed after the key. */
export const SEARCH_PREFIXES = [KEY_LENGTH + 2, KEY_LENGTH + 3, KEY_LENGTH + 4];

/**
 * The SQL functions the search-index triggers call. Every connection that
 * writes CRM records registers it (openDatabase does): a tool that writes
 * without it gets "no such function: crm_search_text" rather than a stale index.
 */
/**
 * A phone number as typed, then its digits alone, their last ten and last seven: "+44 20 7946
 * 0123" is found by "2079460123" and by "9460123" too (what the search-index triggers index).
 */
export function phoneForms(phone: string | null): string {
  if (!phone) return '';
  const digits = phone.replace(/[ \-()+./]/g, '');
  return `${phone} ${digits} ${digits.slice(-10)} ${digits.slice(-7)}`;
}

export function registerSearchFunctions(sqlite: Database.Database): void {
  sqlite.function('crm_phone_forms', { deterministic: true }, (phone: unknown) =>
    phoneForms(typeof phone === 'string' ? phone : phone == null ? null : String(phone)),
  );
  sqlite.function('crm_search_text', { deterministic: true }, (tenantId: unknown, text: unknown) =>
    searchText(String(tenantId), typeof text === 'string' ? text : text == null ? null : String(text)),
  );
}
